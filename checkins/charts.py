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

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from checkins.models import CheckIn, Mood
from recoverycircle import humane
from recoverycircle.charts import Chart, Dot, Tick, fmt

# Shorter than questionnaire charts, with room on the left for mood words.
WIDTH, HEIGHT = 400, 150
LEFT, RIGHT, TOP, BOTTOM = 62, 10, 10, 24


@dataclass(frozen=True)
class Measure:
    key: str
    title: str | Promise
    low: float
    high: float
    ticks: tuple[float, ...]
    value: Callable[[CheckIn], float]
    tick_label: Callable[[float], str] = lambda v: f"{v:g}"
    words: Callable[[float], str] = lambda v: number_words(v)


def number_words(value: float) -> str:
    """ "2.5" ("2,5" in Spanish), "3" rather than "3.0"."""
    return humane.number(value)


def mood_words(value: float) -> str:
    # The mood of the number as shown (one decimal), halfway up to the next mood: round()
    # alone would take 2.5 down to "low" but 3.5 up to "good".
    mood = Mood(math.floor(round(value, 1) + 0.5))
    return f"{number_words(value)} ({str(mood.label).lower()})"


MEASURES = (
    Measure(
        "mood",
        gettext_lazy("Mood"),
        1,
        5,
        (1, 3, 5),
        lambda c: float(c.mood),
        tick_label=lambda v: str(Mood(int(v)).label),
        words=mood_words,
    ),
    Measure(
        "craving",
        gettext_lazy("Craving (0 to 10)"),
        0,
        10,
        (0, 5, 10),
        lambda c: float(c.craving),
    ),
    Measure(
        "stress", gettext_lazy("Stress (0 to 10)"), 0, 10, (0, 5, 10), lambda c: float(c.stress)
    ),
    Measure(
        "sleep", gettext_lazy("Sleep (hours)"), 0, 12, (0, 6, 12), lambda c: float(c.sleep_hours)
    ),
)


def day_label(day: date) -> str:
    """ "1 Dec" ("1 dic")."""
    return humane.dated(day, "day_short")


def build(measure: Measure, checkins: Sequence[CheckIn], start: date, end: date) -> Chart:
    span = max(1, (end - start).days)
    by_day = {c.local_date: measure.value(c) for c in checkins if start <= c.local_date <= end}
    high = max([measure.high, *by_day.values()])
    if high > measure.high:
        # A value past the scale (13.5 hours of sleep) raises its top to the next whole
        # number, so that the top line is the plot's top edge and its label is not cut off.
        high = math.ceil(high)
    ticks = measure.ticks if high == measure.high else (*measure.ticks[:-1], high)
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
        title=_("%(measure)s, %(start)s to %(end)s")
        % {"measure": measure.title, "start": day_label(start), "end": day_label(end)},
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
        return ngettext(
            "No check-ins on this day yet.", "No check-ins in these %(days)d days yet.", total
        ) % {"days": total}
    values = list(by_day.values())
    latest = max(by_day)
    average = sum(values) / len(values)
    # Two numbers, each with its own plural: the days are worded first, then the sentence.
    period = ngettext("%(days)d day", "%(days)d days", total) % {"days": total}
    count = ngettext(
        "%(count)d check-in in %(period)s.", "%(count)d check-ins in %(period)s.", len(values)
    ) % {"count": len(values), "period": period}
    summary = _(
        "Average %(average)s, lowest %(lowest)s, highest %(highest)s. Latest %(latest)s on %(day)s."
    ) % {
        "average": measure.words(average),
        "lowest": measure.words(min(values)),
        "highest": measure.words(max(values)),
        "latest": measure.words(by_day[latest]),
        "day": day_label(latest),
    }
    return f"{count} {summary}"


def charts(checkins: Sequence[CheckIn], start: date, end: date) -> list[Chart]:
    return [build(m, checkins, start, end) for m in MEASURES]
