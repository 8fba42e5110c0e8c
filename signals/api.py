from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema
from pydantic import Field

from circle.policy import SELF, access_rule
from recoverycircle.api import ERRORS
from recoverycircle.typing import AuthedHttpRequest
from signals import services
from signals.models import Signal

router = Router(tags=["warning signals"])


class SignalOut(Schema):
    id: int
    rule: str
    level: str
    title: str
    explanation: str
    local_date: date
    fired_at: datetime
    acknowledged_at: datetime | None
    acknowledgement_note: str
    escalated_at: datetime | None

    # The words in the reader's language (the request's), not the client's when it fired.
    @staticmethod
    def resolve_title(signal: Signal) -> str:
        return signal.shown_title

    @staticmethod
    def resolve_explanation(signal: Signal) -> str:
        return signal.shown_explanation


class AcknowledgeIn(Schema):
    note: str = Field(default="", max_length=500)


@router.get(
    "/signals",
    response={200: list[SignalOut], **ERRORS},
    summary="My warning signals, newest first (open only with ?open=true)",
)
@access_rule(SELF)
def my_signals(request: AuthedHttpRequest, open: bool = False) -> list[Signal]:
    mine = services.signals_of(request.user)
    return list((services.open_signals(request.user) if open else mine)[:100])


@router.get("/signals/{signal_id}", response={200: SignalOut, **ERRORS}, summary="One signal")
@access_rule(SELF)
def one_signal(request: AuthedHttpRequest, signal_id: int) -> Signal:
    return services.visible_signal(request.user, signal_id)


@router.post(
    "/signals/{signal_id}/acknowledge",
    response={200: SignalOut, **ERRORS},
    summary="I saw it (stops the escalation if it has not happened yet)",
)
@access_rule(SELF)
def acknowledge(request: AuthedHttpRequest, signal_id: int, payload: AcknowledgeIn) -> Signal:
    return services.acknowledge(request.user, signal_id, payload.note)
