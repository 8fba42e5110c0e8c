from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_noop
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from alerts import reachout, services
from alerts.models import Encouragement, Notification, ReachOut
from circle.models import Scope
from circle.policy import MEMBER, SELF, NotVisible, access_rule, client_scope, granted
from recoverycircle.api import ERRORS, Id, Pagination, PersonOut
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["reach out and inbox"])


class ReachOutIn(Schema):
    message: str = Field(default="", max_length=500)


class ReachOutOut(Schema):
    id: int
    client: PersonOut
    message: str
    created_at: datetime
    claimed_by: PersonOut | None
    claimed_at: datetime | None
    resolved_at: datetime | None


class EncouragementIn(Schema):
    text: str = Field(min_length=1, max_length=500)


class EncouragementOut(Schema):
    id: int
    author: PersonOut
    text: str
    created_at: datetime


class InboxItemOut(Schema):
    id: int
    kind: str = Field(alias="alert.kind")
    # In the reader's language (the session's); a token call gets the site's default.
    subject: str = Field(alias="alert.shown_subject")
    body: str = Field(alias="alert.shown_body")
    link: str = Field(alias="alert.link")
    created_at: datetime
    read_at: datetime | None


class MarkReadIn(Schema):
    ids: list[Id] | None = None


class MarkedOut(Schema):
    marked: int


class AlertPreferencesIn(Schema):
    missed_checkin: bool


class AlertPreferencesOut(Schema):
    missed_checkin: bool


@router.post(
    "/reach-outs",
    response={201: ReachOutOut, **ERRORS},
    summary="I need support now: ask my circle to reach out",
)
@access_rule(SELF)
def create_reach_out(request: AuthedHttpRequest, payload: ReachOutIn) -> Status[ReachOut]:
    return Status(201, reachout.reach_out(request.user, payload.message))


@router.get(
    "/reach-outs/{reach_out_id}",
    response={200: ReachOutOut, **ERRORS},
    summary="A request for support (its client, or a supporter with alerts scope)",
)
@access_rule(
    client_scope(Scope.ALERTS), through=reachout.REACH_OUT, what=gettext_noop("request for support")
)
def get_reach_out(request: AuthedHttpRequest, reach_out_id: int) -> ReachOut:
    return reachout.visible_reach_out(request.user, reach_out_id, "api")


@router.post(
    "/reach-outs/{reach_out_id}/claim",
    response={200: ReachOutOut, **ERRORS},
    summary="I'm reaching out: the first supporter claims it, others get 409",
)
@access_rule(
    client_scope(Scope.ALERTS), through=reachout.REACH_OUT, what=gettext_noop("request for support")
)
def claim_reach_out(request: AuthedHttpRequest, reach_out_id: int) -> ReachOut:
    return reachout.claim(request.user, reach_out_id, "api")


@router.post(
    "/reach-outs/{reach_out_id}/resolve",
    response={204: None, **ERRORS},
    summary="I'm okay now (the client)",
)
@access_rule(SELF)
def resolve_reach_out(request: AuthedHttpRequest, reach_out_id: int) -> Status[None]:
    reachout.resolve(request.user, reach_out_id)
    return Status(204, None)


@router.post(
    "/clients/{client_id}/encouragements",
    response={201: EncouragementOut, **ERRORS},
    summary="Send a client a note of encouragement",
)
@access_rule(MEMBER, log=False)  # writes a note, reads nothing of the client's
def encourage(
    request: AuthedHttpRequest, client_id: int, payload: EncouragementIn
) -> Status[Encouragement]:
    return Status(201, reachout.encourage(request.user, client_id, payload.text))


@router.get(
    "/encouragements",
    response={200: list[EncouragementOut], **ERRORS},
    summary="Notes my circle sent me",
)
@access_rule(SELF)
def my_encouragements(request: AuthedHttpRequest) -> list[Encouragement]:
    return reachout.notes_for(request.user)


@router.put(
    "/clients/{client_id}/alert-preferences",
    response={200: AlertPreferencesOut, **ERRORS},
    summary="As a supporter: whether I am told about this client's missed check-ins",
)
@access_rule(MEMBER, log=False)  # the supporter's own choice, no read of the client's data
def alert_preferences(
    request: AuthedHttpRequest, client_id: int, payload: AlertPreferencesIn
) -> AlertPreferencesOut:
    membership = granted(request).membership
    if membership is None:
        raise NotVisible
    services.set_missed_checkin_alerts(membership, payload.missed_checkin)
    return AlertPreferencesOut(missed_checkin=payload.missed_checkin)


@router.get("/inbox", response={200: list[InboxItemOut], **ERRORS}, summary="My notifications")
@access_rule(SELF)
@paginate(Pagination)
def inbox(request: AuthedHttpRequest) -> QuerySet[Notification]:
    return services.inbox(request.user)


@router.post(
    "/inbox/read",
    response={200: MarkedOut, **ERRORS},
    summary="Mark notifications read (all when no ids are given)",
)
@access_rule(SELF)
def mark_read(request: AuthedHttpRequest, payload: MarkReadIn) -> MarkedOut:
    return MarkedOut(marked=services.mark_read(request.user, payload.ids))
