"""Sobriety counts, settings and lapses in the JSON API."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from circle import policy
from circle.models import Scope
from circle.policy import SELF, access_rule, client_scope
from recoverycircle.api import ERRORS
from recoverycircle.typing import AuthedHttpRequest
from sobriety import lapses, services
from sobriety.models import Lapse, SobrietyStart

router = Router(tags=["sobriety"])

# For fields after one named `date`, whose default would stand for the type in the class body.
Day = date


class MilestoneOut(Schema):
    days: int
    label: str
    reached_on: date


class CountOut(Schema):
    id: int
    substance: str
    start_date: date
    current_start: date
    current_streak: int
    total_sober_days: int
    longest_streak: int
    lapse_count: int
    milestones_reached: list[MilestoneOut]
    next_milestone: MilestoneOut


class SobrietyOut(Schema):
    today: date
    announce_milestones: bool
    lapse_plan_steps: list[str] = Field(
        description="The lapse plan: the lapse_plan section of my relapse prevention plan "
        "(change it with PUT /api/v1/plan)"
    )
    counts: list[CountOut]


class StartIn(Schema):
    start_date: date
    substance: str = Field(default="", max_length=60, description="Empty for the overall count")


class SettingsIn(Schema):
    """The lapse plan is no longer a setting: it is the lapse_plan section of the plan (PUT
    /api/v1/plan). Unknown keys are refused, so an old client's lapse_plan is not lost
    silently."""

    model_config = ConfigDict(extra="forbid")

    announce_milestones: bool


class LapseIn(Schema):
    date: Day = Field(description="The (first) day of use")
    end_date: Day | None = Field(
        default=None,
        description="The last day of use, for a lapse of several days; leave out for one day",
    )
    what_happened: str = Field(default="", max_length=4000)
    what_learned: str = Field(default="", max_length=4000)
    tell_circle: bool = False
    start_id: int | None = Field(
        default=None, description="Which count; may be left out when there is only one"
    )


class LapseOut(Schema):
    id: int
    start_id: int
    substance: str
    date: Day = Field(description="The first day of use")
    end_date: Day = Field(description="The last day of use (the same day for one day)")
    days: int = Field(description="Days of use, none of which counts as sober")
    what_happened: str
    what_learned: str
    told_circle: bool
    created_at: datetime


class SharedCountOut(Schema):
    """What a supporter with the sobriety scope sees of one count."""

    substance: str
    current_start: date
    current_streak: int
    latest_milestone: MilestoneOut | None
    next_milestone: MilestoneOut


class SharedSobrietyOut(Schema):
    client_id: int
    counts: list[SharedCountOut]


def milestone_out(m: services.Milestone) -> MilestoneOut:
    return MilestoneOut(days=m.days, label=m.label, reached_on=m.reached_on)


def count_out(st: services.Status) -> CountOut:
    return CountOut(
        id=st.start.pk,
        substance=st.start.substance,
        start_date=st.start.start_date,
        current_start=st.current_start,
        current_streak=st.current_streak,
        total_sober_days=st.total_sober_days,
        longest_streak=st.longest_streak,
        lapse_count=st.lapse_count,
        milestones_reached=[milestone_out(m) for m in st.reached],
        next_milestone=milestone_out(st.next_milestone),
    )


def lapse_out(lapse: Lapse) -> LapseOut:
    return LapseOut(
        id=lapse.pk,
        start_id=lapse.start_id,
        substance=lapse.start.substance,
        date=lapse.date,
        end_date=lapse.end_date,
        days=lapse.days,
        what_happened=lapse.what_happened,
        what_learned=lapse.what_learned,
        told_circle=lapse.told_circle,
        created_at=lapse.created_at,
    )


def sobriety_out(request: AuthedHttpRequest) -> SobrietyOut:
    today = services.today_of(request.user)
    settings = services.settings_of(request.user)
    return SobrietyOut(
        today=today,
        announce_milestones=settings.announce_milestones,
        lapse_plan_steps=services.lapse_plan_of(request.user),
        counts=[count_out(st) for st in services.statuses(request.user, today)],
    )


@router.get("/sobriety", response={200: SobrietyOut, **ERRORS}, summary="My sobriety counts")
@access_rule(SELF)
def my_sobriety(request: AuthedHttpRequest) -> SobrietyOut:
    return sobriety_out(request)


@router.put(
    "/sobriety/start",
    response={200: CountOut, **ERRORS},
    summary="Set or correct a start date (overall, or for one substance)",
)
@access_rule(SELF)
def put_start(request: AuthedHttpRequest, payload: StartIn) -> CountOut:
    start = services.set_start(request.user, payload.start_date, payload.substance)
    found = [st for st in services.statuses(request.user) if st.start.pk == start.pk]
    return count_out(found[0])


@router.put(
    "/sobriety/settings",
    response={200: SobrietyOut, **ERRORS},
    summary="Whether milestones are announced to my supporters",
)
@access_rule(SELF)
def put_settings(request: AuthedHttpRequest, payload: SettingsIn) -> SobrietyOut:
    services.save_settings(request.user, payload.announce_milestones)
    return sobriety_out(request)


@router.get(
    "/sobriety/lapses",
    response={200: list[LapseOut], **ERRORS},
    summary="The lapses I wrote down, newest first",
)
@access_rule(SELF)
def my_lapses(request: AuthedHttpRequest) -> list[LapseOut]:
    return [lapse_out(lapse) for lapse in lapses.lapses_of(request.user)]


@router.post(
    "/sobriety/lapses",
    response={201: LapseOut, **ERRORS},
    summary="Write down a lapse (one day or several); the count starts again the day after",
)
@access_rule(SELF)
def create_lapse(request: AuthedHttpRequest, payload: LapseIn) -> Status[LapseOut]:
    start = chosen_start(request, payload)
    if start is None and SobrietyStart.objects.filter(client=request.user).count() > 1:
        raise HttpError(400, _("start_id: choose which count this lapse belongs to."))
    lapse = lapses.record_lapse(
        request.user,
        payload.date,
        payload.what_happened,
        payload.what_learned,
        payload.tell_circle,
        start=start,
        end_date=payload.end_date,
    )
    return Status(201, lapse_out(lapse))


@router.put(
    "/sobriety/lapses/{lapse_id}",
    response={200: LapseOut, **ERRORS},
    summary="Change a lapse I wrote down (its days, count, words), or share it now",
    description="A lapse once shared stays shared: tell_circle false does not untell anyone. "
    "Left out, start_id keeps the lapse's count.",
)
@access_rule(SELF)
def change_lapse(request: AuthedHttpRequest, lapse_id: int, payload: LapseIn) -> LapseOut:
    start = chosen_start(request, payload)
    try:
        lapse = lapses.change_lapse(
            request.user,
            lapse_id,
            payload.date,
            payload.end_date,
            payload.what_happened,
            payload.what_learned,
            payload.tell_circle,
            start=start,
        )
    except Lapse.DoesNotExist:
        raise HttpError(404, _("Not found.")) from None
    return lapse_out(lapse)


@router.delete(
    "/sobriety/lapses/{lapse_id}",
    response={204: None, **ERRORS},
    summary="Remove a lapse written down by mistake; its days count as sober again",
)
@access_rule(SELF)
def remove_lapse(request: AuthedHttpRequest, lapse_id: int) -> Status[None]:
    try:
        lapses.remove_lapse(request.user, lapse_id)
    except Lapse.DoesNotExist:
        raise HttpError(404, _("Not found.")) from None
    return Status(204, None)


def chosen_start(request: AuthedHttpRequest, payload: LapseIn) -> SobrietyStart | None:
    if payload.start_id is None:
        return None
    try:
        return services.own_start(request.user, payload.start_id)
    except SobrietyStart.DoesNotExist:
        raise HttpError(404, _("Not found.")) from None


@router.get(
    "/clients/{client_id}/sobriety",
    response={200: SharedSobrietyOut, **ERRORS},
    summary="A client's sobriety count, as shared with me",
)
@access_rule(client_scope(Scope.SOBRIETY), what=gettext_noop("sobriety count"))
def client_sobriety(request: AuthedHttpRequest, client_id: int) -> SharedSobrietyOut:
    client = policy.granted(request).client
    return SharedSobrietyOut(
        client_id=client.pk,
        counts=[
            SharedCountOut(
                substance=st.start.substance,
                current_start=st.current_start,
                current_streak=st.current_streak,
                latest_milestone=milestone_out(st.reached[-1]) if st.reached else None,
                next_milestone=milestone_out(st.next_milestone),
            )
            for st in services.statuses(client)
        ],
    )
