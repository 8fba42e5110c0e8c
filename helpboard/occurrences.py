"""Recurrence of help needs: the RRULE a need repeats by, the occurrences in a window, and the
occurrence rows that claims and the jobs work on.

An occurrence is named by its start in UTC ("20260310T220000Z", the RFC 5545 RECURRENCE-ID
form), so it can be claimed before any row exists for it; its row is made on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.dates import WEEKDAYS as DAY_NAME
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from accounts.models import User
from calendars.recurrence import (
    UTC,
    WEEKDAYS,
    is_occurrence,
    starts_between,
    until_end_of,
    utc_stamp,
    zone_of,
)
from helpboard.models import HelpNeed, HelpOccurrence

# Django's own translated day names, Monday first.
DAY_NAMES = tuple(DAY_NAME[n] for n in range(7))
KEY_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Repeat:
    """How a need repeats: every N weeks on some weekdays (0 = Monday), with an optional end."""

    every_weeks: int = 1
    weekdays: tuple[int, ...] = ()
    until: date | None = None
    count: int | None = None


def build_rrule(repeat: Repeat, first: datetime, zone: ZoneInfo) -> str:
    days = sorted(set(repeat.weekdays)) or [first.astimezone(zone).weekday()]
    parts = ["FREQ=WEEKLY"]
    if repeat.every_weeks > 1:
        parts.append(f"INTERVAL={repeat.every_weeks}")
    parts.append("BYDAY=" + ",".join(WEEKDAYS[d] for d in days))
    if repeat.until is not None:
        parts.append(f"UNTIL={until_end_of(repeat.until, zone)}")
    if repeat.count is not None:
        parts.append(f"COUNT={repeat.count}")
    return ";".join(parts)


def describe(need: HelpNeed) -> str:
    """ "Every 2 weeks on Tuesday and Thursday, until 31 December 2026", or "Once"."""
    if not need.rrule:
        return gettext("Once")
    parts = dict(p.split("=", 1) for p in need.rrule.split(";") if "=" in p)
    days = [str(DAY_NAMES[WEEKDAYS.index(d)]) for d in parts.get("BYDAY", "").split(",") if d]
    named = days[0] if len(days) == 1 else and_list(days)
    every = int(parts.get("INTERVAL", "1"))
    if every == 1:
        text = gettext("Every %(days)s") % {"days": named}
    else:
        text = ngettext(
            "Every %(count)s week on %(days)s", "Every %(count)s weeks on %(days)s", every
        ) % {"count": every, "days": named}
    until = parse_key(parts.get("UNTIL", ""))
    if until is not None:
        day = date_format(until.astimezone(zone_of(need.zone)), gettext("j F Y"))
        text = gettext("%(repeat)s, until %(day)s") % {"repeat": text, "day": day}
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text = ngettext("%(repeat)s, %(count)s time", "%(repeat)s, %(count)s times", count) % {
            "repeat": text,
            "count": count,
        }
    return text


def and_list(words: list[str]) -> str:
    """ "Tuesday, Wednesday and Thursday"."""
    return gettext("%(some)s and %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}


def key_of(moment: datetime) -> str:
    return utc_stamp(moment)


def parse_key(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, KEY_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def starts_of(need: HelpNeed, after: datetime, before: datetime) -> list[datetime]:
    return starts_between(need.starts_at, need.rrule, need.zone, after, before)


def is_occurrence_of(need: HelpNeed, moment: datetime) -> bool:
    return is_occurrence(need.starts_at, need.rrule, need.zone, moment)


def first_start_on_or_after(start: datetime, rrule: str, zone: str) -> datetime | None:
    """The first occurrence at or after `start` (a weekly rule repeats within 8 weeks)."""
    found = starts_between(start, rrule, zone, start, start + timedelta(weeks=9))
    return found[0] if found else None


@dataclass
class Slot:
    """One occurrence of a need as a page or the API shows it, with its row if it has one."""

    need: HelpNeed
    starts_at: datetime
    row: HelpOccurrence | None = None

    @property
    def key(self) -> str:
        return key_of(self.starts_at)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + self.need.duration

    @property
    def claimed_by(self) -> User | None:
        return self.row.claimed_by if self.row else None

    @property
    def is_done(self) -> bool:
        return self.row is not None and self.row.done_at is not None

    @property
    def is_thanked(self) -> bool:
        return self.row is not None and self.row.thanked_at is not None

    @property
    def is_open(self) -> bool:
        return self.claimed_by is None and not self.is_done


def slots(needs: list[HelpNeed], after: datetime, before: datetime) -> list[Slot]:
    """Every occurrence of `needs` starting in [after, before), joined with its row."""
    found = [Slot(need, start) for need in needs for start in starts_of(need, after, before)]
    rows = HelpOccurrence.objects.filter(
        need__in=needs, starts_at__gte=after, starts_at__lt=before
    ).select_related("claimed_by")
    by_key = {(row.need_id, row.starts_at): row for row in rows}
    for slot in found:
        slot.row = by_key.get((slot.need.pk, slot.starts_at))
        if slot.row is not None:
            slot.row.need = slot.need
    return sorted(found, key=lambda s: (s.starts_at, s.need.pk))


def slot_of(row: HelpOccurrence) -> Slot:
    return Slot(row.need, row.starts_at, row)


def live_needs(client: User, now: datetime) -> list[HelpNeed]:
    """Needs that are not cancelled and still have an occurrence ahead (or in progress)."""
    return list(
        HelpNeed.objects.filter(client=client, cancelled_at=None)
        .filter(Q(last_start=None) | Q(last_start__gte=now - timedelta(days=1)))
        .select_related("client", "posted_by")
    )


def row_for(need: HelpNeed, start: datetime) -> HelpOccurrence:
    """The occurrence's row, made now if this is its first use. The unique constraint makes
    two first uses at once agree on one row."""
    row, _ = HelpOccurrence.objects.get_or_create(need=need, starts_at=start)
    row.need = need
    return row


def when_text(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """ "Tuesday 10 March, 18:00–19:00 EDT" on the need's own wall clock, in the active
    language ("martes 10 de marzo, 18:00–19:00 EDT")."""
    local, until = start.astimezone(zone), end.astimezone(zone)
    day = date_format(local, gettext("l j F, H:i"))
    return f"{day}–{until:%H:%M} {local:%Z}"


def slot_when(slot: Slot) -> str:
    return when_text(slot.starts_at, slot.ends_at, ZoneInfo(slot.need.zone))
