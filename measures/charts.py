"""Trend charts of questionnaire scores as server-drawn SVG, one per scale.

The vertical axis always spans the scale's whole published range, with a grid line at each
band edge, so a change looks as large as it is; points sit at their dates. Each chart has a
title and a description in words, and the page shows the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures import scoring
from measures.definitions import Definition, Scale
from measures.models import MeasureResponse
from measures.services import score_views
from recoverycircle.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, Chart, Dot, Tick, fmt


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    words: str


def day_label(day: date) -> str:
    return date_format(day, "j M Y")


def points_for(scale: Scale, responses: Sequence[MeasureResponse]) -> list[Point]:
    points = []
    for response in responses:
        view = next((v for v in score_views(response) if v.key == scale.key), None)
        if view is None:
            continue
        words = view.shown
        if view.band:
            words = _("%(score)s (%(band)s)") % {"score": view.shown, "band": view.band_word}
        points.append(Point(response.local_date, view.value, words))
    return points


def build(
    definition: Definition, scale: Scale, responses: Sequence[MeasureResponse], key: str
) -> Chart:
    edge_low, edge_high = definition.range_of(scale)
    low, high = float(edge_low), float(edge_high)
    points = points_for(scale, responses)
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first = points[0].day if points else None
    span = max(1, (points[-1].day - first).days) if first and points else 1

    def x(day: date) -> float:
        if first is None or len(points) == 1:
            return LEFT + width / 2
        return LEFT + width * (day - first).days / span

    def y(value: float) -> float:
        return TOP + height * (1 - (value - low) / (high - low))

    dots = [Dot(fmt(x(p.day)), fmt(y(p.value)), f"{day_label(p.day)}: {p.words}") for p in points]
    path = "M" + " L".join(f"{d.x} {d.y}" for d in dots) if len(dots) > 1 else ""
    edges = sorted({edge_low, edge_high, *(Fraction(b.lower) for b in scale.bands[1:])})
    grid = [Tick(fmt(LEFT - 6), fmt(y(float(e))), scoring.display(e)) for e in edges]
    dates = []
    if points:
        first_day, last_day = points[0].day, points[-1].day
        anchor = "start" if len(points) > 1 else "middle"
        dates.append(Tick(fmt(x(first_day)), fmt(HEIGHT - 6), day_label(first_day), anchor))
        if len(points) > 1:
            dates.append(Tick(fmt(x(last_day)), fmt(HEIGHT - 6), day_label(last_day)))
    title = _("%(name)s: %(scale)s") % {"name": definition.short_name, "scale": scale.label}
    return Chart(
        key=key,
        title=title,
        desc=describe(
            points, scoring.display(edge_low), scoring.display(edge_high), str(scale.direction)
        ),
        paths=[path] if path else [],
        dots=dots,
        grid=grid,
        dates=dates,
    )


def describe(points: Sequence[Point], low: str, high: str, direction: str) -> str:
    if not points:
        return _("No results yet.")
    if len(points) == 1:
        found = _("One result: %(score)s on %(day)s.") % {
            "score": points[0].words,
            "day": day_label(points[0].day),
        }
        return f"{found} {direction}"
    values = [p.value for p in points]
    lowest = min(points, key=lambda p: p.value)
    highest = max(points, key=lambda p: p.value)
    change = values[-1] - values[0]
    step = scoring.display(Fraction(abs(change)).limit_denominator(1000))
    if change == 0:
        moved = _("no change")
    elif change > 0:
        moved = _("up %(step)s") % {"step": step}
    else:
        moved = _("down %(step)s") % {"step": step}
    found = ngettext(
        "%(count)s result from %(first_day)s to %(last_day)s, on a scale of %(low)s to "
        "%(high)s. First %(first)s, latest %(latest)s (%(moved)s). Lowest %(lowest)s, "
        "highest %(highest)s.",
        "%(count)s results from %(first_day)s to %(last_day)s, on a scale of %(low)s to "
        "%(high)s. First %(first)s, latest %(latest)s (%(moved)s). Lowest %(lowest)s, "
        "highest %(highest)s.",
        len(points),
    ) % {
        "count": len(points),
        "first_day": day_label(points[0].day),
        "last_day": day_label(points[-1].day),
        "low": low,
        "high": high,
        "first": points[0].words,
        "latest": points[-1].words,
        "moved": moved,
        "lowest": lowest.words,
        "highest": highest.words,
    }
    return f"{found} {direction}"


def charts(definition: Definition, responses: Sequence[MeasureResponse]) -> list[Chart]:
    code = definition.code
    return [build(definition, s, responses, f"{code}-{s.key}") for s in definition.scales]
