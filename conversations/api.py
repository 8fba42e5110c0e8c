"""Conversations in the JSON API: my threads, a thread's messages, send, edit, delete, and
the client's choice of who is in the circle thread. Refusals are `ServiceError`s, answered
as JSON by the API's one handler."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Query, Router, Schema, Status
from pydantic import Field

from accounts.models import User
from circle.policy import MEMBER, SELF, access_rule
from conversations import services
from conversations.access import MESSAGE, THREAD, message_for, thread_for
from conversations.concern import WHAT_TO_DO
from conversations.models import Message, ThreadKind
from crisis.schemas import CrisisCheckOut, ResourceOut, crisis_out, resources_out
from recoverycircle.api import ERRORS, Id, PersonOut
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["conversations"])


class ThreadOut(Schema):
    id: int
    kind: ThreadKind
    title: str
    client: PersonOut
    unread: int
    can_write: bool
    last_message_at: datetime | None


class ThreadMessageOut(Schema):
    id: int
    thread_id: int
    author: PersonOut
    text: str = Field(description="Empty when deleted")
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    editable: bool = Field(description="The author may still change it (15 minutes)")


class ThreadMessageIn(Schema):
    text: str = Field(min_length=1, max_length=services.MAX_LENGTH)


class ConcernOut(Schema):
    what_to_do: list[str]
    resources: list[ResourceOut]


class SentOut(Schema):
    message: ThreadMessageOut
    crisis: CrisisCheckOut | None = Field(
        description="Crisis words in what the author wrote: show these resources now"
    )
    concern: ConcernOut | None = Field(
        description="A supporter wrote about the client's crisis: what to do, and the lines"
    )


class After(Schema):
    after: Annotated[int, Field(ge=0, le=2**63 - 1)] = Field(
        0, description="Only messages with a higher id (what a poll has not seen yet)"
    )


class CircleIn(Schema):
    membership_ids: list[Id] = Field(max_length=200)


class CircleThreadOut(Schema):
    thread_id: int | None
    membership_ids: list[int]


def person(user: User) -> PersonOut:
    return PersonOut(id=user.pk, display_name=str(user))


def message_out(message: Message, viewer: User) -> ThreadMessageOut:
    return ThreadMessageOut(
        id=message.pk,
        thread_id=message.thread_id,
        author=person(message.author),
        text=message.text,
        created_at=message.created_at,
        edited_at=message.edited_at,
        deleted=message.is_deleted,
        editable=message.pk in services.editable_ids([message], viewer),
    )


def sent_out(sent: services.Sent, viewer: User) -> SentOut:
    concern = None
    if sent.concern is not None:
        concern = ConcernOut(what_to_do=[str(s) for s in WHAT_TO_DO], resources=resources_out())
    return SentOut(
        message=message_out(sent.message, viewer),
        crisis=crisis_out(sent.crisis) if sent.crisis is not None else None,
        concern=concern,
    )


@router.get(
    "/conversations",
    response={200: list[ThreadOut], **ERRORS},
    summary="My conversations, with unread counts",
)
@access_rule(SELF)
def my_threads(request: AuthedHttpRequest) -> list[ThreadOut]:
    return [
        ThreadOut(
            id=s.thread.pk,
            kind=ThreadKind(s.thread.kind),
            title=s.title,
            client=person(s.thread.client),
            unread=s.unread,
            can_write=s.can_write,
            last_message_at=s.last_at,
        )
        for s in services.threads_for(request.user)
    ]


@router.get(
    "/conversations/circle",
    response={200: CircleThreadOut, **ERRORS},
    summary="Who is in my circle thread (the client)",
)
@access_rule(SELF)
def circle(request: AuthedHttpRequest) -> CircleThreadOut:
    found = services.circle_thread(request.user)
    return CircleThreadOut(
        thread_id=found.pk if found else None,
        membership_ids=services.circle_choice(request.user),
    )


@router.put(
    "/conversations/circle",
    response={200: CircleThreadOut, **ERRORS},
    summary="Choose who is in my circle thread (membership ids of active supporters)",
)
@access_rule(SELF)
def choose_circle(request: AuthedHttpRequest, payload: CircleIn) -> CircleThreadOut:
    found = services.choose_circle(request.user, payload.membership_ids)
    return CircleThreadOut(thread_id=found.pk, membership_ids=services.circle_choice(request.user))


@router.get(
    "/conversations/{thread_id}/messages",
    response={200: list[ThreadMessageOut], **ERRORS},
    summary="A thread's latest messages (up to 200), oldest first; marks them read",
)
@access_rule(MEMBER, through=THREAD, log=False)
def thread_messages(
    request: AuthedHttpRequest, thread_id: int, query: Query[After]
) -> list[ThreadMessageOut]:
    found = thread_for(request.user, thread_id, channel="api")
    shown = services.messages_of(found, after=query.after)
    if shown:
        services.mark_read(request.user, found, shown[-1].pk)
    return [message_out(m, request.user) for m in shown]


@router.post(
    "/conversations/{thread_id}/messages",
    response={201: SentOut, **ERRORS},
    summary="Write in a thread; answers crisis resources when the words call for them",
)
@access_rule(MEMBER, through=THREAD, log=False)
def send(request: AuthedHttpRequest, thread_id: int, payload: ThreadMessageIn) -> Status[SentOut]:
    found = thread_for(request.user, thread_id, channel="api")
    sent = services.send(request.user, found, payload.text)
    return Status(201, sent_out(sent, request.user))


@router.patch(
    "/conversations/messages/{message_id}",
    response={200: SentOut, **ERRORS},
    summary="Change my message (within 15 minutes of sending)",
)
@access_rule(MEMBER, through=MESSAGE, log=False)
def edit(request: AuthedHttpRequest, message_id: int, payload: ThreadMessageIn) -> SentOut:
    message = message_for(request.user, message_id, channel="api")
    return sent_out(services.edit(request.user, message, payload.text), request.user)


@router.delete(
    "/conversations/messages/{message_id}",
    response={200: ThreadMessageOut, **ERRORS},
    summary="Delete my message (its words are gone; everyone sees that it was deleted)",
)
@access_rule(MEMBER, through=MESSAGE, log=False)
def delete(request: AuthedHttpRequest, message_id: int) -> ThreadMessageOut:
    message = message_for(request.user, message_id, channel="api")
    return message_out(services.delete(request.user, message), request.user)
