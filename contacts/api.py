"""The contact log in the JSON API (the client's own; nobody else sees it)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from circle.models import Relationship
from circle.policy import SELF, access_rule
from contacts import services
from contacts.models import ContactLog
from recoverycircle.api import ERRORS, Pagination
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["contacts"])


class ContactIn(Schema):
    channel: ContactLog.Channel
    membership_id: int | None = Field(None, description="Someone in my circle…")
    name: str = Field("", max_length=80, description="…or anyone else, by name")
    note: str = Field("", max_length=500)
    at: datetime | None = Field(None, description="Now when left out")


class ContactOut(Schema):
    id: int
    membership_id: int | None
    name: str
    channel: ContactLog.Channel
    note: str
    at: datetime


class PersonContactOut(Schema):
    membership_id: int
    supporter_id: int
    name: str
    relationship: Relationship
    last_contact_at: datetime | None


class SummaryOut(Schema):
    days_since_any_contact: int | None
    nudge_after_days: int
    nudges_enabled: bool
    people: list[PersonContactOut] = Field(description="Least recently in touch first")


class NudgesIn(Schema):
    enabled: bool


class NudgesOut(Schema):
    enabled: bool


@router.get("/contacts", response={200: list[ContactOut], **ERRORS}, summary="My contact log")
@access_rule(SELF)
@paginate(Pagination)
def contact_log(request: AuthedHttpRequest) -> QuerySet[ContactLog]:
    return services.log_of(request.user)


@router.post("/contacts", response={201: ContactOut, **ERRORS}, summary="Note that I was in touch")
@access_rule(SELF)
def log_contact(request: AuthedHttpRequest, payload: ContactIn) -> Status[ContactLog]:
    draft = services.ContactDraft(
        channel=payload.channel,
        membership_id=payload.membership_id,
        name=payload.name,
        note=payload.note,
        at=payload.at,
    )
    return Status(201, services.log_contact(request.user, draft))


@router.get(
    "/contacts/summary",
    response={200: SummaryOut, **ERRORS},
    summary="When I last connected with each person, and with anyone",
)
@access_rule(SELF)
def contact_summary(request: AuthedHttpRequest) -> SummaryOut:
    found = services.summary(request.user)
    return SummaryOut(
        days_since_any_contact=found.days_since_any_contact,
        nudge_after_days=found.nudge_after_days,
        nudges_enabled=found.nudges_enabled,
        people=[
            PersonContactOut(
                membership_id=m.pk,
                supporter_id=m.supporter_id,
                name=str(m.supporter),
                relationship=Relationship(m.relationship),
                last_contact_at=last,
            )
            for m, last in found.people
        ],
    )


@router.put(
    "/contacts/nudges",
    response={200: NudgesOut, **ERRORS},
    summary="Turn the isolation nudges on or off",
)
@access_rule(SELF)
def set_nudges(request: AuthedHttpRequest, payload: NudgesIn) -> NudgesOut:
    state = services.set_nudges(request.user, payload.enabled)
    return NudgesOut(enabled=state.enabled)


# After the fixed paths above: "{contact_id}" would also match "summary" and "nudges".
@router.delete(
    "/contacts/{contact_id}", response={204: None, **ERRORS}, summary="Remove a log entry"
)
@access_rule(SELF)
def delete_contact(request: AuthedHttpRequest, contact_id: int) -> Status[None]:
    services.delete_contact(request.user, contact_id)
    return Status(204, None)
