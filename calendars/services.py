"""A person's calendar: the next days of every provider's entries, and the secret feed address."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from calendars.entries import CalendarEntry, entries_for
from calendars.models import CalendarFeed
from calendars.recurrence import RecurrenceError, starts_between

logger = logging.getLogger(__name__)

AGENDA_DAYS = 30


@dataclass(frozen=True)
class Occurrence:
    entry: CalendarEntry
    start: datetime
    end: datetime


def occurrences(
    entries: list[CalendarEntry], after: datetime, before: datetime
) -> list[Occurrence]:
    """Every occurrence starting in [after, before), recurrences expanded, sorted by start."""
    found: list[Occurrence] = []
    for entry in entries:
        length = entry.end - entry.start
        try:
            starts = starts_between(entry.start, entry.rrule, entry.tzid, after, before)
        except RecurrenceError:
            logger.warning("calendar entry %s has an unusable recurrence", entry.uid)
            continue
        found.extend(Occurrence(entry, start, start + length) for start in starts)
    return sorted(found, key=lambda o: (o.start, o.entry.title))


def agenda(
    user: User, now: datetime | None = None, days: int = AGENDA_DAYS
) -> list[tuple[date, list[Occurrence]]]:
    """The next `days` days from today in the person's own zone, grouped by local day."""
    now = now or timezone.now()
    zone = user.zone
    today = now.astimezone(zone).date()
    after = datetime.combine(today, time(0), tzinfo=zone)
    before = datetime.combine(today + timedelta(days=days), time(0), tzinfo=zone)
    grouped: dict[date, list[Occurrence]] = {}
    for item in occurrences(entries_for(user), after, before):
        grouped.setdefault(item.start.astimezone(zone).date(), []).append(item)
    return sorted(grouped.items())


# The feed address


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def live_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at=None).first()


def create_feed(user: User) -> tuple[CalendarFeed, str]:
    """A new secret address; the old one (if any) stops working. Returns the feed and the
    secret, which is shown once and never again."""
    for attempt in range(2):
        raw = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                revoke_feed(user)
                return CalendarFeed.objects.create(user=user, digest=digest_of(raw)), raw
        except IntegrityError:
            # Two clicks at once: the other one made its address between our revoke and
            # create. Revoke that one too and try again, so the newest click wins.
            if attempt:
                raise
    raise AssertionError("unreachable")


def revoke_feed(user: User) -> bool:
    return bool(
        CalendarFeed.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
    )


def user_for_feed(raw: str) -> User | None:
    """The owner of a live feed address, or None for a wrong or revoked one."""
    feed = (
        CalendarFeed.objects.filter(digest=digest_of(raw), revoked_at=None, user__is_active=True)
        .select_related("user")
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    # At most one write a minute, however often a phone polls.
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(minutes=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user


def feed_path(raw: str) -> str:
    return reverse("calendars:feed", args=[raw])


def feed_url(raw: str) -> str:
    return f"{settings.SITE_URL}{feed_path(raw)}"


def webcal_url(raw: str) -> str:
    """The same address with the webcal scheme, which phones open as "subscribe"."""
    return "webcal://" + feed_url(raw).split("://", 1)[1]
