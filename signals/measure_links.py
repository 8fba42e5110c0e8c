"""Rules over the client's validated questionnaires, each against the client's own baseline
(the mean of their earlier answers), not against other people."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.models import MeasureResponse
from recoverycircle.humane import number
from signals.rules import Context, Finding, Rule, exact, exact_threshold, mean

BASELINE_RESPONSES = 4  # earlier responses averaged into the baseline


INSTRUMENTS = ("bam", "mspss")  # the questionnaires these rules read


def latest_scores(ctx: Context, code: str) -> list[dict[str, Any]]:
    """Newest first: the scores of the client's latest answers to one questionnaire (preloaded
    for many clients by signals.batch)."""

    def load() -> list[dict[str, Any]]:
        rows = MeasureResponse.objects.filter(client=ctx.client, instrument=code).order_by(
            "-created_at", "-id"
        )[: BASELINE_RESPONSES + 1]
        return [r.scores or {} for r in rows]

    return ctx.input(f"scores:{code}", load)


def scale_values(ctx: Context, code: str, scale: str) -> list[Fraction]:
    """Newest first: this client's values of one scale of one questionnaire, as exact
    fractions of the stored (rounded) values, so a change of exactly a threshold fires."""
    return [exact(s[scale]["value"]) for s in latest_scores(ctx, code) if scale in s]


def against_baseline(values: list[Fraction]) -> tuple[Fraction, Fraction] | None:
    if len(values) < 2:
        return None
    return values[0], mean(values[1:])


def bam_risk_up(ctx: Context) -> Finding | None:
    pair = against_baseline(scale_values(ctx, "bam", "risk"))
    if pair is None or pair[0] - pair[1] < exact_threshold("bam_risk_rise"):
        return None
    latest, baseline = pair
    return Finding(
        "concern",
        gettext_lazy("Your BAM risk factors went up"),
        lambda: (
            _(
                "Your latest Brief Addiction Monitor risk score is %(latest)s, up from your usual "
                "%(usual)s (the mean of your earlier answers)."
            )
            % {"latest": number(latest), "usual": number(baseline, 1)}
        ),
        trigger_kinds=("",),
    )


def bam_protective_down(ctx: Context) -> Finding | None:
    pair = against_baseline(scale_values(ctx, "bam", "protective"))
    if pair is None or pair[1] - pair[0] < exact_threshold("bam_protective_drop"):
        return None
    latest, baseline = pair
    return Finding(
        "watch",
        gettext_lazy("Your BAM protective factors went down"),
        lambda: (
            _(
                "Your latest Brief Addiction Monitor protective score is %(latest)s, down from "
                "your usual %(usual)s."
            )
            % {"latest": number(latest), "usual": number(baseline, 1)}
        ),
        trigger_kinds=("",),
    )


def support_falling(ctx: Context) -> Finding | None:
    values = scale_values(ctx, "mspss", "total")
    if len(values) < 2 or values[1] - values[0] < exact_threshold("support_drop"):
        return None
    return Finding(
        "watch",
        gettext_lazy("You feel less supported than before"),
        lambda: (
            _(
                "Your perceived social support (MSPSS) is %(now)s, down from %(before)s last time. "
                "Reaching out to one person this week can help."
            )
            % {"now": number(values[0], 2), "before": number(values[1], 2)}
        ),
        trigger_kinds=("person",),
    )


RULES = [
    Rule("bam_risk_up", bam_risk_up),
    Rule("bam_protective_down", bam_protective_down),
    Rule("support_falling", support_falling),
]
