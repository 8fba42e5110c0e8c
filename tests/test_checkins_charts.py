"""The check-in trend charts (checkins.charts), called directly: where each day's point sits,
where a line breaks for a missed day, the scale when a value goes past it, and the words that
describe each chart (for screen readers, and for anyone)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from accounts.models import User
from checkins.charts import (
    BOTTOM,
    HEIGHT,
    LEFT,
    MEASURES,
    RIGHT,
    TOP,
    WIDTH,
    Measure,
    build,
    charts,
    mood_words,
)
from checkins.models import CheckIn

START = date(2026, 3, 2)
END = date(2026, 3, 8)  # New York's clocks went forward on 8 March 2026
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


def measure(key: str) -> Measure:
    return next(m for m in MEASURES if m.key == key)


def check_in(
    client: User,
    day: date,
    mood: int = 3,
    craving: int = 2,
    stress: int = 3,
    sleep: str = "7",
) -> CheckIn:
    return CheckIn(
        client=client,
        local_date=day,
        mood=mood,
        craving=craving,
        stress=stress,
        sleep_hours=Decimal(sleep),
    )


def days(n: int) -> date:
    return START + timedelta(days=n)


def test_it_draws_four_charts_in_order(alice: User) -> None:
    found = charts([check_in(alice, START)], START, END)
    assert [c.key for c in found] == ["mood", "craving", "stress", "sleep"]
    assert found[0].title == "Mood, 2 Mar to 8 Mar"


def test_it_says_so_when_there_are_no_check_ins() -> None:
    chart = build(measure("craving"), [], START, END)
    assert chart.paths == [] and chart.dots == []
    assert chart.desc == "No check-ins in these 7 days yet."
    assert [t.label for t in chart.grid] == ["0", "5", "10"]


def test_it_places_each_day_evenly_across_a_clock_change(alice: User) -> None:
    # Days, not hours: the day the clocks went forward is as wide as any other.
    rows = [check_in(alice, days(n), craving=n) for n in range(7)]
    chart = build(measure("craving"), rows, START, END)
    assert [d.x for d in chart.dots] == [f"{LEFT + PLOT_WIDTH * n / 6:.1f}" for n in range(7)]
    assert chart.dots[-1].x == f"{WIDTH - RIGHT:.1f}"


def test_it_puts_the_scale_ends_at_the_top_and_bottom(alice: User) -> None:
    rows = [check_in(alice, days(0), craving=0), check_in(alice, days(1), craving=10)]
    (low, high) = build(measure("craving"), rows, START, END).dots
    assert float(low.y) == TOP + PLOT_HEIGHT
    assert float(high.y) == TOP


def test_it_breaks_the_line_where_a_day_was_missed(alice: User) -> None:
    rows = [check_in(alice, days(n)) for n in (0, 1, 2, 4, 6)]
    chart = build(measure("stress"), rows, START, END)
    assert len(chart.dots) == 5
    # Days 0-2 make one line; 4 and 6 stand alone, as dots only.
    assert len(chart.paths) == 1
    assert chart.paths[0].count(" L") == 2


def test_it_draws_two_lines_around_a_gap(alice: User) -> None:
    rows = [check_in(alice, days(n)) for n in (0, 1, 4, 5, 6)]
    chart = build(measure("stress"), rows, START, END)
    assert [p.count(" L") for p in chart.paths] == [1, 2]
    assert all(p.startswith("M") for p in chart.paths)


def test_it_leaves_out_check_ins_outside_the_days(alice: User) -> None:
    rows = [
        check_in(alice, START - timedelta(days=1), craving=9),
        check_in(alice, days(3), craving=4),
        check_in(alice, END + timedelta(days=1), craving=9),
    ]
    chart = build(measure("craving"), rows, START, END)
    assert [d.label for d in chart.dots] == ["5 Mar: 4"]
    assert chart.desc == (
        "1 check-in in 7 days. Average 4, lowest 4, highest 4. Latest 4 on 5 Mar."
    )


def test_it_stretches_the_scale_for_more_sleep_than_it_shows(alice: User) -> None:
    rows = [check_in(alice, days(0), sleep="13.5"), check_in(alice, days(1), sleep="6")]
    chart = build(measure("sleep"), rows, START, END)
    assert [t.label for t in chart.grid] == ["0", "6", "14"]
    # The top line (14) is the top of the plot, not above it where its label is cut off;
    # 13.5 hours sits just below it.
    assert float(chart.grid[-1].y) == TOP
    assert TOP < float(chart.dots[0].y) < TOP + PLOT_HEIGHT


def test_it_keeps_the_usual_scale_at_its_top_value(alice: User) -> None:
    chart = build(measure("sleep"), [check_in(alice, days(0), sleep="12")], START, END)
    assert [t.label for t in chart.grid] == ["0", "6", "12"]


def test_it_names_the_moods_on_the_scale(alice: User) -> None:
    chart = build(measure("mood"), [check_in(alice, days(0), mood=1)], START, END)
    assert [t.label for t in chart.grid] == ["Very low", "Okay", "Great"]
    assert float(chart.dots[0].y) == TOP + PLOT_HEIGHT  # 1 is the bottom of 1 to 5


def test_it_describes_the_days_in_words(alice: User) -> None:
    rows = [
        check_in(alice, days(0), mood=2),
        check_in(alice, days(1), mood=4),
        check_in(alice, days(5), mood=5),
    ]
    chart = build(measure("mood"), rows, START, END)
    assert chart.desc == (
        "3 check-ins in 7 days. Average 3.7 (good), lowest 2 (low), highest 5 (great). "
        "Latest 5 (great) on 7 Mar."
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1, "1 (very low)"),
        (1.5, "1.5 (low)"),
        (2.5, "2.5 (okay)"),
        (32 / 13, "2.5 (okay)"),  # 2.46, shown as 2.5: named as 2.5 is
        (2.44, "2.4 (low)"),
        (3.5, "3.5 (good)"),
        (4.5, "4.5 (great)"),
        (5, "5 (great)"),
    ],
)
def test_it_names_a_halfway_mood_by_the_mood_above(value: float, words: str) -> None:
    assert mood_words(value) == words


def test_it_charts_a_single_day(alice: User) -> None:
    chart = build(measure("craving"), [check_in(alice, START, craving=3)], START, START)
    assert chart.paths == []
    assert [float(d.x) for d in chart.dots] == [LEFT]
    assert chart.desc == "1 check-in in 1 day. Average 3, lowest 3, highest 3. Latest 3 on 2 Mar."


def test_it_writes_coordinates_with_a_point_in_spanish(alice: User) -> None:
    rows = [check_in(alice, days(0), sleep="7.5"), check_in(alice, days(1), sleep="6.5")]
    with translation.override("es"):
        chart = build(measure("sleep"), rows, START, END)
    numbers = [chart.dots[0].x, chart.dots[0].y, *chart.paths]
    assert all("," not in n for n in numbers)
    assert "7,5" in chart.desc  # the words are Spanish, the coordinates are not
