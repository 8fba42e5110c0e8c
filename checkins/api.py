"""Check-ins and the check-in schedule in the JSON API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from checkins import services
from checkins.models import CheckIn, CheckInSchedule, Mood
from circle import policy
from circle.models import Scope
from circle.policy import SELF, access_rule, client_scope
from crisis.schemas import CrisisCheckOut, crisis_out
from recoverycircle.api import ERRORS, unvalidated_response
from recoverycircle.typing import AuthedHttpRequest
from sobriety.lapses import lapse_on, lapse_page_url

router = Router(tags=["checkins"])

DEFAULT_DAYS = 30


class CheckInIn(BaseModel):
    # A plain pydantic model: a body needs none of Ninja's Schema extras (reading Django
    # objects' attributes), whose wrapper showed in the profile of the busiest call.
    mood: int = Field(ge=1, le=5, description="1 very low, 2 low, 3 okay, 4 good, 5 great")
    craving: int = Field(ge=0, le=10)
    stress: int = Field(ge=0, le=10)
    sleep_hours: Decimal = Field(ge=0, le=24, decimal_places=1)
    used: bool = False
    meeting_attended: bool = False
    coping_used: str = Field(default="", max_length=300)
    triggers: list[str] = Field(default_factory=list, max_length=services.MAX_TRIGGERS)
    note: str = Field(default="", max_length=4000)
    commitments_kept: list[str] | None = Field(
        default=None,
        max_length=services.MAX_COMMITMENTS,
        description="Ids of the plan's commitments kept today (see the plan's commitments); "
        "only ids in the current plan are accepted. Leave out to keep today's as they are.",
    )
    for_date: date | None = Field(
        default=None,
        description="The day this check-in is meant for; refused when that day is over.",
    )


class CheckInOut(Schema):
    local_date: date
    mood: int
    mood_label: str
    craving: int
    stress: int
    sleep_hours: Decimal
    used: bool
    meeting_attended: bool
    coping_used: str
    triggers: list[str]
    note: str
    commitments_kept: list[str]
    created_at: datetime
    updated_at: datetime
    editable: bool


class CheckInSavedOut(CheckInOut):
    created: bool
    crisis: CrisisCheckOut | None = Field(
        default=None, description="Set when the text sounds like a crisis: show these at once."
    )
    lapse_form_url: str | None = Field(
        default=None,
        description="When the check-in says used: the page of the lapse written down with it, "
        "to add more if the client likes (or, without a sobriety count, where to write one).",
    )
    lapse_id: int | None = Field(
        default=None,
        description="When the check-in says used: the lapse written down with it "
        "(see /sobriety/lapses); the sobriety count has changed already.",
    )


class SharedCheckInOut(Schema):
    """What a supporter sees: the day only (summary), or also the details. Never the note."""

    local_date: date
    checked_in_at: datetime
    mood: int | None = None
    mood_label: str | None = None
    craving: int | None = None
    stress: int | None = None
    sleep_hours: Decimal | None = None
    meeting_attended: bool | None = None
    coping_used: str | None = None
    triggers: list[str] | None = None


class SharedCheckInsOut(Schema):
    client_id: int
    level: Literal["summary", "detail"]
    today: Literal["checked_in", "not_yet", "missed"]
    checkins: list[SharedCheckInOut]


class CommitmentProgressOut(Schema):
    id: str
    label: str
    frequency: str = Field(description='"daily", "once a week" or "3 times a week"')
    daily: bool
    kept: int = Field(description="Days kept (daily) or times kept in the last 7 days")
    target: int = Field(description="7 for a daily commitment, else the times a week")
    met: bool
    counts_meetings: bool = Field(
        description="A commitment about meetings: meetings marked as attended count too"
    )
    counts_checkins: bool = Field(
        default=False,
        description="A commitment to check in: every day with a check-in counts",
    )
    words: str = Field(
        default="", description='"2 of 3", "5 of 7 days", "5 times, more than the 3 planned"'
    )


class CommitmentsOut(Schema):
    start: date
    end: date
    commitments: list[CommitmentProgressOut]


class CheckInScheduleIn(Schema):
    due_time: time = Field(description="Local time of day in the client's time zone, HH:MM")
    grace_minutes: int = Field(ge=0, le=24 * 60 - 1)
    enabled: bool = True


class CheckInScheduleOut(Schema):
    configured: bool
    enabled: bool
    due_time: time
    grace_minutes: int
    time_zone: str
    next_reminder_at: datetime | None
    next_deadline_at: datetime | None


def checkin_out(checkin: CheckIn, today: date) -> dict[str, Any]:
    """A check-in as `CheckInOut` fields: a dict rather than the schema, as building the
    schema showed in the profile of the busiest call (Ninja validates other answers against
    the schema anyway; a check-in's is rendered as it is, see put_today)."""
    return {
        "local_date": checkin.local_date,
        "mood": checkin.mood,
        "mood_label": str(Mood(checkin.mood).label),
        "craving": checkin.craving,
        "stress": checkin.stress,
        "sleep_hours": checkin.sleep_hours,
        "used": checkin.used,
        "meeting_attended": checkin.meeting_attended,
        "coping_used": checkin.coping_used,
        "triggers": checkin.triggers,
        "note": checkin.note,
        "commitments_kept": checkin.commitments_kept,
        "created_at": checkin.created_at,
        "updated_at": checkin.updated_at,
        "editable": checkin.local_date == today,
    }


def date_range(client_today: date, start: date | None, end: date | None) -> tuple[date, date]:
    end = end or client_today
    # Clamped at the calendar's first day: an `end` in year 1 is odd, not a server error.
    start = start or date.fromordinal(max(1, end.toordinal() - DEFAULT_DAYS + 1))
    return start, end


@router.get(
    "/checkins",
    response={200: list[CheckInOut], **ERRORS},
    summary="My check-ins between two local dates (default: the last 30 days)",
)
@access_rule(SELF)
def my_checkins(
    request: AuthedHttpRequest, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    today = services.today_of(request.user)
    first, last = date_range(today, start, end)
    found = list(services.checkins_between(request.user, first, last))
    return [checkin_out(c, today) for c in found]


@router.get(
    "/checkins/today",
    response={200: CheckInOut, **ERRORS},
    summary="Today's check-in (404 when there is none yet)",
)
@access_rule(SELF)
def get_today(request: AuthedHttpRequest) -> dict[str, Any]:
    found = services.todays_checkin(request.user)
    if found is None:
        raise HttpError(404, _("You haven't checked in today yet."))
    return checkin_out(found, found.local_date)


@router.put(
    "/checkins/today",
    response={200: CheckInSavedOut, 201: CheckInSavedOut, **ERRORS},
    summary="Check in for today, or change today's check-in",
)
@access_rule(SELF)
def put_today(request: AuthedHttpRequest, payload: CheckInIn) -> HttpResponse:
    data = services.CheckInData(**payload.model_dump(exclude={"for_date"}))
    checkin, created = services.save_today(request.user, data, for_date=payload.for_date)
    lapse = lapse_on(request.user, checkin.local_date) if checkin.used else None
    lapse_url = lapse_page_url(lapse, checkin.local_date) if checkin.used else None
    match = services.crisis_check(request.user, checkin)
    saved = checkin_out(checkin, checkin.local_date) | {
        "created": created,
        "lapse_form_url": lapse_url,
        "lapse_id": lapse.pk if lapse else None,
        "crisis": crisis_out(match) if match else None,
    }
    return unvalidated_response(request, saved, 201 if created else 200)


@router.get(
    "/checkins/commitments",
    response={200: CommitmentsOut, **ERRORS},
    summary="This week's progress on my plan's commitments (the last 7 days, today included)",
)
@access_rule(SELF)
def my_commitments(request: AuthedHttpRequest) -> CommitmentsOut:
    today = services.today_of(request.user)
    return CommitmentsOut(
        start=today - timedelta(days=services.WEEK_DAYS - 1),
        end=today,
        commitments=[
            CommitmentProgressOut(
                id=p.id,
                label=p.label,
                frequency=p.frequency,
                daily=p.daily,
                kept=p.kept,
                target=p.target,
                met=p.met,
                counts_meetings=p.counts_meetings,
                counts_checkins=p.counts_checkins,
                words=p.count_words,
            )
            for p in services.commitment_progress(request.user, today)
        ],
    )


@router.get(
    "/clients/{client_id}/checkins",
    response={200: SharedCheckInsOut, **ERRORS},
    exclude_none=True,
    summary="A client's check-ins as shared with me: summary, or details with that scope",
)
@access_rule(client_scope(Scope.CHECKIN_SUMMARY), what=gettext_noop("check-in status"))
def client_checkins(
    request: AuthedHttpRequest, client_id: int, start: date | None = None, end: date | None = None
) -> SharedCheckInsOut:
    # The summary scope is needed (the route's rule); details are given when that scope is
    # shared too, and the visit's one log row then names both.
    access = policy.granted(request)
    client, shared = access.client, access.membership
    detail = shared is None or shared.has_scope(Scope.CHECKIN_DETAIL)
    if shared is not None and detail:
        policy.read(
            request.user, client.pk, Scope.CHECKIN_DETAIL, gettext_noop("check-in details"), "api"
        )
    first, last = date_range(services.today_of(client), start, end)
    found = list(services.shared_checkins(client, first, last))
    return SharedCheckInsOut(
        client_id=client.pk,
        level="detail" if detail else "summary",
        today=services.today_status(client).code,
        checkins=[shared_out(c, detail) for c in found],
    )


def shared_out(checkin: CheckIn, detail: bool) -> SharedCheckInOut:
    out = SharedCheckInOut(local_date=checkin.local_date, checked_in_at=checkin.created_at)
    if detail:
        out = SharedCheckInOut(
            local_date=checkin.local_date,
            checked_in_at=checkin.created_at,
            mood=checkin.mood,
            mood_label=str(Mood(checkin.mood).label),
            craving=checkin.craving,
            stress=checkin.stress,
            sleep_hours=checkin.sleep_hours,
            meeting_attended=checkin.meeting_attended,
            coping_used=checkin.coping_used,
            triggers=checkin.triggers,
        )
    return out


@router.get(
    "/checkins/schedule",
    response={200: CheckInScheduleOut, **ERRORS},
    summary="When my daily check-in is due (defaults until I set it)",
)
@access_rule(SELF)
def get_schedule(request: AuthedHttpRequest) -> CheckInScheduleOut:
    return schedule_out(request)


@router.put(
    "/checkins/schedule",
    response={200: CheckInScheduleOut, **ERRORS},
    summary="Set my daily due time and grace period, in my own time zone",
)
@access_rule(SELF)
def put_schedule(request: AuthedHttpRequest, payload: CheckInScheduleIn) -> CheckInScheduleOut:
    services.save_schedule(
        request.user, payload.due_time, payload.grace_minutes, payload.enabled, timezone.now()
    )
    return schedule_out(request)


def schedule_out(request: AuthedHttpRequest) -> CheckInScheduleOut:
    found = services.schedule_of(request.user)
    plan = found or CheckInSchedule(client=request.user)
    return CheckInScheduleOut(
        configured=found is not None,
        enabled=plan.enabled,
        due_time=plan.due_time,
        grace_minutes=plan.grace_minutes,
        time_zone=request.user.time_zone,
        next_reminder_at=plan.next_reminder_at,
        next_deadline_at=plan.next_deadline_at,
    )
