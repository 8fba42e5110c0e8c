"""Connectedness: when the client last connected with each person, and with anyone at all.

Contact comes from the client's own log and from what people do for each other in the app,
which counts by itself: a supporter's encouragement note, answering a reach-out, claiming a
help need, an event both went to, answering the other's invitation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import Encouragement, ReachOut
from circle.models import Membership
from contacts.models import ContactLog, NudgeState
from events.models import RSVP, Event
from helpboard.models import HelpOccurrence

# Days without any contact after which the client gets a gentle nudge.
ISOLATION_NUDGE_DAYS: int = getattr(settings, "ISOLATION_NUDGE_DAYS", 3)
MAX_DAYS_BACK = 366
# A contact "now" from a phone whose clock runs a little fast is still now.
CLOCK_SLACK = timedelta(minutes=5)


class ContactError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class ContactDraft:
    channel: str
    membership_id: int | None = None
    name: str = ""
    note: str = ""
    at: datetime | None = None


def log_contact(client: User, draft: ContactDraft, now: datetime | None = None) -> ContactLog:
    now = now or timezone.now()
    if draft.channel not in ContactLog.Channel.values:
        raise ContactError(_("Choose how you were in touch."), "channel")
    membership = None
    if draft.membership_id is not None:
        membership = (
            Membership.objects.filter(pk=draft.membership_id, client=client)
            .exclude(status=Membership.Status.ENDED)
            .select_related("supporter")
            .first()
        )
        if membership is None:
            raise ContactError(_("Choose someone from your circle."), "membership")
        name = str(membership.supporter)[:80]
    else:
        name = " ".join(draft.name.split())
        if not name:
            raise ContactError(_("Choose someone from your circle or write a name."), "name")
        if len(name) > 80:
            raise ContactError(_("Keep the name under 80 characters."), "name")
    at = draft.at or now
    if timezone.is_naive(at):
        raise ContactError(_("The time needs a time zone."), "at")
    if at > now + CLOCK_SLACK:
        raise ContactError(_("That time is still to come."), "at")
    if at < now - timedelta(days=MAX_DAYS_BACK):
        raise ContactError(_("Choose a time within the last year."), "at")
    note = draft.note.strip()
    if len(note) > 500:
        raise ContactError(_("Keep the note under 500 characters."), "note")
    return ContactLog.objects.create(
        client=client,
        membership=membership,
        name=name,
        channel=draft.channel,
        note=note,
        at=min(at, now),
        created_at=now,
    )


def delete_contact(client: User, contact_id: int) -> None:
    deleted, _ = ContactLog.objects.filter(pk=contact_id, client=client).delete()
    if not deleted:
        raise Http404


def log_of(client: User) -> QuerySet[ContactLog]:
    return ContactLog.objects.filter(client=client).select_related("membership")


# When the client last connected, with whom


def latest(rows: Iterable[tuple[int | None, datetime | None]], into: dict[int, datetime]) -> None:
    for person, at in rows:
        if person is not None and at is not None and (person not in into or at > into[person]):
            into[person] = at


def interactions(client: User, now: datetime) -> dict[int, datetime]:
    """The last moment of contact with each person (by user id), from every source."""
    found: dict[int, datetime] = {}
    latest(
        ContactLog.objects.filter(client=client, membership__isnull=False, at__lte=now)
        .values("membership__supporter_id")
        .annotate(last=Max("at"))
        .values_list("membership__supporter_id", "last"),
        found,
    )
    latest(
        Encouragement.objects.filter(client=client, created_at__lte=now)
        .values("author_id")
        .annotate(last=Max("created_at"))
        .values_list("author_id", "last"),
        found,
    )
    latest(
        ReachOut.objects.filter(client=client, claimed_at__lte=now)
        .values("claimed_by_id")
        .annotate(last=Max("claimed_at"))
        .values_list("claimed_by_id", "last"),
        found,
    )
    helped = HelpOccurrence.objects.filter(need__client=client, claimed_by__isnull=False)
    latest(
        helped.filter(claimed_at__lte=now)
        .values("claimed_by_id")
        .annotate(last=Max("claimed_at"))
        .values_list("claimed_by_id", "last"),
        found,
    )
    latest(
        helped.filter(done_at__lte=now)
        .values("claimed_by_id")
        .annotate(last=Max("done_at"))
        .values_list("claimed_by_id", "last"),
        found,
    )
    event_contacts(client, now, found)
    found.pop(client.pk, None)
    return found


def event_contacts(client: User, now: datetime, found: dict[int, datetime]) -> None:
    together = Event.objects.filter(
        client=client,
        cancelled_at=None,
        starts_at__lte=now,
        rsvps__person=client,
        rsvps__answer=RSVP.Answer.YES,
    )
    latest(
        RSVP.objects.filter(event__in=together, answer=RSVP.Answer.YES)
        .values("person_id")
        .annotate(last=Max("event__starts_at"))
        .values_list("person_id", "last"),
        found,
    )
    # Answering the other one's invitation is a conversation too, whatever the answer.
    latest(
        RSVP.objects.filter(event__client=client, event__organiser=client, answered_at__lte=now)
        .values("person_id")
        .annotate(last=Max("answered_at"))
        .values_list("person_id", "last"),
        found,
    )
    latest(
        RSVP.objects.filter(event__client=client, person=client, answered_at__lte=now)
        .values("event__organiser_id")
        .annotate(last=Max("answered_at"))
        .values_list("event__organiser_id", "last"),
        found,
    )


def active_circle(client: User) -> list[Membership]:
    return list(
        Membership.objects.filter(client=client, status=Membership.Status.ACTIVE).select_related(
            "supporter"
        )
    )


def last_contact_by_person(
    client: User, now: datetime | None = None
) -> list[tuple[Membership, datetime | None]]:
    """Each active member of the circle with the last contact, least recent (or never) first."""
    now = now or timezone.now()
    found = interactions(client, now)
    pairs = [(m, found.get(m.supporter_id)) for m in active_circle(client)]
    never = datetime.min.replace(tzinfo=now.tzinfo)
    return sorted(pairs, key=lambda p: (p[1] or never, str(p[0].supporter), p[0].pk))


def last_contact_at(client: User, now: datetime | None = None) -> datetime | None:
    """The last contact with anyone, people outside the circle written in the log included."""
    now = now or timezone.now()
    moments = list(interactions(client, now).values())
    named = ContactLog.objects.filter(client=client, at__lte=now).aggregate(last=Max("at"))
    if named["last"] is not None:
        moments.append(named["last"])
    return max(moments, default=None)


def days_since_any_contact(client: User, now: datetime | None = None) -> int | None:
    """Whole days (the client's calendar days) since the last contact with anyone; None when
    there has never been any. The isolation input of the warning signals."""
    now = now or timezone.now()
    last = last_contact_at(client, now)
    if last is None:
        return None
    return (local_date(now, client) - local_date(last, client)).days


def local_date(moment: datetime, client: User) -> date:
    return moment.astimezone(client.zone).date()


def nudges_enabled(client: User) -> bool:
    state = NudgeState.objects.filter(client=client).first()
    return state is None or state.enabled


def set_nudges(client: User, enabled: bool, now: datetime | None = None) -> NudgeState:
    state, _ = NudgeState.objects.update_or_create(
        client=client, defaults={"enabled": enabled, "next_check_at": now or timezone.now()}
    )
    return state


@dataclass
class Summary:
    people: list[tuple[Membership, datetime | None]]
    days_since_any_contact: int | None
    nudge_after_days: int
    nudges_enabled: bool


def summary(client: User, now: datetime | None = None) -> Summary:
    now = now or timezone.now()
    return Summary(
        people=last_contact_by_person(client, now),
        days_since_any_contact=days_since_any_contact(client, now),
        nudge_after_days=ISOLATION_NUDGE_DAYS,
        nudges_enabled=nudges_enabled(client),
    )
