"""The calendar registry: every app that has dated things for a person adds them here, and the
calendar page and the private iCalendar feed show whatever the registered providers return.

How an app adds its entries::

    from calendars.registry import CalendarEntry, calendar_provider

    @calendar_provider
    def meetings_i_go_to(user: User) -> list[CalendarEntry]:
        return [
            CalendarEntry(
                uid=f"meeting-{m.pk}@recoverycircle",
                title=m.name,
                start=m.first_start,          # aware
                end=m.first_start + timedelta(hours=1),
                rrule="FREQ=WEEKLY;BYDAY=TU",
                tzid="America/New_York",
                url=reverse("meetings:detail", args=[m.pk]),
                kind="meeting",
            )
            for m in ...
        ]

Rules for a provider:

- Register at import of a module that is loaded at start-up: the app's `views.py` (imported
  for its page sections) or a module named `calendar_entries.py`, which this app imports from
  every installed app when Django starts.
- Return only what `user` may see. Anything about another person (a client's help need shown
  to a supporter) is a read of their data and goes through `circle.policy`.
- A recurring item is ONE entry: `start`/`end` are its first occurrence, `rrule` is the RFC 5545
  RRULE value without the "RRULE:" prefix, and `tzid` is the IANA zone whose wall clock the
  recurrence follows (a weekly 18:00 meeting stays 18:00 local across daylight saving only
  when `tzid` is set). An UNTIL should be given in UTC ("...T045959Z"); a local UNTIL is read
  in `tzid`.
- `start` and `end` are aware datetimes; `uid` is stable across calls (phones match updates by
  UID) and globally unique ("<kind>-<pk>@recoverycircle"); `url` is a path on this site.
- Return upcoming items and the recent past (a month is plenty); the feed is polled by phones,
  so keep it to a query or two.
- A provider that raises is logged and skipped, so one app cannot blank everyone's calendar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import pgettext_lazy

from accounts.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable, globally unique, e.g. "help-12@recoverycircle"
    title: str
    start: datetime  # aware
    end: datetime  # aware
    location: str = ""
    description: str = ""
    url: str = ""  # path on this site
    rrule: str = ""  # RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;BYDAY=TU", "" if none
    tzid: str = ""  # IANA zone the recurrence is defined in (needed for DST-correct recurrences)
    kind: str = ""  # "help", "claim", "meeting", "event"

    @property
    def kind_word(self) -> str:
        """The kind as the calendar page labels it, in the active language."""
        return str(KIND_WORDS.get(self.kind, self.kind))


KIND_WORDS = {
    "help": pgettext_lazy("calendar entry", "help"),
    "claim": pgettext_lazy("calendar entry", "helping"),
    "meeting": pgettext_lazy("calendar entry", "meeting"),
    "event": pgettext_lazy("calendar entry", "event"),
}


Provider = Callable[[User], list[CalendarEntry]]

# Keyed by the provider's dotted name, so a module imported twice does not list it twice.
_PROVIDERS: dict[str, Provider] = {}


def calendar_provider(func: Provider) -> Provider:
    """Registers `func` as a source of calendar entries; returns it unchanged."""
    _PROVIDERS[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


def entries_for(user: User) -> list[CalendarEntry]:
    """Every entry of every provider for `user`, sorted by first start."""
    found: list[CalendarEntry] = []
    for name, provider in _PROVIDERS.items():
        try:
            found.extend(provider(user))
        except Exception:
            logger.exception("calendar provider %s failed", name)
    return sorted(found, key=lambda e: (e.start, e.uid))
