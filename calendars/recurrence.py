"""Recurrence arithmetic shared by the calendar page, the feed and the help board.

A recurring item is defined as RFC 5545 defines it: a first start on the wall clock of an IANA
zone (DTSTART;TZID=...) and an RRULE. Occurrences are computed on that wall clock, so a weekly
18:00 stays 18:00 local across a daylight-saving change while its UTC instant moves by an hour.
A wall time inside the spring-forward gap resolves as `zoneinfo` does with fold=0 (02:30
becomes 03:30 local), the same rule the check-in schedule uses.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

UTC = ZoneInfo("UTC")
# A bound on one expansion, so a rule like FREQ=MINUTELY cannot stall a page.
MAX_OCCURRENCES = 1000
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RecurrenceError(ValueError):
    """An RRULE or zone that cannot be used."""


def zone_of(tzid: str) -> ZoneInfo:
    try:
        return ZoneInfo(tzid) if tzid else UTC
    except (ZoneInfoNotFoundError, ValueError):
        raise RecurrenceError(f"unknown time zone {tzid!r}") from None


def utc_stamp(moment: datetime) -> str:
    """RFC 5545 UTC form, e.g. 20261231T045959Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def until_end_of(day: date, zone: ZoneInfo) -> str:
    """UNTIL value for "up to and including `day`" on the zone's wall clock."""
    return utc_stamp(datetime.combine(day, time(23, 59, 59), tzinfo=zone))


def _normalise_until(value: str, zone: ZoneInfo) -> str:
    # dateutil refuses a local UNTIL with an aware DTSTART; RFC 5545 says it should be UTC
    # anyway, so a local one (date or date-time) is read on the recurrence's own wall clock.
    parts = []
    for part in value.strip().removeprefix("RRULE:").split(";"):
        key, _, raw = part.partition("=")
        if key.upper() == "UNTIL" and not raw.upper().endswith("Z"):
            try:
                if len(raw) == 8:
                    raw = until_end_of(date(int(raw[:4]), int(raw[4:6]), int(raw[6:])), zone)
                else:
                    local = datetime.strptime(raw, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
                    raw = utc_stamp(local)
            except ValueError:
                raise RecurrenceError(f"UNTIL={raw!r} is not a date") from None
        parts.append(f"{key.upper()}={raw}")
    return ";".join(parts)


def rule_for(value: str, start: datetime, tzid: str) -> rrule:
    """The dateutil rule for an RRULE value whose first occurrence is `start` (aware)."""
    if start.tzinfo is None:
        raise RecurrenceError("the start of a recurrence must be an aware datetime")
    zone = zone_of(tzid)
    try:
        found = rrulestr(_normalise_until(value, zone), dtstart=start.astimezone(zone))
    except (ValueError, TypeError) as error:
        raise RecurrenceError(f"not a usable RRULE: {error}") from None
    if not isinstance(found, rrule):
        raise RecurrenceError("only a single RRULE is supported")
    return found


def starts_between(
    start: datetime, value: str, tzid: str, after: datetime, before: datetime
) -> list[datetime]:
    """Occurrence starts in [after, before), in UTC. Without a rule, just `start` if inside."""
    if not value:
        return [start.astimezone(UTC)] if after <= start < before else []
    found: list[datetime] = []
    for moment in rule_for(value, start, tzid).xafter(after, inc=True):
        if moment >= before or len(found) >= MAX_OCCURRENCES:
            break
        found.append(moment.astimezone(UTC))
    return found


def is_occurrence(start: datetime, value: str, tzid: str, moment: datetime) -> bool:
    return bool(starts_between(start, value, tzid, moment, moment + timedelta(seconds=1)))


def last_start(start: datetime, value: str, tzid: str) -> datetime | None:
    """The last occurrence of a bounded rule (COUNT or UNTIL), None when it never ends."""
    if not value:
        return start.astimezone(UTC)
    rule = rule_for(value, start, tzid)
    keys = {part.partition("=")[0].strip().upper() for part in value.split(";")}
    if not keys & {"COUNT", "UNTIL"}:
        return None
    starts = list(islice(rule, MAX_OCCURRENCES))
    return starts[-1].astimezone(UTC) if starts else None
