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
from django.db.models import F, Max, Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import Encouragement, ReachOut
from circle import members
from circle.models import Membership
from contacts.models import ContactLog, NudgeState
from events.models import RSVP, Event
from helpboard.models import HelpOccurrence
from recoverycircle.errors import ServiceError

# Days without any contact after which the client gets a gentle nudge.
ISOLATION_NUDGE_DAYS: int = getattr(settings, "ISOLATION_NUDGE_DAYS", 3)
MAX_DAYS_BACK = 366
# A contact "now" from a phone whose clock runs a little fast is still now.
CLOCK_SLACK = timedelta(minutes=5)


class ContactError(ServiceError):
    """A contact that cannot be logged; `field` names the culprit."""


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
        membership = members.open_membership(client, draft.membership_id)
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
    return interactions_of([client.pk], now)[client.pk]


def interactions_of(client_ids: list[int], now: datetime) -> dict[int, dict[int, datetime]]:
    """As interactions, for many clients at once: one grouped query per source, whatever
    their number (the alert loop evaluates clients in batches)."""
    found: dict[int, dict[int, datetime]] = {i: {} for i in client_ids}
    for rows, client, person, at in contact_sources(client_ids, now):
        grouped = rows.values(client, person).annotate(last=Max(at))
        for client_id, person_id, last in grouped.values_list(client, person, "last"):
            if person_id != client_id:
                latest([(person_id, last)], found[client_id])
    return found


def contact_sources(
    client_ids: list[int], now: datetime
) -> list[tuple[QuerySet[Model], str, str, str]]:
    """(rows, the client's field, the other person's field, the moment's field) per source."""
    helped = HelpOccurrence.objects.filter(
        need__client_id__any_of=client_ids, claimed_by__isnull=False
    )
    # Events the client went to (said yes): everyone else who said yes was there too.
    together = Event.objects.filter(
        client_id__any_of=client_ids,
        cancelled_at=None,
        starts_at__lte=now,
        rsvps__person=F("client"),
        rsvps__answer=RSVP.Answer.YES,
    )
    events = RSVP.objects.filter(event__client_id__any_of=client_ids)
    return [
        (
            ContactLog.objects.filter(
                client_id__any_of=client_ids, membership__isnull=False, at__lte=now
            ),
            "client_id",
            "membership__supporter_id",
            "at",
        ),
        (
            Encouragement.objects.filter(client_id__any_of=client_ids, created_at__lte=now),
            "client_id",
            "author_id",
            "created_at",
        ),
        (
            ReachOut.objects.filter(client_id__any_of=client_ids, claimed_at__lte=now),
            "client_id",
            "claimed_by_id",
            "claimed_at",
        ),
        (helped.filter(claimed_at__lte=now), "need__client_id", "claimed_by_id", "claimed_at"),
        (helped.filter(done_at__lte=now), "need__client_id", "claimed_by_id", "done_at"),
        (
            RSVP.objects.filter(event__in=together, answer=RSVP.Answer.YES),
            "event__client_id",
            "person_id",
            "event__starts_at",
        ),
        # Answering the other one's invitation is a conversation too, whatever the answer.
        (
            events.filter(event__organiser=F("event__client"), answered_at__lte=now),
            "event__client_id",
            "person_id",
            "answered_at",
        ),
        (
            events.filter(person=F("event__client"), answered_at__lte=now),
            "event__client_id",
            "event__organiser_id",
            "answered_at",
        ),
    ]


def active_circle(client: User) -> list[Membership]:
    return members.active_circle(client)


def active_circles(client_ids: list[int]) -> dict[int, list[Membership]]:
    """As active_circle, for many clients at once."""
    return members.active_circles(client_ids)


def last_contact_by_person(
    client: User, now: datetime | None = None
) -> list[tuple[Membership, datetime | None]]:
    """Each active member of the circle with the last contact, least recent (or never) first."""
    now = now or timezone.now()
    return by_last_contact(active_circle(client), interactions(client, now), now)


def by_last_contact(
    circle: list[Membership], found: dict[int, datetime], now: datetime
) -> list[tuple[Membership, datetime | None]]:
    pairs = [(m, found.get(m.supporter_id)) for m in circle]
    never = datetime.min.replace(tzinfo=now.tzinfo)
    return sorted(pairs, key=lambda p: (p[1] or never, str(p[0].supporter), p[0].pk))


def last_contact_at(client: User, now: datetime | None = None) -> datetime | None:
    """The last contact with anyone, people outside the circle written in the log included."""
    return last_contact_of([client.pk], now or timezone.now()).get(client.pk)


def last_contact_of(
    client_ids: list[int], now: datetime, people_of: dict[int, dict[int, datetime]] | None = None
) -> dict[int, datetime]:
    """As last_contact_at, for many clients at once (those never in contact left out).
    `people_of`: their interactions, read already."""
    found: dict[int, datetime] = {}
    if people_of is None:
        people_of = interactions_of(client_ids, now)
    for client_id, people in people_of.items():
        latest([(client_id, moment) for moment in people.values()], found)
    named = (
        ContactLog.objects.filter(client_id__any_of=client_ids, at__lte=now)
        .values("client_id")
        .annotate(last=Max("at"))
        .values_list("client_id", "last")
    )
    latest(named, found)
    return found


def days_since_any_contact(client: User, now: datetime | None = None) -> int | None:
    """Whole days (the client's calendar days) since the last contact with anyone; None when
    there has never been any. The isolation input of the warning signals."""
    return days_since_any_contact_of([client], now or timezone.now()).get(client.pk)


def days_since_any_contact_of(clients: list[User], now: datetime) -> dict[int, int]:
    """As days_since_any_contact, for many clients at once (those never in contact left out)."""
    last = last_contact_of([c.pk for c in clients], now)
    return {
        c.pk: (local_date(now, c) - local_date(last[c.pk], c)).days for c in clients if c.pk in last
    }


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
