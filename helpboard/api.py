"""Help board API: needs, and claim / unclaim / done / thank per occurrence.

An occurrence is named by its start in UTC, e.g. `20260310T220000Z` (the `occurrence` field of
every occurrence the API returns)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext, gettext_noop
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from accounts.models import User
from calendars.recurrence import WEEKDAYS
from circle.policy import SELF, access_rule, client_scope, granted
from helpboard import services
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import Repeat, Slot, describe, key_of, parse_key, slot_of
from helpboard.services import HELP, NEED, NeedDraft
from recoverycircle.api import ERRORS, PersonOut
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["help board"])


class HelpRepeatIn(Schema):
    every_weeks: int = Field(default=1, ge=1, le=services.MAX_EVERY_WEEKS)
    weekdays: list[str] = Field(
        default_factory=list, description="MO, TU, WE, TH, FR, SA, SU; empty: the first day's"
    )
    until: date | None = Field(default=None, description="Last day, on the client's calendar")
    count: int | None = Field(default=None, ge=1, le=services.MAX_COUNT)


class HelpNeedIn(Schema):
    kind: HelpNeed.Kind
    title: str = Field(default="", max_length=120)
    place: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=2000)
    starts_at: datetime = Field(description="Without an offset: the client's wall clock")
    ends_at: datetime
    repeat: HelpRepeatIn | None = None


class HelpOccurrenceOut(Schema):
    need_id: int
    occurrence: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    claimed_by: PersonOut | None
    claimed_at: datetime | None
    done_at: datetime | None
    thanked_at: datetime | None
    thanks: str


class HelpNeedOut(Schema):
    id: int
    client: PersonOut
    posted_by: PersonOut | None
    kind: HelpNeed.Kind
    title: str
    summary: str
    place: str
    notes: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    rrule: str
    repeats: str
    created_at: datetime
    cancelled_at: datetime | None
    upcoming: list[HelpOccurrenceOut]


class HelpThankIn(Schema):
    message: str = Field(default="", max_length=500)


class HelperOut(Schema):
    person: PersonOut
    times: int


class HelpHistoryOut(Schema):
    helpers: list[HelperOut]
    occurrences: list[HelpOccurrenceOut]


def person(user: User | None) -> PersonOut | None:
    return None if user is None else PersonOut(id=user.pk, display_name=str(user))


def occurrence_out(slot: Slot, viewer: User) -> HelpOccurrenceOut:
    row = slot.row
    # A thank-you note is for the helper it thanks: only they and the client read it.
    private = row is not None and viewer.pk in {slot.need.client_id, row.claimed_by_id}
    return HelpOccurrenceOut(
        need_id=slot.need.pk,
        occurrence=key_of(slot.starts_at),
        summary=slot.need.summary,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        claimed_by=person(slot.claimed_by),
        claimed_at=row.claimed_at if row else None,
        done_at=row.done_at if row else None,
        thanked_at=row.thanked_at if row else None,
        thanks=row.thanks if row and private else "",
    )


def need_out(need: HelpNeed, upcoming: list[Slot], viewer: User) -> HelpNeedOut:
    return HelpNeedOut(
        id=need.pk,
        client=PersonOut(id=need.client.pk, display_name=str(need.client)),
        posted_by=person(need.posted_by),
        kind=HelpNeed.Kind(need.kind),
        title=need.title,
        summary=need.summary,
        place=need.place,
        notes=need.notes,
        starts_at=need.starts_at,
        ends_at=need.ends_at,
        zone=need.zone,
        rrule=need.rrule,
        repeats=describe(need),
        created_at=need.created_at,
        cancelled_at=need.cancelled_at,
        upcoming=[occurrence_out(s, viewer) for s in upcoming if s.need.pk == need.pk],
    )


def board_of(client: User, viewer: User) -> list[HelpNeedOut]:
    coming = services.upcoming(client)
    return [need_out(n, coming, viewer) for n in services.open_needs_list(client)]


def draft_of(payload: HelpNeedIn) -> NeedDraft:
    repeat = None
    if payload.repeat is not None:
        wanted = [d.upper() for d in payload.repeat.weekdays]
        if any(d not in WEEKDAYS for d in wanted):
            raise HttpError(422, gettext("repeat.weekdays: use MO, TU, WE, TH, FR, SA or SU."))
        repeat = Repeat(
            every_weeks=payload.repeat.every_weeks,
            weekdays=tuple(WEEKDAYS.index(d) for d in wanted),
            until=payload.repeat.until,
            count=payload.repeat.count,
        )
    return NeedDraft(
        kind=payload.kind,
        title=payload.title,
        place=payload.place,
        notes=payload.notes,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        repeat=repeat,
    )


def posted(request: AuthedHttpRequest, client_id: int, payload: HelpNeedIn) -> Status[HelpNeedOut]:
    need = services.post_need(request.user, client_id, draft_of(payload), "api")
    return Status(201, need_out(need, services.upcoming(need.client), request.user))


@router.get("/help-needs", response={200: list[HelpNeedOut], **ERRORS}, summary="My open needs")
@access_rule(SELF)
def my_needs(request: AuthedHttpRequest) -> list[HelpNeedOut]:
    return board_of(request.user, request.user)


@router.post("/help-needs", response={201: HelpNeedOut, **ERRORS}, summary="Ask my circle for help")
@access_rule(SELF)
def post_my_need(request: AuthedHttpRequest, payload: HelpNeedIn) -> Status[HelpNeedOut]:
    return posted(request, request.user.pk, payload)


@router.get(
    "/clients/{client_id}/help-needs",
    response={200: list[HelpNeedOut], **ERRORS},
    summary="A client's open needs (supporters with the help scope)",
)
@access_rule(client_scope(HELP), what=gettext_noop("help board"))
def client_needs(request: AuthedHttpRequest, client_id: int) -> list[HelpNeedOut]:
    return board_of(granted(request).client, request.user)


@router.post(
    "/clients/{client_id}/help-needs",
    response={201: HelpNeedOut, **ERRORS},
    summary="Post a need for a client (supporters with the help scope)",
)
@access_rule(client_scope(HELP), what=gettext_noop("help board (posting a need)"))
def post_client_need(
    request: AuthedHttpRequest, client_id: int, payload: HelpNeedIn
) -> Status[HelpNeedOut]:
    return posted(request, client_id, payload)


@router.get(
    "/help-needs/{need_id}", response={200: HelpNeedOut, **ERRORS}, summary="One need, coming dates"
)
@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need"))
def get_need(request: AuthedHttpRequest, need_id: int) -> HelpNeedOut:
    need = services.visible_need(request.user, need_id, "api", gettext_noop("a help need"))
    coming = [] if need.is_cancelled else services.upcoming(need.client)
    return need_out(need, coming, request.user)


@router.delete(
    "/help-needs/{need_id}",
    response={204: None, **ERRORS},
    summary="Cancel a need (its client, or whoever posted it)",
)
@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need (cancelling)"))
def cancel_need(request: AuthedHttpRequest, need_id: int) -> Status[None]:
    services.cancel_need(request.user, need_id, "api")
    return Status(204, None)


OCCURRENCE = "/help-needs/{need_id}/occurrences/{occurrence}"


def one(row: HelpOccurrence, viewer: User) -> HelpOccurrenceOut:
    return occurrence_out(slot_of(row), viewer)


@router.post(
    f"{OCCURRENCE}/claim",
    response={200: HelpOccurrenceOut, **ERRORS},
    summary="I can help: the first supporter gets it, others get 409",
)
@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need (offering help)"))
def claim(request: AuthedHttpRequest, need_id: int, occurrence: str) -> HelpOccurrenceOut:
    return one(
        services.claim(request.user, need_id, parse_key(occurrence), "api"),
        request.user,
    )


@router.post(
    f"{OCCURRENCE}/unclaim",
    response={200: HelpOccurrenceOut, **ERRORS},
    summary="I can no longer help with this one",
)
@access_rule(
    client_scope(HELP), through=NEED, what=gettext_noop("a help need (withdrawing an offer)")
)
def unclaim(request: AuthedHttpRequest, need_id: int, occurrence: str) -> HelpOccurrenceOut:
    return one(
        services.unclaim(request.user, need_id, parse_key(occurrence), "api"),
        request.user,
    )


@router.post(
    f"{OCCURRENCE}/done",
    response={200: HelpOccurrenceOut, **ERRORS},
    summary="It happened (the helper or the client)",
)
@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need (marking it done)"))
def done(request: AuthedHttpRequest, need_id: int, occurrence: str) -> HelpOccurrenceOut:
    return one(
        services.mark_done(request.user, need_id, parse_key(occurrence), "api"),
        request.user,
    )


@router.post(
    f"{OCCURRENCE}/thank",
    response={200: HelpOccurrenceOut, **ERRORS},
    summary="Thank whoever helped (the client)",
)
@access_rule(SELF)
def thank(
    request: AuthedHttpRequest, need_id: int, occurrence: str, payload: HelpThankIn
) -> HelpOccurrenceOut:
    return one(
        services.thank(request.user, need_id, parse_key(occurrence), payload.message, "api"),
        request.user,
    )


def history_out(client: User, viewer: User) -> HelpHistoryOut:
    return HelpHistoryOut(
        helpers=[
            HelperOut(person=PersonOut(id=p.pk, display_name=str(p)), times=n)
            for p, n in services.helpers_tally(client)
        ],
        occurrences=[one(row, viewer) for row in services.history(client)],
    )


@router.get(
    "/help-history", response={200: HelpHistoryOut, **ERRORS}, summary="Who helped me, and when"
)
@access_rule(SELF)
def my_history(request: AuthedHttpRequest) -> HelpHistoryOut:
    return history_out(request.user, request.user)


@router.get(
    "/clients/{client_id}/help-history",
    response={200: HelpHistoryOut, **ERRORS},
    summary="Who helped a client (supporters with the help scope)",
)
@access_rule(client_scope(HELP), what=gettext_noop("who helped"))
def client_history(request: AuthedHttpRequest, client_id: int) -> HelpHistoryOut:
    return history_out(granted(request).client, request.user)
