"""Reading one Meeting Guide feed: a JSON array of meeting objects, checked row by row.

Pure functions, no database: every bad row becomes a `RowProblem` with its position and the
reason, and every good row a `ParsedMeeting`. Nothing a feed contains may raise.
"""

from __future__ import annotations

import math
import re
import zoneinfo
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlsplit

from meetings.types import TEMPORARILY_CLOSED
from meetings.zones import zone_at
from recoverycircle.request_guard import UNSTORABLE, unstorable_in_json

MAX_ROWS = 20_000
DEFAULT_MINUTES = 60  # the format's default when a row has no end time
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
TWELVE_HOUR = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?$", re.IGNORECASE)
ATTENDANCE = {"in_person", "hybrid", "online", "inactive"}
# Where a meeting's time zone came from, for the import report.
ZONE_FROM_ROW, ZONE_FROM_POSITION, ZONE_FROM_FEED = "row", "position", "feed"


@dataclass
class RowProblem:
    index: int  # position in the array, from 0
    slug: str
    name: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ParsedMeeting:
    index: int
    slug: str
    weekdays: list[int | None]  # [None]: by appointment
    fields: dict[str, Any] = field(default_factory=dict)
    zone_from: str = ""  # ZONE_FROM_*, "" for a meeting by appointment without one

    @property
    def attendance(self) -> str:
        in_person, online = self.fields["in_person"], self.fields["online"]
        if in_person and online:
            return "hybrid"
        return "in_person" if in_person else "online" if online else "inactive"


class BadRow(ValueError):
    """The reason a row cannot be used, in words for the person running the import."""


def text(row: dict[str, Any], key: str, limit: int, lines: bool = False) -> str:
    """The field as text (numbers allowed: some feeds send postal codes as numbers)."""
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadRow(f"{key} must be text")
    if lines:
        return str(value).strip()[:limit]
    return " ".join(str(value).split())[:limit]


def parse_time(value: object, key: str) -> time:
    if not isinstance(value, str) or not (match := TIME.match(value.strip())):
        raise BadRow(f"{key} must be a 24-hour time like 19:30, not {short(value)}{hint(value)}")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise BadRow(f"{key} {value!r} is not a time of day")
    return time(hour, minute)


def hint(value: object) -> str:
    """For "8:00 PM": what the format wants instead, so the feed's keeper can fix it."""
    match = TWELVE_HOUR.match(value.strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match[1]) <= 12 or int(match[2] or 0) > 59:
        return ""
    hour = int(match[1]) % 12 + (12 if match[3].lower() == "p" else 0)
    return f" (the format wants {hour:02d}:{int(match[2] or 0):02d})"


def parse_days(value: object) -> list[int | None]:
    """The weekdays; [None] when the row has no day: a meeting "by appointment" (valid)."""
    values = value if isinstance(value, list) else [value]
    if value is None or value == "" or not values:
        return [None]
    days: list[int | None] = []
    for one in values:
        # Some feeds send "2" for 2; a bool is never a day, though Python counts it as an int.
        if isinstance(one, str) and one.strip().isdigit():
            one = int(one.strip())
        if isinstance(one, bool) or not isinstance(one, int) or not 0 <= one <= 6:
            raise BadRow(f"day must be 0 (Sunday) to 6 (Saturday), not {short(one)}")
        if one not in days:
            days.append(one)
    return days


def parse_zone(value: object) -> str:
    """The row's own zone, "" when it names none."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise BadRow(f"unknown timezone {short(value)}")
    try:
        zoneinfo.ZoneInfo(value.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise BadRow(f"unknown timezone {short(value)}") from None
    return value.strip()


def parse_coordinate(row: dict[str, Any], key: str, limit: float) -> float | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        raise BadRow(f"{key} must be a number, not {short(value)}") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise BadRow(f"{key} {short(value)} is out of range (-{limit:g} to {limit:g})")
    return round(number, 6)


def parse_types(value: object) -> list[str]:
    if value is None or value == "":
        return []
    # Some feeds send "O,D" instead of ["O", "D"].
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
        raise BadRow("types must be a list of codes")
    codes: list[str] = []
    # Cut before comparing: two long codes that share their first 12 characters are one.
    for code in (t.strip()[:12] for t in items):
        if code and code not in codes:
            codes.append(code)
    return codes


def web_link(value: str) -> str:
    """The link when it is an http(s) URL, else "" (a javascript: link must never be shown)."""
    parts = urlsplit(value)
    return value if parts.scheme in {"http", "https"} and parts.netloc else ""


def parse_updated(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    # The format says UTC; a timestamp with its own offset is taken as it says.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def address_of(row: dict[str, Any]) -> str:
    if formatted := text(row, "formatted_address", 500):
        return formatted
    parts = [text(row, key, 120) for key in ("address", "city", "state", "postal_code")]
    line = ", ".join(p for p in parts if p)
    country = text(row, "country", 60)
    return f"{line}, {country}" if line and country else line or country


def specific_place(row: dict[str, Any], has_position: bool) -> bool:
    """Whether the row names a place one can walk into, not only a city for an online meeting.

    The format: in-person meetings must have a specific address, online ones may have an
    approximate one ("Philadelphia, PA, USA"). `approximate` says so explicitly; else a street
    line does. Feeds also put a city's coordinates on online meetings, so a position alone
    only counts when there is no address to judge by.
    """
    approximate = str(row.get("approximate") or "").strip().lower()
    if approximate in {"yes", "no"}:
        return approximate == "no"
    if text(row, "address", 120):  # the street line of the split-up address fields
        return True
    if formatted := text(row, "formatted_address", 500):
        return is_street_address(formatted)
    return has_position


def is_street_address(formatted: str) -> bool:
    """ "14 E Mill Rd, Flourtown, PA 19031, USA" is; "Philadelphia, PA, USA" is not: street,
    city, state and country make four parts (the Meeting Guide importer's own test), and a
    house number first is a street too."""
    parts = [p.strip() for p in formatted.split(",") if p.strip()]
    return len(parts) >= 4 or (bool(parts) and parts[0][:1].isdigit())


def attendance_of(
    row: dict[str, Any], types: list[str], joinable: bool, specific: bool
) -> tuple[bool, bool]:
    """(in person, online) as the row's `attendance_option` says, else as its fields imply.

    Online needs a link or phone number to join (the format: without one an online meeting
    is not active); in person needs a specific place and no "temporarily closed".
    """
    option = str(row.get("attendance_option") or "").strip().lower()
    if option in ATTENDANCE:
        return option in {"in_person", "hybrid"}, option in {"online", "hybrid"} and joinable
    return specific and TEMPORARILY_CLOSED not in types, joinable


def zone_for(
    row: dict[str, Any], position: tuple[float, float] | None, default: str
) -> tuple[str, str]:
    """The meeting's zone and where it came from: the row, else its position, else the feed."""
    if own := parse_zone(row.get("timezone")):
        return own, ZONE_FROM_ROW
    if position is not None and (found := zone_at(*position)):
        return found, ZONE_FROM_POSITION
    if default:
        return default, ZONE_FROM_FEED
    raise BadRow(
        "no time zone: the row names none, it has no position to tell it by, and the feed "
        "has no --timezone"
    )


def duration(start: time, end: time | None) -> int:
    if end is None:
        return DEFAULT_MINUTES
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    # An end before the start means the meeting runs past midnight.
    return minutes if minutes > 0 else minutes + 24 * 60


def parse_row(index: int, row: object, default_zone: str) -> ParsedMeeting:
    if not isinstance(row, dict):
        raise BadRow(f"not a meeting object but {type(row).__name__}")
    # No database stores NUL or a lone surrogate as text (PostgreSQL refused the whole import
    # while SQLite kept it): the row is refused, as a person's form would be.
    if (where := unstorable_in_json(row, [])) is not None:
        raise BadRow(
            f"{'.'.join(map(str, where))} contains a character that cannot be stored "
            "(NUL or an unpaired surrogate)"
        )
    name, slug = name_and_slug(row)
    days = parse_days(row.get("day"))
    start, end = times_of(row, by_appointment=days == [None])
    latitude = parse_coordinate(row, "latitude", 90)
    longitude = parse_coordinate(row, "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise BadRow("latitude and longitude must come together")
    position = (latitude, longitude) if latitude is not None and longitude is not None else None
    types = parse_types(row.get("types"))
    conference_url = web_link(text(row, "conference_url", 1000))
    conference_phone = text(row, "conference_phone", 100)
    specific = specific_place(row, position is not None)
    in_person, online = attendance_of(
        row, types, bool(conference_url or conference_phone), specific
    )
    inactive = str(row.get("attendance_option") or "").strip().lower() == "inactive"
    if not (online or in_person or inactive or TEMPORARILY_CLOSED in types):
        raise BadRow(
            "no specific address and no online link or phone: nobody could find it"
            if address_of(row) or position
            else "no address, position or online link: nobody could find it"
        )
    zone, zone_from = "", ""
    if start is not None:
        zone, zone_from = zone_for(row, position, default_zone)
    fields = {
        "name": name,
        "start_time": start,
        "end_time": end,
        "duration_minutes": duration(start, end) if start else DEFAULT_MINUTES,
        "timezone": zone,
        "types": types,
        "location": text(row, "location", 255),
        "address": address_of(row),
        "approximate": not specific,
        "region": text(row, "region", 255),
        "latitude": latitude,
        "longitude": longitude,
        "conference_url": conference_url,
        "conference_phone": conference_phone,
        "notes": text(row, "notes", 5000, lines=True),
        "group": text(row, "group", 255),
        "url": web_link(text(row, "url", 1000)),
        "online": online,
        "in_person": in_person,
        "updated": parse_updated(row.get("updated")),
    }
    return ParsedMeeting(index=index, slug=slug, weekdays=days, fields=fields, zone_from=zone_from)


def name_and_slug(row: dict[str, Any]) -> tuple[str, str]:
    name = text(row, "name", 1000)
    if not name:
        raise BadRow("missing name")
    if len(name) > 255:
        raise BadRow("name is longer than 255 characters")
    slug = text(row, "slug", 1000)
    if not slug:
        raise BadRow("missing slug (each meeting needs its own)")
    if len(slug) > 255:
        raise BadRow("slug is longer than 255 characters")
    return name, slug


def times_of(row: dict[str, Any], by_appointment: bool) -> tuple[time | None, time | None]:
    """Start and end; none for a meeting by appointment (the format: no specific time)."""
    if by_appointment:
        return None, None
    if row.get("time") in (None, ""):
        raise BadRow("missing time (leave out both day and time for a meeting by appointment)")
    start = parse_time(row.get("time"), "time")
    end = parse_time(row["end_time"], "end_time") if row.get("end_time") else None
    return start, end


def short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def label_of(row: object) -> tuple[str, str]:
    if not isinstance(row, dict):
        return "", ""
    slug, name = row.get("slug"), row.get("name")
    # The report is saved too: a refused row's label must not carry what made it unstorable.
    return (
        UNSTORABLE.sub("\ufffd", str(slug)[:80]) if isinstance(slug, str | int) else "",
        UNSTORABLE.sub("\ufffd", str(name)[:80]) if isinstance(name, str) else "",
    )


def parse_feed(
    rows: list[object], default_zone: str
) -> tuple[list[ParsedMeeting], list[RowProblem]]:
    """Good meetings and bad rows, each bad row with its reason; never raises."""
    good: list[ParsedMeeting] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, int | None], int] = {}
    for index, row in enumerate(rows[:MAX_ROWS]):
        slug, name = label_of(row)
        try:
            parsed = parse_row(index, row, default_zone)
        except BadRow as error:
            problems.append(RowProblem(index, slug, name, str(error)))
            continue
        keys = [(parsed.slug, day) for day in parsed.weekdays]
        clash = next((seen[key] for key in keys if key in seen), None)
        if clash is not None:
            reason = f"duplicate slug {parsed.slug!r} (already used at index {clash})"
            problems.append(RowProblem(index, slug, name, reason))
            continue
        seen.update(dict.fromkeys(keys, index))
        good.append(parsed)
    if len(rows) > MAX_ROWS:
        reason = f"the feed has {len(rows)} rows; only the first {MAX_ROWS} were read"
        problems.append(RowProblem(MAX_ROWS, "", "", reason))
    return good, problems
