"""Events a person said yes or maybe to, on their calendar."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from calendars.entries import CalendarEntry
from events.models import RSVP, Event
from events.services import is_invited, log_event_reads

PAST_DAYS = 31


def entry(event: Event, answer: str, user: User) -> CalendarEntry:
    return CalendarEntry(
        uid=f"event-{event.pk}@recoverycircle",
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        location=event.place,
        description=description(event, answer, user),
        url=reverse("events:detail", args=[event.pk]),
        tzid=event.client.time_zone,
        kind="event",
    )


def description(event: Event, answer: str, user: User) -> str:
    """Who proposed it and in whose circle, in the reader's words; then the notes."""
    own_circle, own_idea = event.client_id == user.pk, event.organiser_id == user.pk
    if own_circle and own_idea:
        proposed = gettext("Proposed by you in your circle.")
    elif own_circle:
        proposed = gettext("Proposed by %(name)s in your circle.") % {"name": event.organiser}
    elif own_idea:
        proposed = gettext("Proposed by you in %(client)s's circle.") % {"client": event.client}
    else:
        proposed = gettext("Proposed by %(name)s in %(client)s's circle.") % {
            "name": event.organiser,
            "client": event.client,
        }
    maybe = gettext("You said maybe.") if answer != RSVP.Answer.YES else ""
    return "\n".join(part for part in (maybe, proposed, event.notes) if part)


def events_i_go_to(user: User) -> list[CalendarEntry]:
    since = timezone.now() - timedelta(days=PAST_DAYS)
    answers = RSVP.objects.filter(
        person=user,
        answer__in=[RSVP.Answer.YES, RSVP.Answer.MAYBE],
        event__cancelled_at=None,
        event__ends_at__gt=since,
    ).select_related("event", "event__client", "event__organiser")
    # Someone who left the circle (or was paused) no longer gets its events on their phone.
    shown = [r for r in answers if is_invited(user, r.event)]
    log_event_reads(user, [r.event for r in shown], throttled=True)
    return [entry(r.event, r.answer, user) for r in shown]
