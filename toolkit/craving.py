"""The craving tool ("I'm craving right now"): a use starts with how strong the craving is
and what set it off, shows the client's reasons and the strategies their plan links to that
trigger, lets them message their people, and ends with how strong it is then and how it went.

Each use is kept (CravingSession) for the client's trends and the craving signal rule
(toolkit/signal_rules.py); finishing one asks for an evaluation of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from alerts.models import Alert
from alerts.services import create_alert, queue
from checkins.models import CheckIn
from circle.policy import NotVisible
from circle.services import circle_of
from crisis.detect import CrisisMatch
from crisis.models import CrisisEvent
from crisis.services import handle_text
from plans.content import PlanContent, Trigger
from plans.services import content_of, crisis_lines, people_of
from recoverycircle.deferred import deferred
from signals.plan_links import coping_for
from signals.rules import threshold
from signals.services import request_evaluation
from toolkit.models import CravingSession, Outcome, Strategy
from toolkit.services import ToolkitError, clean_text, credits, ideas_for

# Urge surfing: most urges rise, peak and fall within about 15 to 20 minutes.
SURF_MINUTES = 20
# A use left unfinished longer than this is no longer offered to finish; it stays logged.
OPEN_FOR = timedelta(hours=12)
RATING = range(0, 11)


@dataclass(frozen=True)
class Contact:
    """Someone the client can reach from the tool in one tap."""

    name: str
    detail: str
    membership_id: int | None = None  # a person on the plan: can be messaged in the app
    tel: str = ""  # a known phone number: can be called


@dataclass(frozen=True)
class PlanStrategy:
    label: str
    credit: str


@dataclass(frozen=True)
class Toolbox:
    """Everything the tool shows during a use, from the client's own plan."""

    reasons: list[str]
    triggers: list[Trigger]
    strategies: list[PlanStrategy]
    ideas: list[Strategy]
    people: list[Contact]
    phones: list[Contact]
    messaged: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Finished:
    session: CravingSession
    crisis: CrisisMatch | None


def rating(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATING:
        raise ToolkitError(_("Rate the craving from 0 (none) to 10 (the strongest)."), name)
    return value


def trigger_of(content: PlanContent, trigger_id: str) -> Trigger | None:
    if not trigger_id:
        return None
    found = next((t for t in content.triggers if t.id == trigger_id), None)
    if found is None:
        raise ToolkitError(
            _("Not a trigger in your plan: %(ids)s") % {"ids": trigger_id}, "trigger_id", 422
        )
    return found


def start(
    client: User, craving: int, trigger_id: str = "", now: datetime | None = None
) -> CravingSession:
    trigger = trigger_of(content_of(client), trigger_id)
    return CravingSession.objects.create(
        client=client,
        started_at=now or timezone.now(),
        craving_start=rating(craving, "craving_start"),
        trigger_id=trigger.id if trigger else "",
        trigger_label=trigger.label if trigger else "",
        trigger_kind=trigger.kind if trigger else "",
    )


def sessions_of(client: User) -> QuerySet[CravingSession]:
    return CravingSession.objects.filter(client=client)


def session_of(client: User, session_id: int) -> CravingSession:
    found = sessions_of(client).filter(pk=session_id).first()
    if found is None:
        raise NotVisible
    return found


def open_session(client: User, now: datetime | None = None) -> CravingSession | None:
    since = (now or timezone.now()) - OPEN_FOR
    return sessions_of(client).filter(ended_at=None, started_at__gte=since).first()


def finish(
    client: User,
    session_id: int,
    craving_end: int,
    outcome: str,
    strategy_tried: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Finished:
    session = session_of(client, session_id)
    ended = now or timezone.now()
    values = {
        "craving_end": rating(craving_end, "craving_end"),
        "outcome": clean_outcome(outcome),
        "strategy_tried": clean_text(strategy_tried, "strategy_tried", 300, required=False),
        "note": clean_text(note, "note", 500, required=False),
    }
    with transaction.atomic():
        # Conditional: a second tap of "done" (or another tab) cannot overwrite the first.
        done = sessions_of(client).filter(pk=session.pk, ended_at=None)
        if not done.update(ended_at=ended, **values):
            raise ToolkitError(_("You already finished this one."), status=409)
        request_evaluation(client, ended)
    session.refresh_from_db()
    words = "\n\n".join(part for part in (session.strategy_tried, session.note) if part)
    crisis = handle_text(client, words, CrisisEvent.Source.CRAVING_TOOL) if words else None
    return Finished(session, crisis)


def clean_outcome(outcome: str) -> str:
    if outcome not in Outcome.values:
        raise ToolkitError(_("Choose how it went."), "outcome")
    return outcome


# What the tool shows


def is_risky(checkin: CheckIn) -> bool:
    """A check-in after which the plan's strategies are worth showing at once."""
    return checkin.used or checkin.craving >= threshold("craving_high") or bool(checkin.triggers)


def suggested_after(content: PlanContent, checkin: CheckIn) -> list[str]:
    """The plan's strategies for the triggers the check-in names (matched to the plan's
    triggers by their words), or for any trigger when it names none of them."""
    met = {tag.casefold() for tag in checkin.triggers}
    ids = tuple(t.id for t in content.triggers if t.label.casefold() in met)
    return coping_for(content, () if ids else ("",), ids)


def toolbox(client: User, session: CravingSession | None = None) -> Toolbox:
    content = content_of(client)
    trigger_ids = (session.trigger_id,) if session and session.trigger_id else ()
    kinds = ("",) if not trigger_ids else ()
    shared = credits(client, content)
    labels = coping_for(content, kinds, trigger_ids)
    by_label = {c.label: c.id for c in content.coping}
    wanted = (
        (session.trigger_kind,)
        if session and session.trigger_kind
        else tuple(t.kind for t in content.triggers) or ("feeling",)
    )
    return Toolbox(
        reasons=list(content.reasons),
        triggers=list(content.triggers),
        strategies=[PlanStrategy(lbl, shared.get(by_label.get(lbl, ""), "")) for lbl in labels],
        ideas=ideas_for(client, wanted),
        people=[
            Contact(p.name, p.relationship, membership_id=p.membership_id)
            for p in people_of(client, content)
            if not p.paused
        ],
        phones=phones(content),
        messaged=set(session.contacted) if session else set(),
    )


def phones(content: PlanContent) -> list[Contact]:
    """Professional contacts with a number, then the crisis lines: all can be called."""
    found = [Contact(c.name, c.role, tel=c.tel) for c in content.professional_contacts if c.tel]
    return found + [Contact(line.name, line.phone, tel=line.tel) for line in crisis_lines(content)]


def message_person(client: User, session_id: int, membership_id: int) -> Alert | None:
    """Tells one person on the plan, in one tap, that the client would like to hear from
    them now. Says nothing of the craving itself: that is the client's to tell. Once per
    person and use (a second tap sends nothing more)."""
    session = session_of(client, session_id)
    content = content_of(client)
    if membership_id not in content.people:
        raise ToolkitError(_("This person is not on your plan."), "membership_id", status=404)
    membership = next(
        (m for m in circle_of(client) if m.pk == membership_id and m.status == m.Status.ACTIVE),
        None,
    )
    if membership is None:
        raise ToolkitError(_("This person is paused in your circle."), "membership_id", 409)
    # Written in every language (alerts.texts): the supporter reads it in theirs, even one
    # chosen after the alert was raised.
    subject = deferred(lambda: _("%(name)s would like to hear from you now") % {"name": client})
    body = gettext_lazy(
        "They chose you for moments like this. A call or a kind message helps; "
        "there is no need to ask what happened."
    )
    with transaction.atomic():
        alert = create_alert(
            client,
            Alert.Kind.REACH_OUT,
            subject,
            body=body,
            link=reverse("circle:supporting", args=[client.pk]),
            dedupe_key=f"craving:{session.pk}:{membership_id}",
        )
        if alert is not None:
            queue(alert, [membership.supporter])
            session.contacted = sorted({*session.contacted, membership_id})
            session.save(update_fields=["contacted"])
    return alert
