"""The one scorer for every questionnaire definition.

1. Every item must be answered with one of its option values; anything else is refused with a
   message naming the questions (no partial scores: a missing answer is not a zero).
2. Reverse-scored items count as (lowest + highest − answer).
3. A scale is the sum, or the mean, of its items' scored answers, kept as an exact fraction.
4. The band is found on the exact value by the rule in measures/definitions.py (last band whose
   lower edge the value passes); rounding happens only for display and storage, afterwards.
5. A crisis rule (e.g. PHQ-9 item 9 ≥ 1) looks at the raw answer, not a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures.definitions import Band, Definition, Scale
from recoverycircle.errors import Invalid

PLACES = Decimal("0.01")


class AnswerError(Invalid):
    """Answers that cannot be scored; `errors` maps item keys to what is wrong with each."""

    def __init__(self, errors: dict[str, str], message: str) -> None:
        super().__init__(message)
        self.errors = errors


def listed(words: list[str]) -> str:
    return ", ".join(words)


def as_answer(raw: Any) -> int | None:
    """An answer as an int: ints and digit strings (form posts) pass; bools and floats do not."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw.strip())
    return None


def clean_answers(definition: Definition, answers: Mapping[str, Any]) -> dict[str, int]:
    """The answers as {item key: value}, or AnswerError naming every problem at once."""
    errors: dict[str, str] = {}
    missing: list[str] = []
    invalid: list[str] = []
    known = set(definition.item_keys)
    unknown = sorted(str(key) for key in answers if key not in known)
    cleaned: dict[str, int] = {}
    for item in definition.items:
        raw = answers.get(item.key)
        if raw is None or raw == "":
            errors[item.key] = _("Please choose an answer to this question.")
            missing.append(item.number)
            continue
        value = as_answer(raw)
        if value is None or value not in item.values:
            allowed = ", ".join(str(v) for v in item.values)
            given = repr(raw)[:20]
            errors[item.key] = _(
                "%(given)s is not one of the answers; choose one of %(allowed)s."
            ) % {"given": given, "allowed": allowed}
            invalid.append(
                _("%(number)s (%(given)s; allowed: %(allowed)s)")
                % {"number": item.number, "given": given, "allowed": allowed}
            )
            continue
        cleaned[item.key] = value
    for key in unknown:
        errors[key] = _("%(name)s has no question %(key)s.") % {
            "name": definition.short_name,
            "key": repr(key),
        }
    if errors:
        parts = []
        if missing:
            parts.append(
                _("Every question needs an answer; not answered: %(numbers)s")
                % {"numbers": listed(missing)}
            )
        if invalid:
            parts.append(
                ngettext(
                    "Not an allowed answer for question %(questions)s",
                    "Not an allowed answer for questions %(questions)s",
                    len(invalid),
                )
                % {"questions": listed(invalid)}
            )
        if unknown:
            parts.append(
                ngettext("Unknown question %(keys)s", "Unknown questions %(keys)s", len(unknown))
                % {"keys": listed(unknown)}
            )
        message = _("%(name)s: %(problems)s.") % {
            "name": definition.short_name,
            "problems": ". ".join(parts),
        }
        raise AnswerError(errors, message)
    return cleaned


def band_for(scale: Scale, value: Fraction) -> Band | None:
    found = None
    for band in scale.bands:
        if band.holds(value):
            found = band
    return found


def rounded(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        PLACES, rounding=ROUND_HALF_UP
    )


def display(value: Fraction) -> str:
    """A score as people read it: whole numbers plain, anything else to two decimals."""
    if value.denominator == 1:
        return str(value.numerator)
    return str(rounded(value))


@dataclass(frozen=True)
class ScaleScore:
    scale: Scale
    value: Fraction
    band: Band | None
    low: Fraction
    high: Fraction

    @property
    def shown(self) -> str:
        return display(self.value)

    @property
    def stored(self) -> int | float:
        return self.value.numerator if self.value.denominator == 1 else float(rounded(self.value))


@dataclass(frozen=True)
class Result:
    definition: Definition
    answers: dict[str, int]
    scales: tuple[ScaleScore, ...]
    crisis: bool

    @property
    def primary(self) -> ScaleScore | None:
        key = self.definition.primary
        return next((s for s in self.scales if s.scale.key == key), None)

    def scores_json(self) -> dict[str, dict[str, Any]]:
        return {
            s.scale.key: {"value": s.stored, "band": s.band.code if s.band else None}
            for s in self.scales
        }


def scale_value(definition: Definition, scale: Scale, answers: Mapping[str, int]) -> Fraction:
    total = sum(Fraction(definition.item(key).scored(answers[key])) for key in scale.items)
    return Fraction(total) / len(scale.items) if scale.method == "mean" else Fraction(total)


def crisis(definition: Definition, answers: Mapping[str, Any]) -> bool:
    for rule in definition.crisis:
        value = as_answer(answers.get(rule.item))
        if value is not None and value >= rule.at_least:
            return True
    return False


def score(definition: Definition, answers: Mapping[str, Any]) -> Result:
    cleaned = clean_answers(definition, answers)
    scales = []
    for scale in definition.scales:
        value = scale_value(definition, scale, cleaned)
        low, high = definition.range_of(scale)
        scales.append(ScaleScore(scale, value, band_for(scale, value), low, high))
    return Result(definition, cleaned, tuple(scales), crisis(definition, cleaned))
