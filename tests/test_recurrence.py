"""calendars.recurrence directly: RRULE values as the iCalendar feed and the help board use
them, local UNTIL values, and the errors for values that cannot be used."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from calendars import recurrence
from calendars.recurrence import RecurrenceError

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 3, 2, 18, 0, tzinfo=NEW_YORK)  # a Monday, before DST starts on the 8th


def test_it_keeps_the_wall_clock_time_across_daylight_saving() -> None:
    starts = recurrence.starts_between(
        START, "FREQ=WEEKLY;COUNT=3", "America/New_York", START, datetime(2026, 4, 1, tzinfo=UTC)
    )
    assert [s.astimezone(NEW_YORK).hour for s in starts] == [18, 18, 18]
    assert [s.hour for s in starts] == [23, 22, 22]  # in UTC: the offset changed on the 8th


def test_it_reads_a_local_until_date_as_the_end_of_that_day() -> None:
    last = recurrence.last_start(START, "FREQ=DAILY;UNTIL=20260304", "America/New_York")
    assert last == datetime(2026, 3, 4, 23, 0, tzinfo=UTC)


def test_it_reads_a_local_until_time_on_the_rules_wall_clock() -> None:
    last = recurrence.last_start(
        START, "RRULE:FREQ=DAILY;UNTIL=20260303T180000", "America/New_York"
    )
    assert last == datetime(2026, 3, 3, 23, 0, tzinfo=UTC)


def test_it_has_no_last_start_for_an_endless_rule() -> None:
    assert recurrence.last_start(START, "FREQ=WEEKLY", "America/New_York") is None
    assert recurrence.last_start(START, "", "America/New_York") == START.astimezone(UTC)


def test_it_tells_an_occurrence_from_another_moment() -> None:
    week_later = datetime(2026, 3, 9, 18, 0, tzinfo=NEW_YORK)
    assert recurrence.is_occurrence(START, "FREQ=WEEKLY", "America/New_York", week_later)
    assert not recurrence.is_occurrence(
        START, "FREQ=WEEKLY", "America/New_York", week_later.replace(hour=19)
    )


@pytest.mark.parametrize(
    ("value", "tzid", "start", "message"),
    [
        ("FREQ=DAILY", "Mars/Olympus_Mons", START, "unknown time zone"),
        ("FREQ=DAILY;UNTIL=2026-03-04", "UTC", START, "is not a date"),
        ("FREQ=SOMETIMES", "UTC", START, "not a usable RRULE"),
        ("FREQ=DAILY", "UTC", START.replace(tzinfo=None), "aware datetime"),
    ],
)
def test_it_refuses_a_value_it_cannot_use(
    value: str, tzid: str, start: datetime, message: str
) -> None:
    with pytest.raises(RecurrenceError, match=message):
        recurrence.rule_for(value, start, tzid)


def test_it_reads_an_empty_zone_as_utc() -> None:
    assert recurrence.zone_of("") == ZoneInfo("UTC")
