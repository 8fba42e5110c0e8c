"""Calendar entries: every app that has dated things for a person adds a provider to
`registry.calendar_providers` (recoverycircle/registry.py), and the calendar page and the
private iCalendar feed show whatever the providers return.

How an app adds its entries (and registers `meetings_i_go_to` in its `AppConfig.ready()`)::

    from calendars.entries import CalendarEntry

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

- Register it in the app's `AppConfig.ready()`: `registry.calendar_providers.add(...)`.
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
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import pgettext_lazy

from accounts.models import User
from recoverycircle import registry

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


def entries_for(user: User) -> list[CalendarEntry]:
    """Every entry of every provider for `user`, sorted by first start."""
    found: list[CalendarEntry] = []
    for provider in registry.calendar_providers:
        try:
            found.extend(provider(user))
        except Exception:
            logger.exception("calendar provider %r failed", provider)
    return sorted(found, key=lambda e: (e.start, e.uid))
