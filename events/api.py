"""Sober events in the JSON API: my events, propose one, an event, answer, cancel."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from accounts.models import User
from circle.policy import MEMBER, SELF, access_rule
from events import services
from events.models import RSVP, Event
from recoverycircle.api import ERRORS, Id, PersonOut
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["events"])


class EventIn(Schema):
    title: str = Field(min_length=1, max_length=120)
    starts_at: datetime = Field(description="With a time zone offset")
    ends_at: datetime | None = Field(None, description="Two hours after the start if left out")
    place: str = Field("", max_length=200)
    notes: str = Field("", max_length=2000)
    invitee_ids: list[Id] | None = Field(
        None,
        description="null: everyone in the circle. A list of membership ids: those people "
        "(the client only). []: just the client (a supporter's invitation to them alone).",
    )


class RsvpAnswerIn(Schema):
    answer: RSVP.Answer


class AnswerOut(Schema):
    person: PersonOut
    answer: RSVP.Answer
    answered_at: datetime


class EventOut(Schema):
    id: int
    client: PersonOut
    organiser: PersonOut
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    notes: str
    invite_all: bool
    cancelled_at: datetime | None
    my_answer: RSVP.Answer | None
    answers: list[AnswerOut]


def person(user: User) -> PersonOut:
    return PersonOut(id=user.pk, display_name=str(user))


def event_out(event: Event, viewer: User) -> EventOut:
    mine = services.answer_of(event, viewer)
    return EventOut(
        id=event.pk,
        client=person(event.client),
        organiser=person(event.organiser),
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=event.place,
        notes=event.notes,
        invite_all=event.invite_all,
        cancelled_at=event.cancelled_at,
        my_answer=RSVP.Answer(mine) if mine else None,
        answers=[
            AnswerOut(
                person=person(r.person), answer=RSVP.Answer(r.answer), answered_at=r.answered_at
            )
            for r in services.answers_for(event, viewer)
        ],
    )


@router.get(
    "/events",
    response={200: list[EventOut], **ERRORS},
    summary="Events in my circle and the ones I'm invited to (upcoming, or past=true)",
)
@access_rule(SELF)
def my_events(request: AuthedHttpRequest, past: bool = False) -> list[EventOut]:
    events = list(services.events_for(request.user, timezone.now(), past=past)[:100])
    services.log_event_reads(request.user, events, "api")
    return [event_out(e, request.user) for e in events]


@router.post(
    "/clients/{client_id}/events",
    response={201: EventOut, **ERRORS},
    summary="Propose an activity to a client's circle (the client or an active supporter)",
)
@access_rule(MEMBER, log=False)  # proposing reads nothing of the client's
def propose(request: AuthedHttpRequest, client_id: int, payload: EventIn) -> Status[EventOut]:
    draft = services.EventDraft(
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        notes=payload.notes,
        invitee_ids=payload.invitee_ids,
    )
    event = services.propose(request.user, client_id, draft)
    return Status(201, event_out(event, request.user))


@router.get(
    "/events/{event_id}",
    response={200: EventOut, **ERRORS},
    summary="An event (its client and invited active members only)",
)
@access_rule(MEMBER, through=services.EVENT, log=False)
def get_event(request: AuthedHttpRequest, event_id: int) -> EventOut:
    return event_out(services.visible_event(request.user, event_id, "api"), request.user)


@router.post(
    "/events/{event_id}/rsvp",
    response={200: EventOut, **ERRORS},
    summary="Answer yes, maybe or no",
)
@access_rule(MEMBER, through=services.EVENT, log=False)
def rsvp(request: AuthedHttpRequest, event_id: int, payload: RsvpAnswerIn) -> EventOut:
    row = services.rsvp(request.user, event_id, payload.answer, channel="api")
    return event_out(row.event, request.user)


@router.post(
    "/events/{event_id}/cancel",
    response={200: EventOut, **ERRORS},
    summary="Cancel (the organiser or the client); those coming are told",
)
@access_rule(MEMBER, through=services.EVENT, log=False)
def cancel(request: AuthedHttpRequest, event_id: int) -> EventOut:
    event = services.cancel(request.user, event_id, channel="api")
    return event_out(event, request.user)
