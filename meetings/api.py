"""The meeting finder in the JSON API: search, a meeting, "I'm going", "I went", feeds (staff)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, model_validator

from circle.policy import SELF, STAFF, access_rule
from meetings import search, services, types
from meetings.models import MeetingAttendance, MeetingFeed, MeetingPlan
from recoverycircle.api import ERRORS
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["meetings"])

MAX_RANGE_DAYS = 366
MAX_PAGE = 200


class MeetingFilters(Schema):
    day: int | None = Field(None, ge=0, le=6, description="0 = Sunday, in my time zone")
    time_from: time | None = Field(None, description="Starting at or after, in my time zone")
    time_to: time | None = Field(None, description="Starting at or before, in my time zone")
    types: str = Field("", max_length=200, description="Type codes, all required: O,D")
    online: bool | None = Field(None, description="true: join online; false: go in person")
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)
    radius_km: float | None = Field(None, gt=0, le=search.MAX_RADIUS_KM)
    q: str = Field("", max_length=100, description="Words in the name or place")
    limit: int = Field(50, ge=1, le=MAX_PAGE, description="Meetings per page")
    offset: int = Field(0, ge=0, le=1_000_000, description="Meetings to skip (paging)")

    @model_validator(mode="after")
    def place_is_complete(self) -> MeetingFilters:
        if (self.lat is None) != (self.lng is None):
            raise ValueError(gettext("give both lat and lng"))
        if self.radius_km is not None and self.lat is None:
            raise ValueError(gettext("radius_km needs lat and lng"))
        if any(t is not None and t.tzinfo is not None for t in (self.time_from, self.time_to)):
            raise ValueError(
                gettext("give times without a time zone: they are read in your own zone")
            )
        return self

    def query(self) -> search.MeetingQuery:
        return search.MeetingQuery(
            day=self.day,
            time_from=self.time_from,
            time_to=self.time_to,
            types=[t.strip() for t in self.types.split(",") if t.strip()],
            online=self.online,
            lat=self.lat,
            lng=self.lng,
            radius_km=self.radius_km,
            text=self.q,
        )


class MeetingOut(Schema):
    id: int
    feed: str
    slug: str
    name: str
    by_appointment: bool = Field(description="No day or time: contact the group")
    weekday: int | None = Field(description="0 = Sunday, in the meeting's own time zone")
    time: str | None = Field(description="HH:MM in the meeting's own time zone")
    end_time: str | None
    duration_minutes: int
    timezone: str = Field(description="The meeting's own zone ('' by appointment)")
    types: list[str]
    type_names: list[str]
    location: str
    address: str
    approximate: bool = Field(description="The address is only an area, not a place to go")
    region: str
    latitude: float | None
    longitude: float | None
    conference_url: str
    conference_phone: str
    notes: str
    group: str
    url: str
    online: bool
    in_person: bool
    attendance: str = Field(description="in_person, hybrid, online or inactive")
    updated: datetime | None
    listed: bool = Field(description="false when the feed no longer lists it")
    next_start: datetime | None = Field(description="The next start, with my zone's offset")
    local_weekday: int | None = Field(description="0 = Sunday, the day it falls on for me")
    local_time: str | None = Field(description="HH:MM in my time zone")
    distance_km: float | None = Field(None, description="Only for meetings to go to in person")


class MeetingPage(Schema):
    count: int = Field(description="All matching meetings; page with limit and offset")
    items: list[MeetingOut]


class GoingIn(Schema):
    once_on: date | None = Field(
        None, description="The meeting's own date to go once; leave out for every week"
    )


class MeetingPlanOut(Schema):
    id: int
    meeting_id: int
    meeting_name: str = Field(alias="meeting.name")
    weekly: bool
    on_date: date | None
    created_at: datetime


class WentIn(Schema):
    on_date: date | None = Field(None, description="My local date; today when left out")


class AttendanceOut(Schema):
    id: int
    meeting_id: int
    meeting_name: str = Field(alias="meeting.name")
    on_date: date


class AttendedOut(Schema):
    start: date
    end: date
    meetings: int


class FeedOut(Schema):
    id: int
    name: str
    url: str
    timezone: str
    refresh_hours: int
    next_refresh_at: datetime | None
    last_imported_at: datetime | None
    last_report: dict[str, Any]
    meetings: int


def meeting_out(found: search.Found) -> MeetingOut:
    m = found.meeting
    return MeetingOut(
        id=m.pk,
        feed=m.feed.name,
        slug=m.slug,
        name=m.name,
        by_appointment=m.by_appointment,
        weekday=m.weekday,
        time=f"{m.start_time:%H:%M}" if m.start_time else None,
        end_time=f"{m.end_time:%H:%M}" if m.end_time else None,
        duration_minutes=m.duration_minutes,
        timezone=m.timezone,
        types=m.types,
        type_names=types.labels(m.types),
        location=m.location,
        address=m.address,
        approximate=m.approximate,
        region=m.region,
        latitude=m.latitude,
        longitude=m.longitude,
        conference_url=m.conference_url,
        conference_phone=m.conference_phone,
        notes=m.notes,
        group=m.group,
        url=m.url,
        online=m.online,
        in_person=m.in_person,
        attendance=m.attendance_option,
        updated=m.updated,
        listed=m.gone_at is None,
        next_start=found.starts,
        local_weekday=found.weekday,
        local_time=f"{found.starts:%H:%M}" if found.starts else None,
        distance_km=found.distance_km,
    )


@router.get(
    "/meetings",
    response={200: MeetingPage, **ERRORS},
    summary="Find meetings: day and times are in my time zone; nearest first with lat/lng",
)
@access_rule(SELF)
def find_meetings(request: AuthedHttpRequest, filters: Query[MeetingFilters]) -> MeetingPage:
    found = search.search(filters.query(), request.user.zone, timezone.now())
    page = found[filters.offset : filters.offset + filters.limit]
    return MeetingPage(count=len(found), items=[meeting_out(f) for f in page])


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS}, summary="A meeting")
@access_rule(SELF)
def get_meeting(request: AuthedHttpRequest, meeting_id: int) -> MeetingOut:
    meeting = services.meeting_or_404(meeting_id)
    return meeting_out(search.found_one(meeting, request.user.zone, timezone.now()))


@router.post(
    "/meetings/{meeting_id}/going",
    response={200: MeetingPlanOut, 201: MeetingPlanOut, **ERRORS},
    summary="I'm going: every week, or once on a date; it goes on my calendar",
)
@access_rule(SELF)
def going(request: AuthedHttpRequest, meeting_id: int, payload: GoingIn) -> Status[MeetingPlan]:
    plan, created = services.going(request.user, meeting_id, payload.once_on)
    return Status(201 if created else 200, plan)


@router.delete(
    "/meetings/{meeting_id}/going",
    response={204: None, **ERRORS},
    summary="Not going after all (one date with ?on_date=, else every plan for it)",
)
@access_rule(SELF)
def not_going(
    request: AuthedHttpRequest, meeting_id: int, on_date: date | None = None
) -> Status[None]:
    if not services.not_going(request.user, meeting_id, on_date):
        raise HttpError(404, gettext("You had no plan to go to that meeting."))
    return Status(204, None)


@router.get(
    "/meeting-plans",
    response={200: list[MeetingPlanOut], **ERRORS},
    summary="Meetings I'm going to",
)
@access_rule(SELF)
def my_plans(request: AuthedHttpRequest) -> list[MeetingPlan]:
    return list(services.plans_of(request.user))


@router.post(
    "/meetings/{meeting_id}/attended",
    response={200: AttendanceOut, 201: AttendanceOut, **ERRORS},
    summary="I went (counts in my check-ins and commitments)",
)
@access_rule(SELF)
def attended(
    request: AuthedHttpRequest, meeting_id: int, payload: WentIn
) -> Status[MeetingAttendance]:
    mark, created = services.went(request.user, meeting_id, payload.on_date)
    return Status(201 if created else 200, mark)


@router.get(
    "/meetings-attended",
    response={200: AttendedOut, **ERRORS},
    summary="How many meetings I went to between two of my dates (inclusive)",
)
@access_rule(SELF)
def meetings_attended(request: AuthedHttpRequest, start: date, end: date) -> AttendedOut:
    if start > end:
        raise HttpError(400, gettext("The start must be on or before the end."))
    if (end - start).days >= MAX_RANGE_DAYS:
        raise HttpError(
            400, gettext("Ask for at most %(days)s days at a time.") % {"days": MAX_RANGE_DAYS}
        )
    count = services.meetings_attended(request.user, start, end)
    return AttendedOut(start=start, end=end, meetings=count)


@router.get(
    "/meeting-feeds",
    response={200: list[FeedOut], **ERRORS},
    summary="Meeting feeds and their last import report (staff only)",
)
@access_rule(STAFF)
def feeds(request: AuthedHttpRequest) -> list[FeedOut]:
    rows = MeetingFeed.objects.annotate(
        listed=Count("meetings", filter=Q(meetings__gone_at=None))
    ).order_by("name")
    return [
        FeedOut(
            id=f.pk,
            name=f.name,
            url=f.url,
            timezone=f.timezone,
            refresh_hours=f.refresh_hours,
            next_refresh_at=f.next_refresh_at,
            last_imported_at=f.last_imported_at,
            last_report=f.last_report,
            meetings=f.listed,
        )
        for f in rows
    ]
