"""Rules over the client's validated questionnaires, each against the client's own baseline
(the mean of their earlier answers), not against other people."""

from __future__ import annotations

from statistics import fmean

from measures.models import MeasureResponse
from signals.rules import Context, Finding, Rule, threshold

BASELINE_RESPONSES = 4  # earlier responses averaged into the baseline


def scale_values(ctx: Context, code: str, scale: str) -> list[float]:
    """Newest first: this client's values of one scale of one questionnaire."""
    rows = MeasureResponse.objects.filter(client=ctx.client, instrument=code).order_by(
        "-created_at", "-id"
    )[: BASELINE_RESPONSES + 1]
    return [float(r.scores[scale]["value"]) for r in rows if scale in (r.scores or {})]


def against_baseline(values: list[float]) -> tuple[float, float] | None:
    if len(values) < 2:
        return None
    return values[0], fmean(values[1:])


def bam_risk_up(ctx: Context) -> Finding | None:
    pair = against_baseline(scale_values(ctx, "bam", "risk"))
    if pair is None or pair[0] - pair[1] < threshold("bam_risk_rise"):
        return None
    latest, baseline = pair
    return Finding(
        "concern",
        "Your BAM risk factors went up",
        f"Your latest Brief Addiction Monitor risk score is {latest:g}, up from your usual "
        f"{baseline:.1f} (the mean of your earlier answers).",
        trigger_kinds=("",),
    )


def bam_protective_down(ctx: Context) -> Finding | None:
    pair = against_baseline(scale_values(ctx, "bam", "protective"))
    if pair is None or pair[1] - pair[0] < threshold("bam_protective_drop"):
        return None
    latest, baseline = pair
    return Finding(
        "watch",
        "Your BAM protective factors went down",
        f"Your latest Brief Addiction Monitor protective score is {latest:g}, down from your "
        f"usual {baseline:.1f}.",
        trigger_kinds=("",),
    )


def support_falling(ctx: Context) -> Finding | None:
    values = scale_values(ctx, "mspss", "total")
    if len(values) < 2 or values[1] - values[0] < threshold("support_drop"):
        return None
    return Finding(
        "watch",
        "You feel less supported than before",
        f"Your perceived social support (MSPSS) is {values[0]:.2f}, down from {values[1]:.2f} "
        "last time. Reaching out to one person this week can help.",
        trigger_kinds=("person",),
    )


RULES = [
    Rule("bam_risk_up", bam_risk_up),
    Rule("bam_protective_down", bam_protective_down),
    Rule("support_falling", support_falling),
]
