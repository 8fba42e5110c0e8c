"""Questionnaire trend charts (measures.charts), called directly: the scale's whole range on
the vertical axis with a line at each band edge, points at their local dates (a clock change
and the evening in UTC included), and the description in words."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import translation

from accounts.models import User
from measures.charts import build, charts
from measures.instruments import INSTRUMENTS
from measures.models import MeasureResponse
from measures.services import save_response
from recoverycircle.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH

NY = ZoneInfo("America/New_York")
PHQ9 = INSTRUMENTS["phq9"]
MSPSS = INSTRUMENTS["mspss"]
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


def phq9(client: User, when: datetime, *values: int) -> MeasureResponse:
    return save_response(
        client, "phq9", {str(n): v for n, v in enumerate(values, start=1)}, now=when
    )


def mspss(client: User, when: datetime, value: int, raised: int = 0) -> MeasureResponse:
    """Every item `value`, the first `raised` of them one more: a total mean of
    value + raised/12."""
    answers = {str(n): value + (n <= raised) for n in range(1, 13)}
    return save_response(client, "mspss", answers, now=when)


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=NY)


def total(chart_responses: list[MeasureResponse]) -> str:
    return build(PHQ9, PHQ9.scales[0], chart_responses, "phq9-total").desc


def test_it_says_so_when_there_are_no_results() -> None:
    chart = build(PHQ9, PHQ9.scales[0], [], "phq9-total")
    assert chart.desc == "No results yet."
    assert chart.paths == [] and chart.dots == [] and chart.dates == []
    assert chart.title == "PHQ-9: Depression symptoms"


def test_it_spans_the_whole_scale_with_a_line_at_each_band_edge() -> None:
    chart = build(PHQ9, PHQ9.scales[0], [], "phq9-total")
    assert [t.label for t in chart.grid] == ["0", "5", "10", "15", "20", "27"]
    assert float(chart.grid[0].y) == TOP + PLOT_HEIGHT
    assert float(chart.grid[-1].y) == TOP


def test_it_centres_a_single_result(alice: User) -> None:
    chart = build(
        PHQ9, PHQ9.scales[0], [phq9(alice, at(10), 2, 2, 2, 2, 1, 1, 1, 1, 0)], "phq9-total"
    )
    (dot,) = chart.dots
    assert float(dot.x) == LEFT + (WIDTH - LEFT - RIGHT) / 2
    assert chart.paths == []
    assert [(d.label, d.anchor) for d in chart.dates] == [("10 Mar 2026", "middle")]
    assert chart.desc.startswith("One result: 12 (moderate) on 10 Mar 2026.")


def test_it_dates_an_evening_result_by_the_clients_own_day(alice: User) -> None:
    # 22:30 in New York on 10 March is already 11 March in UTC.
    response = phq9(alice, at(10, 22) + timedelta(minutes=30), *[0] * 9)
    chart = build(PHQ9, PHQ9.scales[0], [response], "phq9-total")
    assert chart.dots[0].label == "10 Mar 2026: 0 (minimal)"


def test_it_spaces_results_by_days_across_a_clock_change(alice: User) -> None:
    # New York's clocks went forward on 8 March 2026: 7, 8 and 9 March are evenly spaced.
    rows = [phq9(alice, at(day, 9), *[1] * 9) for day in (7, 8, 9)]
    chart = build(PHQ9, PHQ9.scales[0], rows, "phq9-total")
    xs = [float(d.x) for d in chart.dots]
    assert xs == [LEFT, LEFT + (WIDTH - LEFT - RIGHT) / 2, WIDTH - RIGHT]


def test_it_joins_two_results_and_labels_both_ends(alice: User) -> None:
    rows = [phq9(alice, at(1), *[3] * 9), phq9(alice, at(15), *[0] * 9)]
    chart = build(PHQ9, PHQ9.scales[0], rows, "phq9-total")
    first, last = chart.dots
    assert chart.paths == [f"M{first.x} {first.y} L{last.x} {last.y}"]
    assert float(first.y) == TOP and float(last.y) == TOP + PLOT_HEIGHT  # 27, then 0
    assert [(d.label, d.anchor) for d in chart.dates] == [
        ("1 Mar 2026", "start"),
        ("15 Mar 2026", "end"),
    ]


def test_it_says_a_score_went_down(alice: User) -> None:
    desc = total([phq9(alice, at(1), *[3] * 9), phq9(alice, at(15), *[0] * 9)])
    assert desc.startswith(
        "2 results from 1 Mar 2026 to 15 Mar 2026, on a scale of 0 to 27. "
        "First 27 (severe), latest 0 (minimal) (down 27). "
        "Lowest 0 (minimal), highest 27 (severe)."
    )


def test_it_says_a_score_went_up(alice: User) -> None:
    desc = total([phq9(alice, at(1), *[0] * 9), phq9(alice, at(8), 1, 1, 1, 1, 1, 0, 0, 0, 0)])
    assert "(up 5)" in desc and "latest 5 (mild)" in desc


def test_it_says_when_nothing_changed(alice: User) -> None:
    rows = [phq9(alice, at(day), *[1] * 9) for day in (1, 5, 9)]
    desc = total(rows)
    assert desc.startswith("3 results from 1 Mar 2026 to 9 Mar 2026")
    assert "(no change)" in desc


def test_it_names_the_lowest_and_highest_between_the_ends(alice: User) -> None:
    rows = [
        phq9(alice, at(1), *[1] * 9),
        phq9(alice, at(5), *[3] * 9),
        phq9(alice, at(9), *[0] * 9),
        phq9(alice, at(12), *[1] * 9),
    ]
    desc = total(rows)
    assert "Lowest 0 (minimal), highest 27 (severe)." in desc and "(no change)" in desc


def test_it_charts_a_mean_scale_in_its_own_range(alice: User) -> None:
    # MSPSS is a mean of 1 to 7: 4 and 4.5 sit at a half and at 7/12 of the height.
    rows = [mspss(alice, at(1), 4), mspss(alice, at(20), 4, 6)]
    chart = build(MSPSS, MSPSS.scales[0], rows, "mspss-total")
    assert [t.label for t in chart.grid] == ["1", "3", "5", "7"]
    low, high = (float(d.y) for d in chart.dots)
    assert low == round(TOP + PLOT_HEIGHT / 2, 1)
    assert high == round(TOP + PLOT_HEIGHT * (1 - 3.5 / 6), 1)
    assert "on a scale of 1 to 7" in chart.desc and "latest 4.50 (moderate) (up 0.50)" in chart.desc


def test_it_says_a_change_of_a_fraction_in_two_decimals(alice: User) -> None:
    rows = [mspss(alice, at(1), 4), mspss(alice, at(20), 4, 1)]  # 4 to 49/12
    chart = build(MSPSS, MSPSS.scales[0], rows, "mspss-total")
    assert "(up 0.08)" in chart.desc


def test_it_draws_one_chart_per_scale(alice: User) -> None:
    found = charts(MSPSS, [mspss(alice, at(1), 5)])
    assert [c.key for c in found] == [
        "mspss-total",
        "mspss-significant_other",
        "mspss-family",
        "mspss-friends",
    ]
    assert all(len(c.dots) == 1 for c in found)


def test_it_skips_a_response_without_the_scale(alice: User) -> None:
    kept = phq9(alice, at(1), *[1] * 9)
    other = phq9(alice, at(2), *[2] * 9)
    other.scores = {}
    chart = build(PHQ9, PHQ9.scales[0], [kept, other], "phq9-total")
    assert len(chart.dots) == 1 and chart.paths == []


def test_it_writes_coordinates_with_a_point_in_spanish(alice: User) -> None:
    rows = [mspss(alice, at(1), 4, 1), mspss(alice, at(20), 4, 6)]
    with translation.override("es"):
        chart = build(MSPSS, MSPSS.scales[0], rows, "mspss-total")
    assert all("," not in part for d in chart.dots for part in (d.x, d.y))
    assert "," not in chart.paths[0]
