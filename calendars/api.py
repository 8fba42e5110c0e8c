"""Calendar API: my entries for the next days, and my private feed address."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Query, Router, Schema, Status
from pydantic import Field

from calendars import services
from calendars.services import Occurrence
from circle.policy import SELF, access_rule
from recoverycircle.api import ERRORS
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["calendar"])


class CalendarFeedOut(Schema):
    active: bool
    created_at: datetime | None = None
    last_used_at: datetime | None = None


class CalendarFeedCreatedOut(Schema):
    url: str = Field(description="The secret address; shown once, it cannot be read again.")
    webcal_url: str
    created_at: datetime


class CalendarItemOut(Schema):
    uid: str
    title: str
    kind: str
    start: datetime
    end: datetime
    local_date: date
    location: str
    url: str
    recurring: bool


class CalendarQuery(Schema):
    days: int = Field(default=services.AGENDA_DAYS, ge=1, le=90)


def item_out(item: Occurrence, local_date: date) -> CalendarItemOut:
    entry = item.entry
    return CalendarItemOut(
        uid=entry.uid,
        title=entry.title,
        kind=entry.kind,
        start=item.start,
        end=item.end,
        local_date=local_date,
        location=entry.location,
        url=entry.url,
        recurring=bool(entry.rrule),
    )


@router.get(
    "/calendar",
    response={200: list[CalendarItemOut], **ERRORS},
    summary="My calendar: the next days (30 unless asked), recurrences expanded",
)
@access_rule(SELF)
def my_calendar(request: AuthedHttpRequest, query: Query[CalendarQuery]) -> list[CalendarItemOut]:
    return [
        item_out(item, day)
        for day, items in services.agenda(request.user, days=query.days)
        for item in items
    ]


@router.get("/calendar/feed", response={200: CalendarFeedOut, **ERRORS}, summary="My calendar feed")
@access_rule(SELF)
def get_feed(request: AuthedHttpRequest) -> CalendarFeedOut:
    found = services.live_feed(request.user)
    if found is None:
        return CalendarFeedOut(active=False)
    return CalendarFeedOut(
        active=True, created_at=found.created_at, last_used_at=found.last_used_at
    )


@router.post(
    "/calendar/feed",
    response={201: CalendarFeedCreatedOut, **ERRORS},
    summary="Make a new secret feed address (the old one stops working)",
)
@access_rule(SELF)
def create_feed(request: AuthedHttpRequest) -> Status[CalendarFeedCreatedOut]:
    found, raw = services.create_feed(request.user)
    return Status(
        201,
        CalendarFeedCreatedOut(
            url=services.feed_url(raw),
            webcal_url=services.webcal_url(raw),
            created_at=found.created_at,
        ),
    )


@router.delete(
    "/calendar/feed", response={204: None, **ERRORS}, summary="Turn my calendar feed off"
)
@access_rule(SELF)
def revoke_feed(request: AuthedHttpRequest) -> Status[None]:
    services.revoke_feed(request.user)
    return Status(204, None)
