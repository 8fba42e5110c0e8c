"""The strategy toolkit, the craving tool and the family guidance in the JSON API.

Request bodies are strict: numbers must be JSON numbers, text must be JSON strings, and
unknown keys are refused, so a typo is a clear 422 and never a silent default.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.db.models import QuerySet
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field, StringConstraints

from circle import policy
from circle.policy import MEMBER, SELF, access_rule
from crisis.schemas import CrisisCheckOut, crisis_out
from plans.content import TriggerKind
from recoverycircle.api import ERRORS, Pagination
from recoverycircle.typing import AuthedHttpRequest
from toolkit import craving, guidance, services
from toolkit.models import CravingSession, Strategy

router = Router(tags=["toolkit"])

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{0,32}$")]
# Strict bodies take enums as their JSON strings; a test keeps this equal to Outcome.values.
OutcomeIn = Literal["passed", "eased", "strong", "used"]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)


class StrategyOut(Schema):
    id: int
    origin: Strategy.Origin
    title: str
    how_to: str
    source: str = Field(description="The published source it follows (library entries)")
    shared_by: str = Field(description="Who shared it, as they chose to be credited")
    trigger_kinds: list[str]
    in_my_plan: bool
    coping_id: str | None = Field(description="Its coping strategy in my plan, once adopted")


class AdoptIn(StrictIn):
    trigger_ids: list[ItemId] = Field(default_factory=list, max_length=50)
    label: str = Field(
        default="", max_length=300, description="The words in my plan; the title when empty"
    )


class AdoptedOut(Schema):
    strategy_id: int
    coping_id: str
    plan_version: int
    credit: str
    crisis: CrisisCheckOut | None


class ShareIn(StrictIn):
    title: str = Field(max_length=services.TITLE_MAX)
    how_to: str = Field(max_length=services.HOW_TO_MAX)
    trigger_kinds: list[TriggerKind] = Field(max_length=6)
    alias: str = Field(default="", max_length=services.ALIAS_MAX)


class SharedOut(Schema):
    strategy: StrategyOut
    crisis: CrisisCheckOut | None


class CravingStartIn(StrictIn):
    craving_start: int = Field(ge=0, le=10, description="0 none, 10 the strongest")
    trigger_id: ItemId = Field(default="", description="A trigger of my plan, or empty")


class CravingFinishIn(StrictIn):
    craving_end: int = Field(ge=0, le=10)
    outcome: OutcomeIn
    strategy_tried: str = Field(default="", max_length=300)
    note: str = Field(default="", max_length=500)


class CravingSessionOut(Schema):
    id: int
    started_at: datetime
    ended_at: datetime | None
    craving_start: int
    craving_end: int | None
    trigger_id: str
    trigger_label: str
    strategy_tried: str
    outcome: str
    note: str
    contacted: list[int]


class FinishedOut(Schema):
    session: CravingSessionOut
    crisis: CrisisCheckOut | None


class CravingContactOut(Schema):
    name: str
    detail: str
    membership_id: int | None = Field(description="Message them with POST …/messages")
    tel_link: str | None


class PlanStrategyOut(Schema):
    label: str
    credit: str


class ToolboxOut(Schema):
    surf_minutes: int
    reasons: list[str]
    strategies: list[PlanStrategyOut]
    ideas: list[StrategyOut]
    people: list[CravingContactOut]
    phones: list[CravingContactOut]


class CravingMessageIn(StrictIn):
    membership_id: int = Field(ge=1, le=2**63 - 1)


class CravingMessageOut(Schema):
    sent: bool = Field(description="False when this person was already messaged in this use")


class LessonOut(Schema):
    slug: str
    title: str
    summary: str
    paragraphs: list[str]
    try_this: list[str]
    sources: list[str]
    links: list[dict[str, str]]


def strategy_out(found: Strategy, adopted: dict[int, str]) -> StrategyOut:
    return StrategyOut(
        id=found.pk,
        origin=Strategy.Origin(found.origin),
        title=found.heading,
        how_to=found.steps,
        source=found.source,
        shared_by=found.credit,
        trigger_kinds=list(found.trigger_kinds),
        in_my_plan=found.pk in adopted,
        coping_id=adopted.get(found.pk),
    )


def adopted_ids(request: AuthedHttpRequest) -> dict[int, str]:
    return {k: a.coping_id for k, a in services.adoptions(request.user).items()}


def contact_out(contact: craving.Contact) -> CravingContactOut:
    return CravingContactOut(
        name=contact.name,
        detail=contact.detail,
        membership_id=contact.membership_id,
        tel_link=f"tel:{contact.tel}" if contact.tel else None,
    )


# Strategies


@router.get(
    "/toolkit/strategies",
    response={200: list[StrategyOut], **ERRORS},
    summary="The strategy library and what people shared with me (filter with ?kind=place)",
)
@access_rule(SELF)
def list_strategies(
    request: AuthedHttpRequest, kind: TriggerKind | None = None
) -> list[StrategyOut]:
    adopted = adopted_ids(request)
    return [strategy_out(s, adopted) for s in services.strategies_for(request.user, kind or "")]


@router.get(
    "/toolkit/strategies/{strategy_id}",
    response={200: StrategyOut, **ERRORS},
    summary="One strategy",
)
@access_rule(SELF)
def get_strategy(request: AuthedHttpRequest, strategy_id: int) -> StrategyOut:
    return strategy_out(services.strategy_for(request.user, strategy_id), adopted_ids(request))


@router.post(
    "/toolkit/strategies/{strategy_id}/adopt",
    response={201: AdoptedOut, **ERRORS},
    summary="Add a strategy to my plan, linked to my triggers: a new plan version",
)
@access_rule(SELF)
def adopt(request: AuthedHttpRequest, strategy_id: int, payload: AdoptIn) -> Status[AdoptedOut]:
    done = services.adopt(request.user, strategy_id, payload.trigger_ids, payload.label)
    return Status(
        201,
        AdoptedOut(
            strategy_id=strategy_id,
            coping_id=done.adoption.coping_id,
            plan_version=done.adoption.plan_version,
            credit=done.adoption.credit,
            crisis=crisis_out(done.saved.crisis) if done.saved.crisis else None,
        ),
    )


@router.delete(
    "/toolkit/strategies/{strategy_id}",
    response={204: None, **ERRORS},
    summary="Withdraw a strategy I shared (plans that adopted it keep their copy)",
)
@access_rule(SELF)
def withdraw(request: AuthedHttpRequest, strategy_id: int) -> Status[None]:
    services.withdraw(request.user, strategy_id)
    return Status(204, None)


@router.get(
    "/clients/{client_id}/strategies",
    response={200: list[StrategyOut], **ERRORS},
    summary="The strategies I shared with a client I support",
)
@access_rule(MEMBER, log=False)  # what I shared myself, nothing of the client's
def shared_with_client(request: AuthedHttpRequest, client_id: int) -> list[StrategyOut]:
    if policy.granted(request).membership is None:
        raise policy.NotVisible  # a client shares with no one in their own circle
    return [strategy_out(s, {}) for s in services.shared_by_me(request.user, client_id)]


@router.post(
    "/clients/{client_id}/strategies",
    response={201: SharedOut, **ERRORS},
    summary="Share a strategy from my own experience with a client I support",
)
@access_rule(MEMBER, log=False)  # sharing a strategy reads nothing of the client's
def share(request: AuthedHttpRequest, client_id: int, payload: ShareIn) -> Status[SharedOut]:
    shared = services.share(
        request.user,
        client_id,
        payload.title,
        payload.how_to,
        payload.trigger_kinds,
        payload.alias,
    )
    body = SharedOut(
        strategy=strategy_out(shared.strategy, {}),
        crisis=crisis_out(shared.crisis) if shared.crisis else None,
    )
    return Status(201, body)


# The craving tool


@router.post(
    "/craving-sessions",
    response={201: CravingSessionOut, **ERRORS},
    summary="Start a use of the craving tool",
)
@access_rule(SELF)
def start_session(request: AuthedHttpRequest, payload: CravingStartIn) -> Status[CravingSession]:
    return Status(201, craving.start(request.user, payload.craving_start, payload.trigger_id))


@router.get(
    "/craving-sessions",
    response={200: list[CravingSessionOut], **ERRORS},
    summary="My uses of the craving tool, newest first",
)
@access_rule(SELF)
@paginate(Pagination)
def list_sessions(request: AuthedHttpRequest) -> QuerySet[CravingSession]:
    return craving.sessions_of(request.user)


@router.get(
    "/craving-sessions/{session_id}",
    response={200: CravingSessionOut, **ERRORS},
    summary="One use of the craving tool",
)
@access_rule(SELF)
def get_session(request: AuthedHttpRequest, session_id: int) -> CravingSession:
    return craving.session_of(request.user, session_id)


@router.get(
    "/craving-sessions/{session_id}/toolbox",
    response={200: ToolboxOut, **ERRORS},
    summary="What the tool shows: my reasons, my plan's strategies for the trigger, my people",
)
@access_rule(SELF)
def toolbox(request: AuthedHttpRequest, session_id: int) -> ToolboxOut:
    box = craving.toolbox(request.user, craving.session_of(request.user, session_id))
    return ToolboxOut(
        surf_minutes=craving.SURF_MINUTES,
        reasons=box.reasons,
        strategies=[PlanStrategyOut(label=s.label, credit=s.credit) for s in box.strategies],
        ideas=[strategy_out(s, {}) for s in box.ideas],
        people=[contact_out(c) for c in box.people],
        phones=[contact_out(c) for c in box.phones],
    )


@router.post(
    "/craving-sessions/{session_id}/finish",
    response={200: FinishedOut, **ERRORS},
    summary="Finish a use: the craving now, how it went, what I tried",
)
@access_rule(SELF)
def finish_session(
    request: AuthedHttpRequest, session_id: int, payload: CravingFinishIn
) -> FinishedOut:
    done = craving.finish(
        request.user,
        session_id,
        payload.craving_end,
        payload.outcome,
        payload.strategy_tried,
        payload.note,
    )
    return FinishedOut(
        session=CravingSessionOut.model_validate(done.session, from_attributes=True),
        crisis=crisis_out(done.crisis) if done.crisis else None,
    )


@router.post(
    "/craving-sessions/{session_id}/messages",
    response={201: CravingMessageOut, 200: CravingMessageOut, **ERRORS},
    summary="Ask one person on my plan to get in touch now (once per person and use)",
)
@access_rule(SELF)
def message(
    request: AuthedHttpRequest, session_id: int, payload: CravingMessageIn
) -> Status[CravingMessageOut]:
    sent = craving.message_person(request.user, session_id, payload.membership_id)
    return Status(201 if sent else 200, CravingMessageOut(sent=sent is not None))


# Family guidance


@router.get(
    "/guidance/lessons",
    response={200: list[LessonOut], **ERRORS},
    summary="Short CRAFT lessons for family members and partners, with their sources",
)
@access_rule(SELF)
def lessons(request: AuthedHttpRequest) -> list[LessonOut]:
    return [
        LessonOut(
            slug=lesson.slug,
            title=str(lesson.title),
            summary=str(lesson.summary),
            paragraphs=[str(p) for p in lesson.paragraphs],
            try_this=[str(t) for t in lesson.try_this],
            sources=list(lesson.sources),
            links=[{"name": str(k.name), "url": k.url, "what": str(k.what)} for k in lesson.links],
        )
        for lesson in guidance.LESSONS
    ]
