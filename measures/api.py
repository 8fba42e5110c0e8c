"""Questionnaires in the JSON API: definitions, my responses, a client's shared scores, and my
schedule. Answers are a JSON object {item key: option value}; every item is required."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from circle import policy
from circle.models import Scope
from circle.policy import PUBLIC, SELF, access_rule, client_scope
from measures import schedules, scoring, services
from measures.definitions import Definition
from measures.instruments import INSTRUMENTS
from measures.models import MAX_EVERY_DAYS, MeasureResponse
from recoverycircle.api import ERRORS, Pagination, error
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["measures"])


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    key: str
    number: str
    text: str
    group: str
    reverse: bool
    options: list[OptionOut]


class BandOut(Schema):
    code: str
    label: str
    meaning: str
    lower: float
    lower_included: bool
    attention: bool


class ScaleOut(Schema):
    key: str
    label: str
    method: str
    items: list[str]
    low: float
    high: float
    direction: str
    bands: list[BandOut]


class CrisisRuleOut(Schema):
    item: str
    at_least: int


class DefinitionSummaryOut(Schema):
    code: str
    name: str
    short_name: str
    about: str
    minutes: int
    item_count: int
    citation: str
    default_every_days: int
    default_enabled: bool


class DefinitionOut(DefinitionSummaryOut):
    instructions: str
    items: list[ItemOut]
    scales: list[ScaleOut]
    primary_scale: str | None
    crisis_rules: list[CrisisRuleOut]
    scoring_source: str
    licence: str
    notes: list[str]


class ScoreOut(Schema):
    key: str
    label: str
    value: float
    band: str | None
    band_label: str | None
    meaning: str | None


class CrisisResourceOut(Schema):
    name: str
    about: str
    call: str
    text: str


def scores_of(response: MeasureResponse) -> list[ScoreOut]:
    return [
        ScoreOut(
            key=v.key,
            label=str(v.label),
            value=v.value,
            band=v.band.code if v.band else None,
            band_label=str(v.band.label) if v.band else None,
            meaning=str(v.band.meaning) if v.band else None,
        )
        for v in services.score_views(response)
    ]


def crisis_resources() -> list[CrisisResourceOut]:
    return [
        CrisisResourceOut(
            name=str(r["name"]), about=str(r["about"]), call=str(r["call"]), text=str(r["text"])
        )
        for r in services.CRISIS_RESOURCES
    ]


class SharedResponseOut(Schema):
    """What a supporter with the measures scope sees: scores, never the answers."""

    id: int
    instrument: str
    name: str
    created_at: datetime
    local_date: date
    total: float | None
    band: str
    scores: list[ScoreOut]

    @staticmethod
    def resolve_name(obj: MeasureResponse) -> str:
        found = INSTRUMENTS.get(obj.instrument)
        return str(found.name) if found else obj.instrument

    @staticmethod
    def resolve_scores(obj: MeasureResponse) -> list[ScoreOut]:
        return scores_of(obj)


class ResponseOut(SharedResponseOut):
    answers: dict[str, int]
    crisis: bool
    crisis_resources: list[CrisisResourceOut]

    @staticmethod
    def resolve_crisis(obj: MeasureResponse) -> bool:
        return services.crisis_flag(obj)

    @staticmethod
    def resolve_crisis_resources(obj: MeasureResponse) -> list[CrisisResourceOut]:
        return crisis_resources() if services.crisis_flag(obj) else []


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(
        description="Every item of the questionnaire: {item key: option value}"
    )


class MeasureScheduleIn(Schema):
    instrument: str = Field(max_length=16)
    every_days: int = Field(ge=1, le=MAX_EVERY_DAYS)
    enabled: bool


class SchedulesIn(Schema):
    schedules: list[MeasureScheduleIn]


class MeasureScheduleOut(Schema):
    instrument: str
    name: str
    every_days: int
    enabled: bool
    next_reminder_at: datetime
    due: bool
    due_at: datetime | None
    last_taken_at: datetime | None


def summary_of(d: Definition) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": str(d.name),
        "short_name": d.short_name,
        "about": str(d.about),
        "minutes": d.minutes,
        "item_count": len(d.items),
        "citation": d.citation,
        "default_every_days": d.default_every_days,
        "default_enabled": d.default_enabled,
    }


def definition_out(d: Definition) -> DefinitionOut:
    scales = []
    for s in d.scales:
        low, high = d.range_of(s)
        bands = [
            BandOut(
                code=b.code,
                label=str(b.label),
                meaning=str(b.meaning),
                lower=float(b.lower),
                lower_included=b.lower_included,
                attention=b.attention,
            )
            for b in s.bands
        ]
        scales.append(
            ScaleOut(
                key=s.key,
                label=str(s.label),
                method=s.method,
                items=list(s.items),
                low=float(low),
                high=float(high),
                direction=str(s.direction),
                bands=bands,
            )
        )
    return DefinitionOut(
        **summary_of(d),
        instructions=str(d.instructions),
        items=[
            ItemOut(
                key=i.key,
                number=i.number,
                text=str(i.text),
                group=str(i.group),
                reverse=i.reverse,
                options=[OptionOut(value=o.value, label=str(o.label)) for o in i.options],
            )
            for i in d.items
        ],
        scales=scales,
        primary_scale=d.primary,
        crisis_rules=[CrisisRuleOut(item=r.item, at_least=r.at_least) for r in d.crisis],
        scoring_source=d.scoring_source,
        licence=d.licence,
        notes=list(d.notes),
    )


def definition_or_404(code: str) -> Definition:
    try:
        return services.definition(code)
    except services.UnknownMeasure as missing:
        raise HttpError(404, str(missing)) from None


@router.get(
    "/measures/definitions",
    response={200: list[DefinitionSummaryOut], **ERRORS},
    summary="The questionnaires on offer",
    auth=None,
)
@access_rule(PUBLIC)
def list_definitions(request: AuthedHttpRequest) -> list[DefinitionSummaryOut]:
    return [DefinitionSummaryOut(**summary_of(d)) for d in services.definitions()]


@router.get(
    "/measures/definitions/{code}",
    response={200: DefinitionOut, **ERRORS},
    summary="One questionnaire: items, options, scales, bands and source",
    auth=None,
)
@access_rule(PUBLIC)
def get_definition(request: AuthedHttpRequest, code: str) -> DefinitionOut:
    return definition_out(definition_or_404(code))


@router.post(
    "/measures/{code}/responses",
    response={201: ResponseOut, **ERRORS},
    summary="Answer a questionnaire (every item required); 422 names what is missing or wrong",
)
@access_rule(SELF)
def answer(
    request: AuthedHttpRequest, code: str, payload: AnswersIn
) -> Status[MeasureResponse] | HttpResponse:
    definition = definition_or_404(code)
    try:
        response = services.save_response(request.user, code, payload.answers)
    except scoring.AnswerError as refused:
        if scoring.crisis(definition, payload.answers):
            # Nothing is saved, but a crisis answer still gets crisis resources at once.
            return error(
                request,
                refused.status,
                refused.message,
                crisis=True,
                crisis_resources=[r.dict() for r in crisis_resources()],
            )
        raise
    return Status(201, response)


@router.get(
    "/measures/responses",
    response={200: list[ResponseOut], **ERRORS},
    summary="My questionnaire responses, newest first (filter with ?instrument=phq9)",
)
@access_rule(SELF)
@paginate(Pagination)
def my_responses(
    request: AuthedHttpRequest, instrument: str | None = None
) -> QuerySet[MeasureResponse]:
    if instrument is not None:
        definition_or_404(instrument)
    return services.responses_of(request.user, instrument)


@router.get(
    "/clients/{client_id}/measures/responses",
    response={200: list[SharedResponseOut], **ERRORS},
    summary="A client's questionnaire scores as shared with me (measures scope), newest first",
)
@access_rule(client_scope(Scope.MEASURES), what=gettext_noop("questionnaire results"))
@paginate(Pagination)
def client_responses(
    request: AuthedHttpRequest, client_id: int, instrument: str | None = None
) -> QuerySet[MeasureResponse]:
    if instrument is not None:
        definition_or_404(instrument)
    return services.responses_of(policy.granted(request).client, instrument)


def schedules_out(request: AuthedHttpRequest) -> list[MeasureScheduleOut]:
    return [
        MeasureScheduleOut(
            instrument=s.schedule.instrument,
            name=str(s.definition.name),
            every_days=s.schedule.every_days,
            enabled=s.schedule.enabled,
            next_reminder_at=s.schedule.next_due_at,
            due=s.due,
            due_at=s.due_at,
            last_taken_at=s.last.created_at if s.last else None,
        )
        for s in schedules.statuses(request.user)
    ]


@router.get(
    "/measures/schedules",
    response={200: list[MeasureScheduleOut], **ERRORS},
    summary="How often each questionnaire comes round for me (defaults on first use)",
)
@access_rule(SELF)
def get_schedules(request: AuthedHttpRequest) -> list[MeasureScheduleOut]:
    return schedules_out(request)


@router.put(
    "/measures/schedules",
    response={200: list[MeasureScheduleOut], **ERRORS},
    summary="Change the schedules listed; the others stay as they are",
)
@access_rule(SELF)
def put_schedules(request: AuthedHttpRequest, payload: SchedulesIn) -> list[MeasureScheduleOut]:
    unknown = [s.instrument for s in payload.schedules if s.instrument not in INSTRUMENTS]
    if unknown:
        raise HttpError(422, _("Unknown questionnaire: %(codes)s.") % {"codes": ", ".join(unknown)})
    with transaction.atomic():
        for item in payload.schedules:
            schedules.change(request.user, item.instrument, item.every_days, item.enabled)
    return schedules_out(request)
