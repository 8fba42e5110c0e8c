"""The iCalendar (RFC 5545) document behind a person's private feed address.

Recurring entries keep their wall clock: DTSTART carries the entry's TZID, the RRULE is copied
as it is, and a VTIMEZONE for every TZID used is included (built from the zone database), so a
phone expands a weekly 18:00 to 18:00 local on both sides of a daylight-saving change.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from icalendar import Calendar, Event, vDuration, vRecur

from accounts.models import User
from calendars.entries import CalendarEntry
from calendars.recurrence import RecurrenceError, zone_of

logger = logging.getLogger(__name__)

PRODID = "-//Recovery Circle//Calendar 1//EN"
# Phones that honour it poll this often; most choose their own interval anyway.
REFRESH = timedelta(hours=1)
# VTIMEZONE rules are written out year by year; this many years ahead covers any phone.
ZONE_YEARS_AHEAD = 10


def event_for(entry: CalendarEntry, stamp: datetime) -> Event:
    zone = zone_of(entry.tzid)
    event = Event.new(
        uid=entry.uid,
        summary=entry.title,
        start=entry.start.astimezone(zone),
        end=entry.end.astimezone(zone),
        stamp=stamp,
        location=entry.location or None,
        description=entry.description or None,
        url=f"{settings.SITE_URL}{entry.url}" if entry.url else None,
        categories=[entry.kind] if entry.kind else (),
    )
    if entry.rrule:
        try:
            event.add("rrule", vRecur.from_ical(entry.rrule.removeprefix("RRULE:")))
        except ValueError:
            raise RecurrenceError(f"not an RRULE: {entry.rrule!r}") from None
    return event


def render(user: User, entries: list[CalendarEntry], now: datetime) -> bytes:
    calendar = Calendar.new(
        prodid=PRODID,
        uid=f"calendar-{user.pk}@recoverycircle",
        name=f"Recovery Circle: {user}",
    )
    # RFC 7986 wants VALUE=DURATION on REFRESH-INTERVAL; X-PUBLISHED-TTL is what many phone
    # and desktop calendars actually read.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    ttl = vDuration(REFRESH).to_ical()  # type: ignore[no-untyped-call]  # icalendar leaves it untyped
    calendar.add("x-published-ttl", ttl.decode())
    first: date = now.date()
    for entry in entries:
        try:
            calendar.add_component(event_for(entry, now))
        except (RecurrenceError, ValueError, TypeError):
            # One bad entry must not take the whole calendar off the phone.
            logger.warning("calendar entry %s left out of the feed", entry.uid, exc_info=True)
            continue
        first = min(first, entry.start.date())
    calendar.add_missing_timezones(
        first_date=first - timedelta(days=1),
        last_date=date(now.year + ZONE_YEARS_AHEAD, 1, 1),
    )
    feed: bytes = calendar.to_ical()
    return feed
