"""Finding meetings: by day and time (in the searcher's own time zone), type codes, online or
in person, and distance from a point.

Distance is a haversine in Python after a bounding-box prefilter in SQL, which works the same
on SQLite and PostgreSQL and needs no GIS extension. Day and time depend on each meeting's own
zone, so they are checked in Python on the rows the SQL filters leave.

A meeting one can only join online has no distance: its position is only the area it comes
from, so "0.0 km" would send nobody anywhere. Near a point, such meetings come after the
ones to walk into; meetings by appointment come last, and only when no day or time is asked.
"""

from __future__ import annotations

import math
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.db.models import Q, QuerySet

from meetings.models import Meeting
from meetings.when import feed_weekday, next_start

EARTH_KM = 6371.0088
KM_PER_DEGREE = 111.32
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 2000.0


@dataclass
class MeetingQuery:
    day: int | None = None  # 0 = Sunday, in the searcher's zone
    time_from: time | None = None  # in the searcher's zone
    time_to: time | None = None
    types: list[str] = field(default_factory=list)
    online: bool | None = None  # True: can join online; False: can go in person
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None
    text: str = ""


@dataclass
class Found:
    meeting: Meeting
    starts: datetime | None  # the next start, in the searcher's zone; None by appointment
    distance_km: float | None = None  # only for a meeting one can go to in person

    @property
    def weekday(self) -> int | None:
        """The day it falls on for the searcher (0 = Sunday), which may differ from the
        meeting's own day when their zones are far apart."""
        return None if self.starts is None else feed_weekday(self.starts.date())

    @property
    def other_zone(self) -> bool:
        """Whether the meeting's own clock differs from the searcher's (then both are shown)."""
        own = self.own_start
        return (
            own is not None
            and self.starts is not None
            and (self.starts.utcoffset() != own.utcoffset())
        )

    @property
    def own_start(self) -> datetime | None:
        if self.starts is None:
            return None
        return self.starts.astimezone(zoneinfo.ZoneInfo(self.meeting.timezone))


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lng: float, radius_km: float) -> Q:
    """Rows that may lie within `radius_km`: a cheap superset for the database to find."""
    dlat = radius_km / KM_PER_DEGREE
    south, north = lat - dlat, lat + dlat
    box = Q(latitude__gte=max(south, -90.0), latitude__lte=min(north, 90.0))
    if south <= -90 or north >= 90:
        return box  # the circle covers a pole: every longitude is in reach
    # Degrees of longitude shrink towards the poles; use the widest the box needs.
    widest = math.cos(math.radians(max(abs(south), abs(north))))
    dlng = radius_km / (KM_PER_DEGREE * widest)
    if dlng >= 180:
        return box
    west, east = lng - dlng, lng + dlng
    if west < -180:  # across the antimeridian: two ranges
        return box & (Q(longitude__gte=west + 360) | Q(longitude__lte=east))
    if east > 180:
        return box & (Q(longitude__gte=west) | Q(longitude__lte=east - 360))
    return box & Q(longitude__gte=west, longitude__lte=east)


def in_window(at: time, start: time | None, end: time | None) -> bool:
    if start is None:
        return end is None or at <= end
    if end is None:
        return at >= start
    if start <= end:
        return start <= at <= end
    return at >= start or at <= end  # a window across midnight, e.g. 22:00 to 02:00


def candidates(query: MeetingQuery) -> QuerySet[Meeting]:
    rows = Meeting.objects.filter(gone_at=None).filter(Q(online=True) | Q(in_person=True))
    if query.online is True:
        rows = rows.filter(online=True)
    elif query.online is False:
        rows = rows.filter(in_person=True)
    if query.lat is not None and query.lng is not None:
        radius = query.radius_km or DEFAULT_RADIUS_KM
        rows = rows.filter(bounding_box(query.lat, query.lng, radius))
    if query.text:
        words = query.text.strip()
        rows = rows.filter(
            Q(name__icontains=words)
            | Q(location__icontains=words)
            | Q(address__icontains=words)
            | Q(region__icontains=words)
        )
    return rows.select_related("feed")


def search(query: MeetingQuery, zone: zoneinfo.ZoneInfo, now: datetime) -> list[Found]:
    """Every matching meeting with its next start in `zone`: nearest first when a point is
    given (meetings to walk into, then online ones from the area), else soonest first;
    meetings by appointment last. The caller pages the list."""
    wanted_types = set(query.types)
    point = (query.lat, query.lng) if query.lat is not None and query.lng is not None else None
    near = point is not None
    radius = query.radius_km or DEFAULT_RADIUS_KM
    when_asked = query.day is not None or query.time_from or query.time_to
    found: list[Found] = []
    for meeting in candidates(query).iterator(chunk_size=2000):
        if wanted_types and not wanted_types.issubset(meeting.types):
            continue
        distance = None
        if point is not None:
            if meeting.latitude is None or meeting.longitude is None:
                continue
            distance = haversine_km(*point, meeting.latitude, meeting.longitude)
            if distance > radius:
                continue
        if meeting.by_appointment:
            if not when_asked:
                found.append(Found(meeting, None))
            continue
        starts = next_start(meeting, now).astimezone(zone)
        if query.day is not None and feed_weekday(starts.date()) != query.day:
            continue
        if not in_window(starts.time(), query.time_from, query.time_to):
            continue
        walk_in = meeting.in_person and not meeting.approximate
        # `distance` is set exactly when a point was given (`near`).
        found.append(
            Found(meeting, starts, round(distance, 1) if walk_in and distance is not None else None)
        )
    found.sort(key=order_near if near else order_soon)
    return found


def order_near(f: Found) -> tuple[object, ...]:
    return (f.starts is None, f.distance_km is None, f.distance_km or 0, order_soon(f))


def order_soon(f: Found) -> tuple[object, ...]:
    return (
        f.starts is None,
        f.starts or datetime.max.replace(tzinfo=UTC),
        f.meeting.name,
        f.meeting.pk,
    )


def found_one(meeting: Meeting, zone: zoneinfo.ZoneInfo, now: datetime) -> Found:
    if meeting.by_appointment:
        return Found(meeting, None)
    return Found(meeting, next_start(meeting, now).astimezone(zone))
