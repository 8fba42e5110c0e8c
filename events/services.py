"""Sober events: propose, see, answer, cancel, and remind those who said yes.

Who sees an event: the client whose circle it is, its organiser while still an active member,
and the invited active members. Everyone else, a paused supporter included, is told it does
not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.models import User
from alerts.services import create_alert, queue
from audit.models import AccessLog
from circle import members
from circle.models import Membership
from circle.policy import ClientOf, NotVisible, active_membership, read
from circle.services import supported_by
from events.models import RSVP, Event, EventInvitee
from recoverycircle.deferred import deferred
from recoverycircle.errors import ServiceError

REMINDER_BEFORE = timedelta(hours=2)
DEFAULT_LENGTH = timedelta(hours=2)
MAX_LENGTH = timedelta(days=3)
MAX_AHEAD = timedelta(days=366)

# Alert kinds (the lead adds them to Alert.Kind's choices).
KIND_INVITE = "event_invite"
KIND_REMINDER = "event_reminder"
KIND_CANCELLED = "event_cancelled"


class EventError(ServiceError):
    """A refused event action; `field` names the culprit when there is one."""


class EventForbidden(EventError):
    """The person can see the event but may not do this to it (API: 403)."""

    status = 403


@dataclass
class EventDraft:
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    notes: str = ""
    # None: everyone in the circle. A list: these memberships (the client's choice only).
    invitee_ids: list[int] | None = None


# Routes keyed by an event find its client here (see circle.policy.access_rule). They decide
# there and log in `visible_event`, which names the event in the client's access log.
EVENT = ClientOf("event_id", Event)
# The access log's words for reading an event (translated when the log is shown).
SOBER_EVENT = gettext_noop("sober event")
# An alert's subject holds at most this many characters; a long title is cut.
SUBJECT_LENGTH = 200


def when_text(event: Event, zone: ZoneInfo | None = None) -> str:
    zone = zone or event.client.zone
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    until = f"{end:%H:%M}" if end.date() == start.date() else date_format(end, _("l j F, H:i"))
    return _("%(start)s–%(end)s (%(zone)s time)") % {
        "start": date_format(start, _("l j F, H:i")),
        "end": until,
        "zone": zone.key.replace("_", " "),
    }


def when_and_where(event: Event) -> str:
    if not event.place:
        return when_text(event)
    return "\n".join((when_text(event), _("Where: %(place)s") % {"place": event.place}))


def link(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


def check_draft(draft: EventDraft, now: datetime) -> tuple[str, datetime, datetime]:
    title = " ".join(draft.title.split())
    if not title:
        raise EventError(_("Say what you are planning."), "title")
    if len(title) > 120:
        raise EventError(_("Keep the title under 120 characters."), "title")
    if len(draft.place) > 200:
        raise EventError(_("Keep the place under 200 characters."), "place")
    if len(draft.notes) > 2000:
        raise EventError(_("Keep the notes under 2000 characters."), "notes")
    start = draft.starts_at
    if timezone.is_naive(start) or (draft.ends_at and timezone.is_naive(draft.ends_at)):
        raise EventError(_("Times need a time zone."), "starts_at")
    if start <= now:
        raise EventError(_("Choose a time in the future."), "starts_at")
    if start > now + MAX_AHEAD:
        raise EventError(_("Choose a time within the next year."), "starts_at")
    end = draft.ends_at or start + DEFAULT_LENGTH
    if end <= start:
        raise EventError(_("The end must be after the start."), "ends_at")
    if end - start > MAX_LENGTH:
        raise EventError(_("An event can last at most three days."), "ends_at")
    return title, start, end


def chosen_members(client: User, organiser: User, ids: list[int] | None) -> list[Membership]:
    if ids is None:
        everyone = members.active_circle(client)
        if organiser.pk == client.pk and not everyone:
            raise EventError(_("Invite someone to your circle first."), "invitees")
        return everyone
    if organiser.pk != client.pk and ids:
        # Who is in the circle is the client's to tell: a supporter invites everyone or just
        # the client, and never sees a list of the other members to choose from.
        raise EventForbidden(
            _("Only %(name)s can choose people; invite everyone or just them.") % {"name": client}
        )
    chosen = members.active_circle(client, only=ids)
    if len(chosen) != len(set(ids)):
        raise EventError(_("Choose people who are in the circle now."), "invitees")
    if organiser.pk == client.pk and not chosen:
        raise EventError(_("Choose at least one person to invite."), "invitees")
    return chosen


@transaction.atomic
def propose(
    organiser: User, client_id: int, draft: EventDraft, now: datetime | None = None
) -> Event:
    """Creates the event, the organiser's own "yes", and tells everyone invited."""
    now = now or timezone.now()
    if organiser.pk == client_id:
        client = organiser
    else:
        membership = active_membership(organiser, client_id)
        if membership is None:
            raise NotVisible
        client = membership.client
    title, start, end = check_draft(draft, now)
    members = chosen_members(client, organiser, draft.invitee_ids)
    event = Event.objects.create(
        client=client,
        organiser=organiser,
        title=title,
        starts_at=start,
        ends_at=end,
        place=" ".join(draft.place.split()),
        notes=draft.notes.strip(),
        invite_all=draft.invitee_ids is None,
        created_at=now,
        # Proposed less than the reminder time ahead: the invitation itself is the reminder.
        remind_at=start - REMINDER_BEFORE if start - REMINDER_BEFORE > now else None,
    )
    if draft.invitee_ids is not None:
        EventInvitee.objects.bulk_create(EventInvitee(event=event, membership=m) for m in members)
    RSVP.objects.create(event=event, person=organiser, answer=RSVP.Answer.YES, answered_at=now)
    people = [m.supporter for m in members] + [client]
    tell(
        event,
        KIND_INVITE,
        deferred(
            lambda: (_("%(name)s proposes: %(title)s") % {"name": organiser, "title": title})[
                :SUBJECT_LENGTH
            ]
        ),
        deferred(
            lambda: "\n\n".join(
                part
                for part in (
                    when_and_where(event),
                    event.notes,
                    _("Open it to say whether you can come."),
                )
                if part
            )
        ),
        [p for p in people if p.pk != organiser.pk],
        dedupe_key=f"event-invite:{event.pk}",
    )
    return event


def tell(
    event: Event,
    kind: str,
    subject: str,
    body: str,
    people: list[User],
    dedupe_key: str | None = None,
) -> None:
    if not people:
        return
    alert = create_alert(event.client, kind, subject, body, link(event), dedupe_key)
    if alert is not None:
        # No consent scope applies: being invited is the consent, checked when chosen.
        queue(alert, {p.pk: p for p in people}.values())


def is_invited(user: User, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk == event.client_id:
        return True
    membership = active_membership(user, event.client_id)
    if membership is None:
        return False
    return (
        event.invite_all
        or event.organiser_id == user.pk
        or event.invitees.filter(membership=membership).exists()
    )


def visible_event(viewer: User, event_id: int, channel: str = "web") -> Event:
    """The event, if the viewer is invited; the read is logged for the client."""
    event = Event.objects.select_related("client", "organiser").filter(pk=event_id).first()
    if event is None or not is_invited(viewer, event):
        raise NotVisible
    read(viewer, event.client_id, None, f"{SOBER_EVENT}: {event.title}"[:120], channel)
    return event


def events_for(user: User, now: datetime | None = None, past: bool = False) -> QuerySet[Event]:
    """Events in my own circle and the ones I am invited to in circles I support."""
    now = now or timezone.now()
    supported = supported_by(user)
    invited = Q(client_id__in=[m.client_id for m in supported]) & (
        Q(invite_all=True)
        | Q(organiser=user)
        | Q(invitees__membership__in=[m.pk for m in supported])
    )
    rows = Event.objects.filter(Q(client=user) | invited).distinct()
    rows = (
        rows.filter(ends_at__lte=now).order_by("-starts_at")
        if past
        else rows.filter(ends_at__gt=now)
    )
    return rows.select_related("client", "organiser")


def answer_of(event: Event, user: User) -> str:
    found = RSVP.objects.filter(event=event, person=user).values_list("answer", flat=True)
    return next(iter(found), "")


def answers_for(event: Event, viewer: User) -> list[RSVP]:
    """Who is coming. A "no" is shown only to the client and the organiser."""
    rows = RSVP.objects.filter(event=event).select_related("person")
    if viewer.pk not in {event.client_id, event.organiser_id}:
        rows = rows.exclude(answer=RSVP.Answer.NO)
    return list(rows)


def rsvp(
    viewer: User, event_id: int, answer: str, now: datetime | None = None, channel: str = "web"
) -> RSVP:
    now = now or timezone.now()
    event = visible_event(viewer, event_id, channel)
    if answer not in RSVP.Answer.values:
        raise EventError(_("Answer yes, maybe or no."), "answer")
    if event.is_cancelled:
        raise EventError(_("This event was cancelled."))
    if event.ends_at <= now:
        raise EventError(_("This event is over."))
    row, _created = RSVP.objects.update_or_create(
        event=event, person=viewer, defaults={"answer": answer, "answered_at": now}
    )
    return row


@transaction.atomic
def cancel(viewer: User, event_id: int, now: datetime | None = None, channel: str = "web") -> Event:
    now = now or timezone.now()
    event = visible_event(viewer, event_id, channel)
    if viewer.pk not in {event.client_id, event.organiser_id}:
        if event.organiser_id == event.client_id:
            only = _("Only %(name)s can cancel it.") % {"name": event.client}
        else:
            only = _("Only %(organiser)s or %(client)s can cancel it.") % {
                "organiser": event.organiser,
                "client": event.client,
            }
        raise EventForbidden(only)
    if event.ends_at <= now:
        raise EventError(_("This event is already over."))
    if not Event.objects.filter(pk=event.pk, cancelled_at=None).update(cancelled_at=now):
        event.refresh_from_db()
        return event
    event.cancelled_at = now
    coming = RSVP.objects.filter(
        event=event, answer__in=[RSVP.Answer.YES, RSVP.Answer.MAYBE]
    ).exclude(person=viewer)
    tell(
        event,
        KIND_CANCELLED,
        deferred(lambda: (_("Cancelled: %(title)s") % {"title": event.title})[:SUBJECT_LENGTH]),
        deferred(
            lambda: (
                _("%(name)s cancelled %(title)s (%(when)s).")
                % {"name": viewer, "title": event.title, "when": when_text(event)}
            )
        ),
        [r.person for r in coming.select_related("person") if is_invited(r.person, event)],
        dedupe_key=f"event-cancelled:{event.pk}",
    )
    return event


def send_reminder(event: Event, now: datetime) -> int:
    coming = RSVP.objects.filter(event=event, answer=RSVP.Answer.YES).select_related("person")
    people = [r.person for r in coming if is_invited(r.person, event)]
    minutes = max(1, round((event.starts_at - now).total_seconds() / 60))

    def soon() -> str:
        if minutes >= 90:
            hours = minutes // 60
            return ngettext("in %(n)s hour", "in %(n)s hours", hours) % {"n": hours}
        return ngettext("in %(n)s minute", "in %(n)s minutes", minutes) % {"n": minutes}

    tell(
        event,
        KIND_REMINDER,
        deferred(
            lambda: (
                _("Reminder: %(title)s starts %(soon)s") % {"title": event.title, "soon": soon()}
            )
        ),
        deferred(lambda: when_and_where(event)),
        people,
        dedupe_key=f"event-reminder:{event.pk}",
    )
    return len(people)


def remind_due(now: datetime, limit: int = 200) -> int:
    """Reminds those who said yes, once per event: the claim is a conditional UPDATE of
    `reminded_at`, and the alert's dedupe key is a second guard."""
    # Missed while the job was down, and the event has begun: too late to remind. Read
    # first, so an idle pass (every second) never takes a write lock.
    missed = Event.objects.filter(remind_at__lte=now, reminded_at=None, starts_at__lte=now)
    if stale := list(missed.values_list("pk", flat=True)[:limit]):
        Event.objects.filter(pk__in=stale).update(remind_at=None)
    due = Event.objects.filter(
        remind_at__lte=now, reminded_at=None, cancelled_at=None, starts_at__gt=now
    ).values_list("pk", flat=True)[:limit]
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            if Event.objects.filter(pk=pk, reminded_at=None).update(reminded_at=now):
                event = Event.objects.select_related("client").get(pk=pk)
                send_reminder(event, now)
                sent += 1
    return sent


# Phones poll calendar feeds all day; one log row per client per window is enough to show
# the client that this supporter's calendar reads their events.
FEED_LOG_EVERY = timedelta(hours=6)


def log_event_reads(
    viewer: User, events: list[Event], channel: str = "web", throttled: bool = False
) -> None:
    """Events of circles the viewer supports are those clients' data: log each client once."""
    for client_id in {e.client_id for e in events if e.client_id != viewer.pk}:
        if (
            throttled
            and AccessLog.objects.filter(
                viewer=viewer,
                client_id=client_id,
                what__contains="sober events",  # one visit's row names all it read
                at__gte=timezone.now() - FEED_LOG_EVERY,
            ).exists()
        ):
            continue
        read(viewer, client_id, None, gettext_noop("sober events"), channel)
