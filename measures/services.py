"""Taking a questionnaire, reading results back, and the crisis hook.

Views and the API both call these functions. A response is scored once, when it is saved, by
the one scorer (measures/scoring.py); the scores are stored with the answers so a result always
shows what the client was shown then.

Crisis: when an answer meets a definition's crisis rule (PHQ-9 item 9 ≥ 1), the response is
stored with `crisis=True`, the result page shows crisis resources at once, and every hook in
`registry.crisis_hooks` is called inside the save transaction as hook(client, source), with
source "measures:<code>:<response id>" (e.g. "measures:phq9:42"). Each hook runs in its own
savepoint, so a failing hook is logged and never costs the client their answers or the
crisis resources on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from circle.models import Membership, Scope
from circle.policy import supporters_with_scope
from measures import schedules, scoring
from measures.definitions import Band, Definition, Text
from measures.instruments import INSTRUMENTS, all_definitions
from measures.models import MeasureResponse
from recoverycircle import registry

logger = logging.getLogger(__name__)


# Shown at once with a crisis answer (and in the API), as on the public crisis page.
CRISIS_RESOURCES: tuple[dict[str, Text], ...] = (
    {
        "name": _("988 Suicide & Crisis Lifeline"),
        "about": _("free, confidential, 24/7"),
        "call": "tel:988",
        "call_label": _("Call 988"),
        "text": "sms:988",
        "text_label": _("Text 988"),
    },
    {
        "name": _("SAMHSA National Helpline"),
        "about": _("free, confidential treatment referral and information, 24/7"),
        "call": "tel:18006624357",
        "call_label": _("Call 1-800-662-4357"),
        "text": "",
        "text_label": "",
    },
    {
        "name": _("Emergency services"),
        "about": _("if you are in immediate danger"),
        "call": "tel:911",
        "call_label": _("Call 911"),
        "text": "",
        "text_label": "",
    },
)


class UnknownMeasure(LookupError):
    pass


def definition(code: str) -> Definition:
    found = INSTRUMENTS.get(code)
    if found is None:
        raise UnknownMeasure(
            gettext("There is no questionnaire called %(code)s.") % {"code": repr(code)}
        )
    return found


def definitions() -> list[Definition]:
    return all_definitions()


def local_date_of(client: User, moment: datetime) -> date:
    return moment.astimezone(client.zone).date()


def save_response(
    client: User, code: str, answers: Mapping[str, Any], now: datetime | None = None
) -> MeasureResponse:
    """Scores and stores a completed questionnaire; AnswerError when any answer is missing or
    not one of its options (nothing is stored then)."""
    found = definition(code)
    result = scoring.score(found, answers)
    now = now or timezone.now()
    primary = result.primary
    with transaction.atomic():
        response = MeasureResponse.objects.create(
            client=client,
            instrument=code,
            answers=result.answers,
            scores=result.scores_json(),
            total=None if primary is None else scoring.rounded(primary.value),
            band="" if primary is None or primary.band is None else primary.band.code,
            crisis=result.crisis,
            created_at=now,
            local_date=local_date_of(client, now),
        )
        schedules.after_response(client, found, now)
        if result.crisis:
            crisis_hook(client, f"measures:{code}:{response.pk}")
        # New answers can move the client against their own baseline (signals).
        registry.client_data_saved(client, now)
    return response


def crisis_flag(response: MeasureResponse) -> bool:
    """True when the response holds an answer that calls for crisis resources (PHQ-9 item 9
    above "Not at all"), decided from the answers by the instrument's crisis rules."""
    found = INSTRUMENTS.get(response.instrument)
    if found is None:
        return response.crisis
    return scoring.crisis(found, response.answers)


def crisis_hook(client: User, source: str) -> None:
    for hook in registry.crisis_hooks:
        try:
            with transaction.atomic():
                hook(client, source)
        except Exception:
            logger.exception("crisis hook %r failed for %s", hook, source)


# Reading results


def responses_of(client: User, code: str | None = None) -> QuerySet[MeasureResponse]:
    rows = MeasureResponse.objects.filter(client=client)
    return rows if code is None else rows.filter(instrument=code)


def own_response(client: User, response_id: int) -> MeasureResponse | None:
    return MeasureResponse.objects.filter(client=client, pk=response_id).first()


@dataclass(frozen=True)
class ScoreView:
    """One scale of a stored response, ready to show."""

    key: str
    label: str
    value: float
    shown: str
    low: str
    high: str
    band: Band | None
    direction: str

    @property
    def attention(self) -> bool:
        return self.band is not None and self.band.attention

    @property
    def band_word(self) -> str:
        """The band's label inside a sentence: "12 of 27 (moderate)"."""
        return str(self.band.label).lower() if self.band else ""


def score_views(response: MeasureResponse) -> list[ScoreView]:
    found = INSTRUMENTS.get(response.instrument)
    if found is None:
        return []
    views = []
    for scale in found.scales:
        stored = response.scores.get(scale.key)
        if stored is None:
            continue
        value = Fraction(Decimal(str(stored["value"])))
        low, high = found.range_of(scale)
        band = next((b for b in scale.bands if b.code == stored.get("band")), None)
        views.append(
            ScoreView(
                key=scale.key,
                label=str(scale.label),
                value=float(value),
                shown=scoring.display(value),
                low=scoring.display(low),
                high=scoring.display(high),
                band=band,
                direction=str(scale.direction),
            )
        )
    return views


def headline(response: MeasureResponse) -> str:
    """A one-line summary: "12 of 27 (moderate)", or each scale for the BAM."""
    views = score_views(response)
    found = INSTRUMENTS.get(response.instrument)
    if found is not None and found.primary is not None:
        views = [v for v in views if v.key == found.primary]
    parts = []
    for view in views:
        score = gettext("%(score)s of %(highest)s") % {"score": view.shown, "highest": view.high}
        if view.band:
            score = gettext("%(score)s (%(band)s)") % {"score": score, "band": view.band_word}
        if len(views) > 1:
            score = gettext("%(scale)s %(score)s") % {"scale": view.label, "score": score}
        parts.append(score)
    return "; ".join(parts)


@dataclass(frozen=True)
class AnswerView:
    number: str
    text: str
    group: str
    answer: str
    value: int


def answer_views(response: MeasureResponse) -> list[AnswerView]:
    found = INSTRUMENTS.get(response.instrument)
    if found is None:
        return []
    return [
        AnswerView(
            item.number,
            str(item.text),
            str(item.group),
            item.label_of(response.answers.get(item.key, -1)),
            response.answers.get(item.key, -1),
        )
        for item in found.items
    ]


def shared_with(client: User) -> list[Membership]:
    """Who sees the client's questionnaire results, so the client knows."""
    return supporters_with_scope(client, Scope.MEASURES)


def history(client: User, code: str, limit: int = 200) -> list[MeasureResponse]:
    """A client's responses to one questionnaire, oldest first (the newest `limit`)."""
    return list(reversed(responses_of(client, code)[:limit]))
