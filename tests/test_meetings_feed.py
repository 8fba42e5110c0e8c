"""The Meeting Guide feed parser (meetings.feed), called directly, without the importer or a
database: each field's readings and refusals, where a meeting's zone comes from, when a row
counts as in person or online, and rows taken from the three real feeds in tests/fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from meetings import feed
from meetings.feed import (
    ZONE_FROM_FEED,
    ZONE_FROM_POSITION,
    ZONE_FROM_ROW,
    BadRow,
    ParsedMeeting,
    parse_feed,
    parse_row,
)

FEEDS = Path(__file__).parent / "fixtures" / "meeting-guide"


def real(name: str, slug: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = json.loads((FEEDS / f"{name}.json").read_text())
    return next(r for r in rows if r.get("slug") == slug)


def row(**fields: object) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Tuesday Night",
        "slug": "tuesday-night",
        "day": 2,
        "time": "19:30",
        "address": "1 Main St",
        "city": "Springfield",
    }
    return {**base, **fields}


def reason(candidate: object, zone: str = "America/Chicago") -> str:
    with pytest.raises(BadRow) as caught:
        parse_row(0, candidate, zone)
    return str(caught.value)


def test_it_reads_a_real_in_person_row_with_its_zone_from_the_position() -> None:
    source = real("sussexaa", "rehoboth-beach-speaker")
    parsed = parse_row(3, source, "")
    assert (parsed.index, parsed.slug, parsed.weekdays) == (3, "rehoboth-beach-speaker", [0])
    assert parsed.zone_from == ZONE_FROM_POSITION
    fields = parsed.fields
    assert fields["timezone"] == "America/New_York"
    assert (fields["start_time"], fields["end_time"]) == (time(19), time(20))
    assert fields["duration_minutes"] == 60
    assert fields["address"] == "18 Olive Ave, Rehoboth Beach, DE 19971, USA"
    assert fields["approximate"] is False  # the row says "approximate": "no"
    assert (fields["latitude"], fields["longitude"]) == (38.718678, -75.07802)
    assert fields["types"] == ["O", "SP"]
    assert fields["updated"] == datetime(2022, 7, 9, 19, 32, 28, tzinfo=UTC)
    assert fields["url"] == "https://sussexaa.org/meetings/rehoboth-beach-speaker/"
    assert parsed.attendance == "in_person"


def test_it_keeps_a_real_online_rows_notes_on_their_lines() -> None:
    source = real("al-anon", "25037-par-ents-afg")
    parsed = parse_row(0, source, "")
    assert parsed.fields["notes"].startswith("Zoom ID: 123 4567 890\npasscode: 123456\n\n")
    assert parsed.fields["conference_url"] == "https://zoom.us/j/1234567890"
    assert parsed.fields["online"] is True
    assert parsed.attendance in {"online", "hybrid"}
    # The name's double space is folded: one-line fields are single-spaced.
    assert parsed.fields["name"] == "25037 Par ents AFG"


def test_it_reads_coordinates_sent_as_text_in_a_real_feed() -> None:
    source = real("aasepia", "meeting-1937-macdade-boulevard-woodlyn-pa-19094-usa-0-000000")
    assert isinstance(source["latitude"], str)
    parsed = parse_row(0, source, "")
    assert (parsed.fields["latitude"], parsed.fields["longitude"]) == (39.87124, -75.354374)
    # Midnight to one: an hour, in Pennsylvania's zone, at a street address.
    assert parsed.fields["start_time"] == time(0) and parsed.fields["duration_minutes"] == 60
    assert parsed.fields["timezone"] == "America/New_York"
    assert parsed.attendance == "in_person"


def test_it_does_not_take_a_citys_coordinates_for_a_walk_in_place() -> None:
    # aasepia's online meetings: "Philadelphia, PA, USA" and the city's coordinates.
    source = row(
        address=None,
        city=None,
        formatted_address="Philadelphia, PA, USA",
        latitude="39.95",
        longitude="-75.16",
        conference_url="https://zoom.us/j/1",
    )
    parsed = parse_row(0, source, "")
    assert parsed.attendance == "online" and parsed.fields["approximate"] is True


@pytest.mark.parametrize(
    ("formatted", "street"),
    [
        ("14 E Mill Rd, Flourtown, PA 19031, USA", True),
        ("Main Street Church, Dover, DE, USA", True),  # four parts
        ("14 Mill Rd", True),  # a house number first
        ("Philadelphia, PA, USA", False),
        ("Delaware, USA", False),
        (" , , ", False),
    ],
)
def test_it_tells_a_street_address_from_a_city(formatted: str, street: bool) -> None:
    assert feed.is_street_address(formatted) is street


@pytest.mark.parametrize(
    ("extra", "specific"),
    [
        ({"approximate": "No"}, True),
        ({"approximate": "yes", "address": "1 Main St"}, False),  # the row's word wins
        ({"approximate": "maybe", "address": "1 Main St"}, True),  # not a word: judged
        ({"formatted_address": "Dover, DE, USA"}, False),
        ({}, True),  # no address at all: the position decides
    ],
)
def test_it_judges_a_specific_place_by_the_rows_own_words_first(
    extra: dict[str, object], specific: bool
) -> None:
    assert feed.specific_place(extra, has_position=True) is specific


def test_it_needs_a_link_or_phone_for_online_even_when_the_feed_says_online() -> None:
    joinable = row(attendance_option="online", conference_phone="+1 555 0100")
    assert parse_row(0, joinable, "UTC").attendance == "online"
    assert reason(row(attendance_option="online", address=None, city=None)) == (
        "no address, position or online link: nobody could find it"
    )


def test_it_honours_every_attendance_option() -> None:
    link = {"conference_url": "https://meet.example.org/x"}
    assert parse_row(0, row(attendance_option="hybrid", **link), "UTC").attendance == "hybrid"
    assert parse_row(0, row(attendance_option=" In_Person ", **link), "UTC").attendance == (
        "in_person"
    )
    inactive = parse_row(0, row(attendance_option="inactive", **link), "UTC")
    assert inactive.attendance == "inactive"
    # An option the format does not know is ignored: the fields decide (hybrid here).
    assert parse_row(0, row(attendance_option="sometimes", **link), "UTC").attendance == ("hybrid")


def test_it_keeps_a_temporarily_closed_meeting_but_not_as_a_walk_in() -> None:
    parsed = parse_row(0, row(types=["TC", "O"]), "UTC")
    assert parsed.attendance == "inactive" and parsed.fields["types"] == ["TC", "O"]


def test_it_says_why_a_row_cannot_be_found_and_whether_it_had_a_place() -> None:
    assert reason(row(address=None, formatted_address="Dover, DE, USA")) == (
        "no specific address and no online link or phone: nobody could find it"
    )
    assert reason(row(address=None, city=None)) == (
        "no address, position or online link: nobody could find it"
    )


def test_it_takes_the_zone_from_the_row_then_the_position_then_the_feed() -> None:
    named = parse_row(0, row(timezone=" Europe/Madrid ", latitude=40.7, longitude=-74), "UTC")
    assert (named.fields["timezone"], named.zone_from) == ("Europe/Madrid", ZONE_FROM_ROW)
    placed = parse_row(0, row(latitude=40.7, longitude=-74), "Europe/Madrid")
    assert (placed.fields["timezone"], placed.zone_from) == (
        "America/New_York",
        ZONE_FROM_POSITION,
    )
    # 0, 0 is at sea: no answer from the position, so the feed's zone.
    at_sea = parse_row(0, row(latitude=0, longitude=0), "Europe/Madrid")
    assert (at_sea.fields["timezone"], at_sea.zone_from) == ("Europe/Madrid", ZONE_FROM_FEED)
    assert reason(row(), zone="").startswith("no time zone: the row names none")


@pytest.mark.parametrize("zone", [5, "Mars/Olympus", "../etc/passwd"])
def test_it_refuses_a_zone_it_does_not_know(zone: object) -> None:
    assert reason(row(timezone=zone)).startswith("unknown timezone ")


def test_it_needs_no_zone_for_a_meeting_by_appointment() -> None:
    parsed = parse_row(0, row(day=None, time=None), "")
    assert parsed.weekdays == [None] and parsed.fields["start_time"] is None
    assert parsed.fields["end_time"] is None
    assert (parsed.fields["timezone"], parsed.zone_from) == ("", "")
    assert parsed.fields["duration_minutes"] == feed.DEFAULT_MINUTES


@pytest.mark.parametrize(
    ("day", "days"),
    [(None, [None]), ("", [None]), ([], [None]), (0, [0]), (" 6 ", [6]), ([3, "3", 1], [3, 1])],
)
def test_it_reads_the_days_the_feeds_send(day: object, days: list[int | None]) -> None:
    assert feed.parse_days(day) == days


@pytest.mark.parametrize(
    ("day", "shown"), [(True, "True"), (7, "7"), (-1, "-1"), ("Monday", "'Monday'"), (2.0, "2.0")]
)
def test_it_refuses_what_is_not_a_weekday(day: object, shown: str) -> None:
    with pytest.raises(BadRow, match=r"^day must be 0 \(Sunday\) to 6 \(Saturday\), not "):
        feed.parse_days([1, day])
    assert reason(row(day=day)).endswith(f"not {shown}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7:05", time(7, 5)), (" 19:30 ", time(19, 30)), ("23:59:59", time(23, 59))],
)
def test_it_reads_24_hour_times(value: str, expected: time) -> None:
    assert feed.parse_time(value, "time") == expected


@pytest.mark.parametrize(
    ("value", "wanted"),
    [
        ("8:00 PM", " (the format wants 20:00)"),
        ("12 am", " (the format wants 00:00)"),
        ("12:15 p.m.", " (the format wants 12:15)"),
        ("7a.m.", " (the format wants 07:00)"),
        ("13 pm", ""),
        ("8:75 pm", ""),
        ("noon", ""),
        (1930, ""),
    ],
)
def test_it_suggests_the_24_hour_time_for_a_12_hour_one(value: object, wanted: str) -> None:
    assert feed.hint(value) == wanted
    with pytest.raises(BadRow, match="must be a 24-hour time like 19:30"):
        feed.parse_time(value, "time")


def test_it_says_which_time_field_is_wrong() -> None:
    assert reason(row(end_time="9pm")) == (
        "end_time must be a 24-hour time like 19:30, not '9pm' (the format wants 21:00)"
    )
    assert reason(row(end_time="20:60")) == "end_time '20:60' is not a time of day"
    assert reason(row(time="")).startswith("missing time")


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [("19:30", "20:45", 75), ("23:30", "00:30", 60), ("19:30", "", 60)],
)
def test_it_counts_the_minutes_even_past_midnight(start: str, end: str, minutes: int) -> None:
    parsed = parse_row(0, row(time=start, end_time=end), "UTC")
    assert parsed.fields["duration_minutes"] == minutes


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (None, None, "none"),
        ("", "", "none"),
        ("45.1234567", 7, (45.123457, 7.0)),
        (-90, 180, (-90.0, 180.0)),
    ],
)
def test_it_reads_a_position(latitude: object, longitude: object, expected: object) -> None:
    parsed = parse_row(0, row(latitude=latitude, longitude=longitude), "UTC")
    position = (parsed.fields["latitude"], parsed.fields["longitude"])
    assert position == ((None, None) if expected == "none" else expected)


@pytest.mark.parametrize(
    ("latitude", "longitude", "said"),
    [
        (45, None, "latitude and longitude must come together"),
        ("", 7, "latitude and longitude must come together"),
        (True, 7, "latitude True is out of range (-90 to 90)"),
        ("nan", 7, "latitude 'nan' is out of range (-90 to 90)"),
        (45, "inf", "longitude 'inf' is out of range (-180 to 180)"),
        (45, -180.5, "longitude -180.5 is out of range (-180 to 180)"),
        ([45], 7, "latitude must be a number, not [45]"),
    ],
)
def test_it_refuses_a_position_that_cannot_be_one(
    latitude: object, longitude: object, said: str
) -> None:
    assert reason(row(latitude=latitude, longitude=longitude)) == said


@pytest.mark.parametrize(
    ("types", "codes"),
    [
        (None, []),
        ("", []),
        ("O, D,,O", ["O", "D"]),
        ([" BE ", "BE", ""], ["BE"]),
        (["ABCDEFGHIJKLMNOP"], ["ABCDEFGHIJKL"]),
        # Two long codes that are cut to the same twelve characters are one code.
        (["ABCDEFGHIJKLMN", "ABCDEFGHIJKLXY", "ABCDEFGHIJKL"], ["ABCDEFGHIJKL"]),
    ],
)
def test_it_reads_type_codes_once_each(types: object, codes: list[str]) -> None:
    assert feed.parse_types(types) == codes


@pytest.mark.parametrize("types", [5, ["O", 1], {"O": True}])
def test_it_refuses_types_that_are_not_codes(types: object) -> None:
    assert reason(row(types=types)) == "types must be a list of codes"


@pytest.mark.parametrize(
    ("link", "kept"),
    [
        ("https://zoom.us/j/1", True),
        ("HTTP://example.org/a", True),
        ("javascript:alert(1)", False),
        ("https:///no-host", False),
        ("zoom.us/j/1", False),
        ("ftp://example.org", False),
    ],
)
def test_it_keeps_only_web_links(link: str, kept: bool) -> None:
    parsed = parse_row(0, row(url=link, conference_url=link), "UTC")
    assert parsed.fields["url"] == (link if kept else "")
    assert parsed.fields["conference_url"] == (link if kept else "")
    # A link that is not a web link does not make the meeting online.
    assert parsed.fields["online"] is kept


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-08-22 21:29:56", datetime(2023, 8, 22, 21, 29, 56, tzinfo=UTC)),
        (
            "2023-08-22T21:29:56-04:00",
            datetime(2023, 8, 22, 21, 29, 56, tzinfo=timezone(timedelta(hours=-4))),
        ),
        ("yesterday", None),
        (1692739796, None),
        (None, None),
    ],
)
def test_it_reads_when_the_row_was_updated(value: object, expected: datetime | None) -> None:
    updated = feed.parse_updated(value)
    assert updated == expected
    if updated is not None:
        assert expected is not None and updated.utcoffset() == expected.utcoffset()


def test_it_builds_the_address_from_its_parts_when_none_is_formatted() -> None:
    parts = {"address": "1  Main St", "city": "Dover", "state": "DE", "postal_code": 19901}
    assert feed.address_of({**parts, "country": "USA"}) == "1 Main St, Dover, DE, 19901, USA"
    assert feed.address_of(parts) == "1 Main St, Dover, DE, 19901"
    assert feed.address_of({"country": "USA"}) == "USA"
    assert feed.address_of({**parts, "formatted_address": "Elsewhere 2"}) == "Elsewhere 2"
    assert feed.address_of({}) == ""


def test_it_reads_text_fields_and_refuses_what_is_not_text() -> None:
    assert feed.text({"k": "  a \n b  "}, "k", 10) == "a b"
    assert feed.text({"k": "  a \n b  "}, "k", 10, lines=True) == "a \n b"
    assert feed.text({"k": 19901}, "k", 3) == "199"
    assert feed.text({}, "k", 10) == ""
    assert reason(row(location=["hall"])) == "location must be text"
    assert reason(row(notes=True)) == "notes must be text"


def test_it_needs_a_name_and_a_slug_of_sensible_length() -> None:
    assert reason(row(name="  ")) == "missing name"
    assert reason(row(name="x" * 256)) == "name is longer than 255 characters"
    assert reason(row(slug=None)) == "missing slug (each meeting needs its own)"
    assert reason(row(slug="s" * 256)) == "slug is longer than 255 characters"
    assert reason(["a", "list"]) == "not a meeting object but list"
    assert parse_row(0, row(name="n" * 255, slug=42), "UTC").slug == "42"


def test_it_lets_one_slug_be_used_on_different_days_but_not_the_same_day_twice() -> None:
    rows: list[object] = [
        row(slug="a", day=1),
        row(slug="a", day=2),
        row(slug="a", day=[3, 1]),
        row(slug="b", day=None, time=None),
        row(slug="b", day=None, time=None),
    ]
    good, problems = parse_feed(rows, "UTC")
    assert [(m.index, m.weekdays) for m in good] == [(0, [1]), (1, [2]), (3, [None])]
    assert [(p.index, p.reason) for p in problems] == [
        (2, "duplicate slug 'a' (already used at index 0)"),
        (4, "duplicate slug 'b' (already used at index 3)"),
    ]


def test_it_labels_a_bad_row_with_what_it_can_and_never_raises() -> None:
    rows: list[object] = [
        row(slug=7, name=["not", "text"]),
        row(slug="s" * 300, name="n" * 300, day=9),
        42,
    ]
    good, problems = parse_feed(rows, "UTC")
    assert good == []
    assert [(p.slug, p.name) for p in problems] == [("7", ""), ("s" * 80, "n" * 80), ("", "")]
    assert problems[2].as_json() == {
        "index": 2,
        "slug": "",
        "name": "",
        "reason": "not a meeting object but int",
    }


def test_it_reads_only_the_first_rows_of_a_huge_feed_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(feed, "MAX_ROWS", 3)
    rows: list[object] = [row(slug=f"m{i}") for i in range(5)]
    good, problems = parse_feed(rows, "UTC")
    assert [m.slug for m in good] == ["m0", "m1", "m2"]
    assert [(p.index, p.reason) for p in problems] == [
        (3, "the feed has 5 rows; only the first 3 were read")
    ]


def test_it_reads_every_row_of_a_real_feed_without_raising() -> None:
    rows: list[object] = json.loads((FEEDS / "sussexaa.json").read_text())
    good, problems = parse_feed(rows, "")
    assert len(good) + len(problems) == len(rows) == 123
    assert all(isinstance(m, ParsedMeeting) and m.fields["name"] for m in good)
    assert len({(m.slug, tuple(m.weekdays)) for m in good}) == len(good)
