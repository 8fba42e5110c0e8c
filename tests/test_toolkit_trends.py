"""The craving tool's trend on the history page (toolkit.trends), called directly: which uses
fall in the chosen days in the client's own zone, where each one sits on the chart (across a
daylight-saving change too), and what the words under the chart say."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.models import User
from toolkit.models import CravingSession, Outcome
from toolkit.trends import HEIGHT, LEFT, RIGHT, TOP, WIDTH, craving_trend

NEW_YORK = ZoneInfo("America/New_York")
PLOT_RIGHT = WIDTH - RIGHT
PLOT_BOTTOM = HEIGHT - 24


def use(
    client: User,
    at: datetime,
    start: int,
    end: int | None = None,
    outcome: str = "",
    strategy: str = "",
    trigger: str = "",
) -> CravingSession:
    return CravingSession.objects.create(
        client=client,
        started_at=at,
        ended_at=None if end is None else at + timedelta(minutes=20),
        craving_start=start,
        craving_end=end,
        outcome=outcome,
        strategy_tried=strategy,
        trigger_label=trigger,
    )


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK)


def test_it_says_so_when_the_tool_was_not_used(alice: User) -> None:
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    assert trend.sessions == [] and trend.finished == 0
    assert trend.average_start is None and trend.average_end is None
    assert trend.outcomes == [] and trend.helped == [] and trend.triggers == []
    assert trend.chart.paths == [] and trend.chart.dots == []
    assert trend.chart.desc == "You did not use the craving tool in these days."
    assert [t.label for t in trend.chart.grid] == ["0", "5", "10"]


def test_it_takes_the_days_in_the_clients_own_zone(alice: User) -> None:
    # 23:59 in New York on the day before is already the first day in UTC: left out.
    use(alice, local(2026, 2, 28, 23, 59), 4)
    first = use(alice, local(2026, 3, 1, 0, 0), 5)
    last = use(alice, local(2026, 3, 7, 23, 59), 6)
    use(alice, local(2026, 3, 8, 0, 0), 7)  # the day after the last
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    assert trend.sessions == [last, first]  # newest first
    assert trend.chart.dots[0].x == f"{LEFT:.1f}"


def test_it_keeps_uses_of_other_people_out(alice: User, bob: User) -> None:
    use(bob, local(2026, 3, 2), 9, 1)
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    assert trend.sessions == [] and trend.chart.dots == []


def test_it_keeps_the_last_evening_inside_the_chart_when_clocks_go_back(alice: User) -> None:
    # New York's clocks went back on 2 November 2025: that week has 169 hours, and a use late
    # on its last evening belongs at the right edge of the chart, not beyond it.
    use(alice, local(2025, 11, 2, 23, 30), 8, 2)
    trend = craving_trend(alice, date(2025, 10, 27), date(2025, 11, 2))
    xs = {float(d.x) for d in trend.chart.dots}
    assert len(xs) == 1
    (x,) = xs
    assert LEFT < x <= PLOT_RIGHT
    assert x > PLOT_RIGHT - 2  # half an hour before the end of 169 hours


def test_it_places_uses_by_the_hours_that_passed_when_clocks_go_forward(alice: User) -> None:
    # 8 March 2026 lost an hour in New York: the week has 167 hours. Noon on the last day is
    # 155 hours after the first midnight, not 156.
    use(alice, local(2026, 3, 8, 12, 0), 5)
    trend = craving_trend(alice, date(2026, 3, 2), date(2026, 3, 8))
    (dot,) = trend.chart.dots
    width = WIDTH - LEFT - RIGHT
    assert dot.x == f"{LEFT + width * 155 / 167:.1f}"
    assert "8 Mar 12:00" in dot.label


def test_it_draws_an_unfinished_use_as_one_dot(alice: User) -> None:
    use(alice, local(2026, 3, 3, 21, 5), 7)
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    assert trend.chart.paths == []
    (dot,) = trend.chart.dots
    assert dot.label == "3 Mar 21:05: 7 at the start, not finished"
    assert dot.y == f"{TOP + (PLOT_BOTTOM - TOP) * 0.3:.1f}"
    assert trend.finished == 0 and trend.average_start is None
    assert "lower at the end" not in trend.chart.desc


def test_it_draws_a_finished_use_from_the_start_to_the_end(alice: User) -> None:
    use(alice, local(2026, 3, 1, 0, 0), 10, 0, Outcome.PASSED, "walk")
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    top, bottom = f"{TOP:.1f}", f"{PLOT_BOTTOM:.1f}"
    assert trend.chart.paths == [f"M{LEFT:.1f} {top} L{LEFT:.1f} {bottom}"]
    assert [d.y for d in trend.chart.dots] == [bottom, top]  # the end, then the start
    assert trend.chart.dots[0].label.endswith(": 10 at the start, 0 at the end")


def test_it_sums_up_finished_uses_in_words(alice: User) -> None:
    use(alice, local(2026, 3, 1), 8, 3, Outcome.PASSED, "walk", "payday")
    use(alice, local(2026, 3, 2), 6, 6, Outcome.STRONG, "walk", "payday")
    use(alice, local(2026, 3, 3), 4, 5, Outcome.USED, "", "argument")
    use(alice, local(2026, 3, 4), 9)  # not finished: no averages, no outcome
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    assert trend.finished == 3
    assert trend.average_start == 6 and trend.average_end == 14 / 3
    assert trend.chart.desc == (
        "Each vertical line is one use, from the craving at the start to the end. "
        "4 uses, 3 finished. The craving was lower at the end in 1 of them."
    )
    assert len(trend.chart.paths) == 3 and len(trend.chart.dots) == 7


def test_it_says_one_use_in_the_singular(alice: User) -> None:
    use(alice, local(2026, 3, 1), 8, 3, Outcome.PASSED)
    desc = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7)).chart.desc
    assert "1 use, 1 finished." in desc and "1 uses" not in desc


def test_it_counts_only_strategies_that_helped(alice: User) -> None:
    use(alice, local(2026, 3, 1), 8, 3, Outcome.PASSED, "walk")
    use(alice, local(2026, 3, 2), 8, 4, Outcome.EASED, "walk")
    use(alice, local(2026, 3, 3), 8, 5, Outcome.EASED, "call Sam")
    use(alice, local(2026, 3, 4), 8, 8, Outcome.STRONG, "music")
    use(alice, local(2026, 3, 5), 8, 9, Outcome.USED, "music")
    use(alice, local(2026, 3, 6), 8, 1, Outcome.PASSED, "")  # nothing tried: not counted
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    assert trend.helped == [("walk", 2), ("call Sam", 1)]
    assert trend.outcomes[0] == ("It passed", 2)
    assert dict(trend.outcomes) == {
        "It passed": 2,
        "It eased": 2,
        "It is still strong": 1,
        "I used": 1,
    }


def test_it_lists_at_most_five_triggers_unfinished_uses_included(alice: User) -> None:
    for n, trigger in enumerate(["payday", "payday", "a", "b", "c", "d", "e"]):
        use(alice, local(2026, 3, 1, 8 + n), 5, trigger=trigger)
    trend = craving_trend(alice, date(2026, 3, 1), date(2026, 3, 7))
    assert len(trend.triggers) == 5
    assert trend.triggers[0] == ("payday", 2)


def test_it_titles_the_chart_with_the_first_and_last_day(alice: User) -> None:
    chart = craving_trend(alice, date(2026, 2, 22), date(2026, 3, 7)).chart
    assert chart.title == "Craving tool, 22 Feb to 7 Mar"
    assert [(t.label, t.anchor) for t in chart.dates] == [("22 Feb", "start"), ("7 Mar", "end")]
