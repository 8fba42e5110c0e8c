"""The craving tool on the client's history page: one chart (each use a line from how strong
the craving was at the start to how strong at the end) and the same facts in words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from recoverycircle.charts import Chart, Dot, Tick, fmt
from toolkit.models import CravingSession, Outcome

WIDTH, HEIGHT = 400, 150
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 24
HELPED = (Outcome.PASSED, Outcome.EASED)


@dataclass(frozen=True)
class CravingTrend:
    chart: Chart
    sessions: list[CravingSession]
    finished: int
    average_start: float | None
    average_end: float | None
    outcomes: list[tuple[str, int]]
    helped: list[tuple[str, int]]
    triggers: list[tuple[str, int]]


def sessions_between(client: User, start: date, end: date) -> list[CravingSession]:
    zone = client.zone
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    rows = CravingSession.objects.filter(client=client, started_at__gte=since, started_at__lt=until)
    return list(rows.order_by("started_at"))


def mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def craving_trend(client: User, start: date, end: date) -> CravingTrend:
    sessions = sessions_between(client, start, end)
    done = [s for s in sessions if s.ended_at is not None and s.craving_end is not None]
    outcomes = Counter(Outcome(s.outcome).label for s in done if s.outcome)
    helped = Counter(s.strategy_tried for s in done if s.strategy_tried and s.outcome in HELPED)
    triggers = Counter(s.trigger_label for s in sessions if s.trigger_label)
    return CravingTrend(
        chart=chart(client, sessions, start, end),
        sessions=list(reversed(sessions)),
        finished=len(done),
        average_start=mean([s.craving_start for s in done]),
        average_end=mean([s.craving_end for s in done if s.craving_end is not None]),
        outcomes=[(str(label), n) for label, n in outcomes.most_common()],
        helped=helped.most_common(5),
        triggers=triggers.most_common(5),
    )


def day_label(day: date) -> str:
    return date_format(day, "j M")


def chart(client: User, sessions: list[CravingSession], start: date, end: date) -> Chart:
    zone = client.zone
    # In UTC: Python subtracts two times of one zone as wall-clock times, which would count a
    # day when the clocks change as 24 hours and put a use late on it beyond the chart's edge.
    origin = datetime.combine(start, time.min, tzinfo=zone).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    span = (until - origin).total_seconds()
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(moment: datetime) -> str:
        return fmt(LEFT + width * (moment - origin).total_seconds() / span)

    def y(value: int) -> str:
        return fmt(TOP + height * (1 - value / 10))

    paths, dots = [], []
    for s in sessions:
        local = s.started_at.astimezone(zone)
        when = f"{day_label(local.date())} {local:%H:%M}"
        if s.craving_end is not None:
            paths.append(
                f"M{x(s.started_at)} {y(s.craving_start)} L{x(s.started_at)} {y(s.craving_end)}"
            )
            dots.append(Dot(x(s.started_at), y(s.craving_end), words(when, s)))
        dots.append(Dot(x(s.started_at), y(s.craving_start), words(when, s)))
    return Chart(
        key="cravingtool",
        title=_("Craving tool, %(start)s to %(end)s")
        % {"start": day_label(start), "end": day_label(end)},
        desc=describe(sessions),
        paths=paths,
        dots=dots,
        grid=[Tick(fmt(LEFT - 6), y(v), str(v)) for v in (0, 5, 10)],
        dates=[
            Tick(fmt(LEFT), fmt(HEIGHT - 6), day_label(start), "start"),
            Tick(fmt(WIDTH - RIGHT), fmt(HEIGHT - 6), day_label(end), "end"),
        ],
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
    )


def words(when: str, session: CravingSession) -> str:
    if session.craving_end is None:
        return _("%(when)s: %(start)s at the start, not finished") % {
            "when": when,
            "start": session.craving_start,
        }
    return _("%(when)s: %(start)s at the start, %(end)s at the end") % {
        "when": when,
        "start": session.craving_start,
        "end": session.craving_end,
    }


def describe(sessions: list[CravingSession]) -> str:
    if not sessions:
        return _("You did not use the craving tool in these days.")
    done = [s for s in sessions if s.craving_end is not None]
    text = _("Each vertical line is one use, from the craving at the start to the end.")
    text += " " + ngettext(
        "%(count)d use, %(done)d finished.", "%(count)d uses, %(done)d finished.", len(sessions)
    ) % {"count": len(sessions), "done": len(done)}
    if done:
        fell = sum(1 for s in done if s.craving_end is not None and s.craving_end < s.craving_start)
        text += " " + _("The craving was lower at the end in %(fell)d of them.") % {"fell": fell}
    return text
