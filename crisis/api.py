from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from circle.policy import PUBLIC, SELF, NotVisible, access_rule
from crisis import services
from crisis.detect import detect
from crisis.models import CrisisEvent
from crisis.schemas import CrisisCheckOut, ResourceOut, crisis_out, resources_out
from recoverycircle.api import ERRORS
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["crisis"])


class CrisisCheckIn(Schema):
    text: str = Field(max_length=20000)


class QuestionOut(Schema):
    id: int
    question: str
    category: str
    words: str
    asked_at: datetime
    escalates_at: datetime | None
    answer: str | None


class CrisisAnswerIn(Schema):
    answer: Literal["yes", "no", "declined"]


def question_out(event: CrisisEvent) -> QuestionOut:
    return QuestionOut(
        id=event.pk,
        question=_("Are you thinking about ending your life?"),
        category=event.category,
        words=event.phrase,
        asked_at=event.created_at,
        escalates_at=event.question_deadline,
        answer=event.answer or None,
    )


@router.post(
    "/crisis/check",
    response={200: CrisisCheckOut, **ERRORS},
    summary="Does this text sound like a crisis? (nothing is stored)",
)
@access_rule(SELF)
def check(request: AuthedHttpRequest, payload: CrisisCheckIn) -> CrisisCheckOut:
    # A check while typing, not a write: no event is recorded and nobody is told. The save
    # of the text itself (check-in, plan…) does that.
    return crisis_out(detect(payload.text))


@router.get(
    "/crisis/questions",
    response={200: list[QuestionOut], **ERRORS},
    summary="Questions waiting for the client's answer after a possible crisis",
)
@access_rule(SELF)
def questions(request: AuthedHttpRequest) -> list[QuestionOut]:
    return [question_out(e) for e in services.pending_questions(request.user)]


@router.post(
    "/crisis/questions/{event_id}/answer",
    response={200: QuestionOut, **ERRORS},
    summary='Answer "Are you thinking about ending your life?": yes, no or declined',
)
@access_rule(SELF)
def answer(request: AuthedHttpRequest, event_id: int, payload: CrisisAnswerIn) -> QuestionOut:
    try:
        event = services.answer_question(request.user, event_id, payload.answer)
    except NotVisible as error:
        raise HttpError(404, _("There is no such question.")) from error
    return question_out(event)


@router.get(
    "/crisis/resources",
    auth=None,
    response={200: list[ResourceOut], **ERRORS},
    summary="Crisis lines, with tap-to-call links (no sign-in needed)",
)
@access_rule(PUBLIC)
def resources(request: HttpRequest) -> list[ResourceOut]:
    return resources_out()
