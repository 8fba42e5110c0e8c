"""Warning-signal rules. Each rule is one small function over the client's own recent data
that returns a Finding (level, title, why) or None. Rationale and sources: docs/signals.md.
Thresholds are settings (SIGNAL_THRESHOLDS), so a program can tune them without code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, TypeVar, cast

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from alerts.texts import Text
from checkins.models import CheckIn
from recoverycircle.humane import number, weekday

DEFAULT_THRESHOLDS: dict[str, float] = {
    "craving_high": 7,  # craving 0–10 at or above this counts as high
    "craving_high_days": 3,  # ... on this many of the last 5 check-in days
    "craving_rise": 2.0,  # 3-day mean above the 7 days before by at least this
    "mood_low": 2,  # mood 1–5 at or below this counts as low
    "mood_low_days": 3,  # ... on this many days in a row
    "sleep_short_hours": 5,  # less sleep than this counts as short
    "sleep_short_days": 3,  # ... on this many of the last 4 days
    "stress_high": 8,
    "stress_high_days": 3,  # ... of the last 4 days
    "missed_days": 2,  # missed check-ins in the last 7 days for "watch"
    "missed_days_in_a_row": 3,  # ... in a row for "concern"
    "bam_risk_rise": 3,  # BAM risk score above the client's own baseline by this much
    "bam_protective_drop": 3,  # BAM protective score below the baseline by this much
    "support_drop": 1.0,  # MSPSS total mean fallen by this much since last time
    # days without any contact with the circle (the same default as the isolation nudge)
    "isolation_days": getattr(settings, "ISOLATION_NUDGE_DAYS", 3),
}


def threshold(name: str) -> float:
    return float(getattr(settings, "SIGNAL_THRESHOLDS", {}).get(name, DEFAULT_THRESHOLDS[name]))


def exact_threshold(name: str) -> Fraction:
    """The threshold as an exact fraction (1.1 is 11/10), to compare with exact means: a rise
    of exactly the threshold must fire, which floating point means can miss (13/3 - 7/3 is
    1.9999999999999996 in floats)."""
    return exact(threshold(name))


def exact(value: float | int) -> Fraction:
    """A number as written (its shortest decimal form), as an exact fraction."""
    return Fraction(str(value))


def mean(values: list[Fraction] | list[int]) -> Fraction:
    return Fraction(sum(values, Fraction(0)), len(values))


T = TypeVar("T")


@dataclass
class Context:
    """What the rules read: the client's own check-ins of the last 14 days, and more."""

    client: User
    now: datetime
    today: date
    checkins: dict[date, CheckIn]
    checks_in_daily: bool
    # The client's latest check-in before those 14 days (None: none), so that rules about
    # silence keep counting however long it lasts.
    earlier_checkin: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def input(self, name: str, load: Callable[[], T]) -> T:
        """One of the rules' inputs beyond the check-ins (the plan, questionnaires, contacts):
        preloaded for many clients at once by signals.batch, else loaded here, once."""
        if name not in self.extra:
            self.extra[name] = load()
        # A preloaded value comes from the input's batch loader, which gives what `load` gives.
        return cast(T, self.extra[name])

    def days_back(self, count: int, include_today: bool = True) -> list[date]:
        start = 0 if include_today else 1
        return [self.today - timedelta(days=n) for n in range(start, start + count)]

    def recent(self, count: int) -> list[CheckIn]:
        """The last `count` check-ins, newest first, whatever their days."""
        return [self.checkins[d] for d in sorted(self.checkins, reverse=True)][:count]


@dataclass(frozen=True)
class Finding:
    """What a rule found. The title and explanation are texts to render in each language
    (alerts.texts): a lazy translation, or a function writing the words in the active
    language, never words already written in one language."""

    level: str
    title: Text
    explanation: Text
    # Which kinds of plan triggers the matching coping strategies answer ("" = any).
    trigger_kinds: tuple[str, ...] = ()
    trigger_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    check: Callable[[Context], Finding | None]
    # A time-based rule that reads no check-in and whose finding can only change from one day
    # to the next (isolation): it runs once a day, in the first evaluation after 09:00 local
    # (or a client's first evaluation ever), not again in every one a check-in asks for.
    daily: bool = False


# An input that rules of other apps read through `Context.input(name, ...)`, with a loader for
# a whole batch of clients at once (client ids, now -> value per client id), so that an
# evaluation batch costs the same number of queries whatever its size (signals.batch).
# Registered in recoverycircle.registry.signal_inputs.
BatchLoader = Callable[[list[int], datetime], dict[int, Any]]


@dataclass(frozen=True)
class BatchInput:
    name: str
    load: BatchLoader


def rule(code: str) -> Callable[[Callable[[Context], Finding | None]], Rule]:
    """Makes the function a Rule with this code; signals/apps.py registers it."""

    def make(check: Callable[[Context], Finding | None]) -> Rule:
        return Rule(code, check)

    return make


def listing(values: list[Any]) -> str:
    return ", ".join(str(v) for v in values)


@rule("craving_high")
def craving_high(ctx: Context) -> Finding | None:
    recent = ctx.recent(5)
    high = [c.craving for c in recent if c.craving >= threshold("craving_high")]
    if len(high) < threshold("craving_high_days"):
        return None
    return Finding(
        "concern",
        gettext_lazy("Cravings have been strong"),
        lambda: (
            _(
                "Your craving was %(threshold)s or more on %(count)d of your last %(total)d "
                "check-ins (%(values)s, newest first)."
            )
            % {
                "threshold": number(threshold("craving_high"), 0),
                "count": len(high),
                "total": len(recent),
                "values": listing([c.craving for c in recent]),
            }
        ),
        trigger_kinds=("",),
    )


@rule("craving_rising")
def craving_rising(ctx: Context) -> Finding | None:
    last3 = [ctx.checkins[d].craving for d in ctx.days_back(3) if d in ctx.checkins]
    before = [ctx.checkins[d].craving for d in ctx.days_back(10)[3:] if d in ctx.checkins]
    if len(last3) < 2 or len(before) < 3:
        return None
    rise = mean(last3) - mean(before)
    if rise < exact_threshold("craving_rise"):
        return None
    return Finding(
        "watch",
        gettext_lazy("Cravings are rising"),
        lambda: (
            _(
                "Your craving over the last 3 days averages %(average)s, up %(rise)s from "
                "%(before)s in the week before."
            )
            % {
                "average": number(float(mean(last3)), 1),
                "rise": number(float(rise), 1),
                "before": number(float(mean(before)), 1),
            }
        ),
        trigger_kinds=("",),
    )


def run_of(ctx: Context, test: Callable[[CheckIn], bool]) -> list[CheckIn]:
    """Check-ins on consecutive days up to today (or yesterday) that pass `test`."""
    run: list[CheckIn] = []
    day = ctx.today if ctx.today in ctx.checkins else ctx.today - timedelta(days=1)
    while day in ctx.checkins and test(ctx.checkins[day]):
        run.append(ctx.checkins[day])
        day -= timedelta(days=1)
    return run


@rule("mood_low")
def mood_low(ctx: Context) -> Finding | None:
    low = run_of(ctx, lambda c: c.mood <= threshold("mood_low"))
    if len(low) < threshold("mood_low_days"):
        return None
    return Finding(
        "concern",
        gettext_lazy("Your mood has been low for several days"),
        lambda: (
            _("Your mood was low or very low on each of the last %(days)d days.")
            % {"days": len(low)}
        ),
        trigger_kinds=("feeling",),
    )


def count_in_last(ctx: Context, days: int, test: Callable[[CheckIn], bool]) -> list[CheckIn]:
    return [
        ctx.checkins[d] for d in ctx.days_back(days) if d in ctx.checkins and test(ctx.checkins[d])
    ]


@rule("sleep_short")
def sleep_short(ctx: Context) -> Finding | None:
    short = count_in_last(ctx, 4, lambda c: float(c.sleep_hours) < threshold("sleep_short_hours"))
    if len(short) < threshold("sleep_short_days"):
        return None
    return Finding(
        "watch",
        gettext_lazy("You have been sleeping little"),
        lambda: (
            _("You slept under %(hours)s hours on %(count)d of the last 4 days (%(list)s).")
            % {
                "hours": number(threshold("sleep_short_hours")),
                "count": len(short),
                "list": listing(
                    [_("%(hours)s h") % {"hours": number(float(c.sleep_hours))} for c in short]
                ),
            }
        ),
        trigger_kinds=("feeling", "thing"),
    )


@rule("stress_high")
def stress_high(ctx: Context) -> Finding | None:
    high = count_in_last(ctx, 4, lambda c: c.stress >= threshold("stress_high"))
    if len(high) < threshold("stress_high_days"):
        return None
    return Finding(
        "watch",
        gettext_lazy("Stress has been high"),
        lambda: (
            _("Your stress was %(threshold)s or more on %(count)d of the last 4 days.")
            % {"threshold": number(threshold("stress_high"), 0), "count": len(high)}
        ),
        trigger_kinds=("feeling", "thing", "person"),
    )


@rule("checkins_missed")
def checkins_missed(ctx: Context) -> Finding | None:
    """Missed days since the client's first check-in. The silence is counted from the latest
    check-in however old it is: the rule must not fall quiet once that check-in is older
    than the 14 days the rules read, as a longer silence matters more, not less."""
    if not ctx.checks_in_daily:
        return None
    before_today = [d for d in ctx.checkins if d < ctx.today]
    latest = max(before_today, default=ctx.earlier_checkin)
    if latest is None:
        return None
    first = ctx.earlier_checkin or min(ctx.checkins)
    in_a_row = (ctx.today - latest).days - 1
    past = [d for d in ctx.days_back(7, include_today=False) if d > first]
    missed = [d for d in past if d not in ctx.checkins]
    if in_a_row >= threshold("missed_days_in_a_row"):
        return Finding(
            "concern",
            gettext_lazy("Several check-ins in a row were missed"),
            silence_words(in_a_row, latest),
        )
    if len(missed) >= threshold("missed_days"):
        return Finding(
            "watch",
            gettext_lazy("Some check-ins were missed"),
            lambda: (
                _("There was no check-in on %(count)d of the last 7 days.") % {"count": len(missed)}
            ),
        )
    return None


def silence_words(days: int, latest: date) -> Text:
    if days <= 7:
        return lambda: _("There was no check-in on the last %(days)d days.") % {"days": days}
    return lambda: (
        _("There has been no check-in for %(days)d days: the last one was on %(day)s.")
        % {"days": days, "day": weekday(latest)}
    )


@rule("use_reported")
def use_reported(ctx: Context) -> Finding | None:
    today = ctx.checkins.get(ctx.today)
    if today is None or not today.used:
        return None
    return Finding(
        "concern",
        gettext_lazy("You said you used today"),
        gettext_lazy(
            "Thank you for being honest in your check-in. A lapse is a moment, not the end of "
            "your recovery: your lapse plan and your people are here."
        ),
        trigger_kinds=("",),
    )
