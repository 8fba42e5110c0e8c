"""Trend charts of mood, craving, stress and sleep as server-drawn SVG.

One small chart per measure, each with its own scale, a title and a description that says in
words what the chart shows; the page also offers the same numbers as a table. Coordinates are
formatted here as plain strings, so the page's language never turns "12.5" into "12,5".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from checkins.models import CheckIn, Mood
from recoverycircle.charts import Chart, Dot, Tick, fmt

# Shorter than questionnaire charts, with room on the left for mood words.
WIDTH, HEIGHT = 400, 150
LEFT, RIGHT, TOP, BOTTOM = 62, 10, 10, 24


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    low: float
    high: float
    ticks: tuple[float, ...]
    value: Callable[[CheckIn], float]
    tick_label: Callable[[float], str] = lambda v: f"{v:g}"
    words: Callable[[float], str] = lambda v: f"{v:.1f}".removesuffix(".0")


def mood_words(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0") + f" ({Mood(round(value)).label.lower()})"


MEASURES = (
    Measure(
        "mood",
        "Mood",
        1,
        5,
        (1, 3, 5),
        lambda c: float(c.mood),
        tick_label=lambda v: Mood(int(v)).label,
        words=mood_words,
    ),
    Measure("craving", "Craving (0 to 10)", 0, 10, (0, 5, 10), lambda c: float(c.craving)),
    Measure("stress", "Stress (0 to 10)", 0, 10, (0, 5, 10), lambda c: float(c.stress)),
    Measure("sleep", "Sleep (hours)", 0, 12, (0, 6, 12), lambda c: float(c.sleep_hours)),
)


def day_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def build(measure: Measure, checkins: Sequence[CheckIn], start: date, end: date) -> Chart:
    span = max(1, (end - start).days)
    by_day = {c.local_date: measure.value(c) for c in checkins if start <= c.local_date <= end}
    high = max([measure.high, *by_day.values()])
    ticks = measure.ticks if high == measure.high else (*measure.ticks[:-1], math.ceil(high))
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + width * (day - start).days / span

    def y(value: float) -> float:
        return TOP + height * (1 - (value - measure.low) / (high - measure.low))

    paths, run, dots = [], [], []
    day = start
    while day <= end:
        if day in by_day:
            point = f"{fmt(x(day))} {fmt(y(by_day[day]))}"
            run.append(point)
            dots.append(
                Dot(
                    fmt(x(day)),
                    fmt(y(by_day[day])),
                    f"{day_label(day)}: {measure.words(by_day[day])}",
                )
            )
        elif run:
            paths.append("M" + " L".join(run))
            run = []
        day += timedelta(days=1)
    if run:
        paths.append("M" + " L".join(run))
    return Chart(
        key=measure.key,
        title=f"{measure.title}, {day_label(start)} to {day_label(end)}",
        desc=describe(measure, by_day, start, end),
        paths=[p for p in paths if " L" in p],
        dots=dots,
        grid=[Tick(fmt(LEFT - 6), fmt(y(t)), measure.tick_label(t)) for t in ticks],
        dates=[
            Tick(fmt(x(start)), fmt(HEIGHT - 6), day_label(start), "start"),
            Tick(fmt(x(end)), fmt(HEIGHT - 6), day_label(end), "end"),
        ],
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
    )


def describe(measure: Measure, by_day: dict[date, float], start: date, end: date) -> str:
    total = (end - start).days + 1
    if not by_day:
        return f"No check-ins in these {total} days yet."
    values = list(by_day.values())
    latest = max(by_day)
    average = sum(values) / len(values)
    return (
        f"{len(values)} check-ins in {total} days. "
        f"Average {measure.words(average)}, lowest {measure.words(min(values))}, "
        f"highest {measure.words(max(values))}. "
        f"Latest {measure.words(by_day[latest])} on {day_label(latest)}."
    )


def charts(checkins: Sequence[CheckIn], start: date, end: date) -> list[Chart]:
    return [build(m, checkins, start, end) for m in MEASURES]
