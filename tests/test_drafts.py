"""The checks a help-board need and a sober event pass before anything is saved, called
directly: each refusal names the field at fault, and a good draft comes back in UTC."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events.services import EventDraft, EventError, check_draft
from helpboard.occurrences import Repeat
from helpboard.services import HelpError, NeedDraft, validate

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # Monday 2 March, 07:00 in New York
TUESDAY = datetime(2026, 3, 3, 18, 0)  # the client's wall clock
NEED = NeedDraft(kind="ride", starts_at=TUESDAY, ends_at=TUESDAY + timedelta(hours=1))


def test_it_turns_a_one_off_need_into_utc() -> None:
    assert validate(NEED, NEW_YORK, NOW) == (
        datetime(2026, 3, 3, 23, 0, tzinfo=UTC),
        datetime(2026, 3, 4, 0, 0, tzinfo=UTC),
        "",
    )


def test_it_starts_a_series_on_its_first_chosen_weekday() -> None:
    thursdays = replace(NEED, repeat=Repeat(weekdays=(3,), count=4))
    start, end, rule = validate(thursdays, NEW_YORK, NOW)
    assert start == datetime(2026, 3, 5, 23, 0, tzinfo=UTC) and end - start == timedelta(hours=1)
    assert "BYDAY=TH" in rule and "COUNT=4" in rule


LONG = "x" * 121


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "spaceship"}, "kind"),
        ({"title": LONG}, "title"),
        ({"place": "x" * 201}, "place"),
        ({"notes": "x" * 2001}, "notes"),
        ({"ends_at": TUESDAY}, "ends_at"),
        ({"ends_at": TUESDAY + timedelta(hours=25)}, "ends_at"),
        ({"starts_at": datetime(2026, 3, 1, 18), "ends_at": datetime(2026, 3, 1, 19)}, "starts_at"),
        ({"starts_at": datetime(2027, 4, 1, 18), "ends_at": datetime(2027, 4, 1, 19)}, "starts_at"),
        ({"repeat": Repeat(every_weeks=9)}, "every_weeks"),
        ({"repeat": Repeat(weekdays=(7,))}, "weekdays"),
        ({"repeat": Repeat(until=date(2026, 4, 1), count=3)}, "until"),
        ({"repeat": Repeat(count=201)}, "count"),
        ({"repeat": Repeat(until=date(2026, 3, 1))}, "until"),
        ({"repeat": Repeat(until=date(2028, 6, 1))}, "until"),
        ({"repeat": Repeat(weekdays=(3,), until=date(2026, 3, 4))}, "until"),  # no Thursday
    ],
)
def test_it_refuses_a_need_it_cannot_post(change: dict[str, object], field: str) -> None:
    with pytest.raises(HelpError) as refused:
        validate(replace(NEED, **change), NEW_YORK, NOW)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.status) == (field, 422)


EVENT = EventDraft(title="  Picnic   in the park ", starts_at=NOW + timedelta(days=2))


def test_it_tidies_an_event_and_gives_it_a_default_length() -> None:
    assert check_draft(EVENT, NOW) == (
        "Picnic in the park",
        NOW + timedelta(days=2),
        NOW + timedelta(days=2, hours=2),
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": LONG}, "title"),
        ({"place": "x" * 201}, "place"),
        ({"notes": "x" * 2001}, "notes"),
        ({"starts_at": datetime(2026, 3, 5, 18)}, "starts_at"),  # no time zone
        ({"starts_at": NOW}, "starts_at"),
        ({"starts_at": NOW + timedelta(days=400)}, "starts_at"),
        ({"ends_at": NOW + timedelta(days=1)}, "ends_at"),
        ({"ends_at": NOW + timedelta(days=6)}, "ends_at"),
    ],
)
def test_it_refuses_an_event_it_cannot_plan(change: dict[str, object], field: str) -> None:
    with pytest.raises(EventError) as refused:
        check_draft(replace(EVENT, **change), NOW)  # type: ignore[arg-type]
    assert refused.value.field == field
