"""Events a person said yes or maybe to, on their calendar."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from calendars.entries import CalendarEntry
from events.models import RSVP, Event
from events.services import is_invited, log_event_reads

PAST_DAYS = 31


def entry(event: Event, answer: str, user: User) -> CalendarEntry:
    note = "" if answer == RSVP.Answer.YES else "You said maybe.\n"
    circle = "your circle" if event.client_id == user.pk else f"{event.client}'s circle"
    organiser = "you" if event.organiser_id == user.pk else str(event.organiser)
    return CalendarEntry(
        uid=f"event-{event.pk}@recoverycircle",
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        location=event.place,
        description=f"{note}Proposed by {organiser} in {circle}.\n{event.notes}".strip(),
        url=reverse("events:detail", args=[event.pk]),
        tzid=event.client.time_zone,
        kind="event",
    )


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
