"""What signals read from the client's plan (signals.plan_links), called directly: the next
day a plan date comes round (year ends, 29 February), the high-risk date rule's wording and
window, which coping strategies and people are shown beside a signal, and which commitments
the plan held at a moment."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from alerts.texts import render
from circle.models import Membership, Relationship, Scope
from plans.content import PlanContent
from plans.services import save_plan
from signals.plan_links import (
    commitment_ids_at,
    coping_for,
    high_risk_date,
    ladder,
    next_occurrence,
    support_for,
)
from signals.rules import Context, Finding
from tests.conftest import make_user

NY = ZoneInfo("America/New_York")


def context(client: User, today: date) -> Context:
    now = datetime(today.year, today.month, today.day, 12, tzinfo=NY)
    return Context(client=client, now=now, today=today, checkins={}, checks_in_daily=False)


def dated_triggers(*dates: tuple[str, str]) -> dict[str, Any]:
    return {"triggers": [{"label": label, "kind": "date", "date": when} for label, when in dates]}


@pytest.mark.parametrize(
    ("value", "today", "expected"),
    [
        ("03-10", date(2026, 3, 10), date(2026, 3, 10)),  # today counts
        ("03-09", date(2026, 3, 10), date(2027, 3, 9)),  # just gone: next year
        ("01-01", date(2026, 12, 31), date(2027, 1, 1)),  # over the year's end
        ("12-31", date(2026, 12, 31), date(2026, 12, 31)),
        ("2026-04-01", date(2026, 3, 10), date(2026, 4, 1)),  # once
        ("02-29", date(2028, 2, 27), date(2028, 2, 29)),  # a leap year has the day itself
        # A common year: the plan page counts the day before, and so does the signal.
        ("02-29", date(2027, 2, 26), date(2027, 2, 28)),
        ("02-29", date(2027, 12, 30), date(2028, 2, 29)),
    ],
)
def test_it_finds_the_next_day_a_plan_date_comes_round(
    value: str, today: date, expected: date
) -> None:
    assert next_occurrence(value, today) == expected


@pytest.mark.parametrize("value", ["13-01", "02-30", "2026-02-30", "soon", ""])
def test_it_finds_no_day_for_a_date_that_does_not_exist(value: str) -> None:
    assert next_occurrence(value, date(2026, 3, 10)) is None


@pytest.mark.parametrize(
    ("today", "soon"),
    [
        (date(2026, 12, 24), "today"),
        (date(2026, 12, 23), "tomorrow"),
        (date(2026, 12, 22), "in 2 days"),
        (date(2026, 12, 21), "in 3 days"),
    ],
)
def test_it_warns_of_a_hard_date_up_to_three_days_ahead(
    alice: User, today: date, soon: str
) -> None:
    save_plan(alice, alice, dated_triggers(("Christmas Eve", "12-24")))
    found = high_risk_date(context(alice, today))
    assert found is not None and found.level == "watch"
    assert render(found.title) == "A hard date is coming: Christmas Eve"
    assert f"it is {soon}." in render(found.explanation)
    marks = "Your plan marks 24 December (Christmas Eve) as a high-risk date"
    assert marks in render(found.explanation)


def test_it_says_nothing_four_days_ahead_or_the_day_after(alice: User) -> None:
    save_plan(alice, alice, dated_triggers(("Christmas Eve", "12-24")))
    assert high_risk_date(context(alice, date(2026, 12, 20))) is None
    assert high_risk_date(context(alice, date(2026, 12, 25))) is None


def test_it_says_nothing_of_a_one_off_date_gone_by(alice: User) -> None:
    save_plan(alice, alice, dated_triggers(("Court date", "2026-03-09")))
    assert high_risk_date(context(alice, date(2026, 3, 10))) is None


def test_it_says_nothing_without_a_plan_or_dates(alice: User) -> None:
    assert high_risk_date(context(alice, date(2026, 3, 10))) is None
    save_plan(alice, alice, {"triggers": [{"label": "Payday", "kind": "time"}]})
    assert high_risk_date(context(alice, date(2026, 3, 10))) is None


def test_it_warns_of_a_leap_day_anniversary_in_a_common_year(alice: User) -> None:
    save_plan(alice, alice, dated_triggers(("Leap day birthday", "02-29")))
    found = high_risk_date(context(alice, date(2027, 2, 27)))
    assert found is not None
    assert "28 February" in render(found.explanation) and "it is tomorrow." in render(
        found.explanation
    )


def test_it_names_the_nearest_hard_date_whatever_the_plans_order(alice: User) -> None:
    save_plan(alice, alice, dated_triggers(("Dad's anniversary", "03-13"), ("Payday", "03-10")))
    found = high_risk_date(context(alice, date(2026, 3, 10)))
    assert found is not None
    assert render(found.title) == "A hard date is coming: Payday"
    assert "it is today." in render(found.explanation)


def test_it_points_at_the_trigger_of_the_date(alice: User) -> None:
    saved = save_plan(alice, alice, dated_triggers(("Court date", "2026-03-11")))
    (trigger,) = PlanContent.model_validate(saved.version.content).triggers
    found = high_risk_date(context(alice, date(2026, 3, 10)))
    assert found is not None and found.trigger_ids == (trigger.id,)


def test_it_reads_the_plan_once_per_context(alice: User) -> None:
    ctx = context(alice, date(2026, 12, 24))
    save_plan(alice, alice, dated_triggers(("Christmas Eve", "12-24")))
    assert high_risk_date(ctx) is not None
    save_plan(alice, alice, dated_triggers(("Christmas Eve", "12-30")))
    assert high_risk_date(ctx) is not None  # the plan as the batch read it
    assert high_risk_date(context(alice, date(2026, 12, 24))) is None


# Coping strategies beside a signal

TRIGGERS = [
    {"id": "t1", "label": "Payday", "kind": "time"},
    {"id": "t2", "label": "Old friends", "kind": "person"},
    {"id": "t3", "label": "Lonely evenings", "kind": "feeling"},
]


def plan_with(*coping: tuple[str, list[str]]) -> PlanContent:
    return PlanContent.model_validate(
        {
            "triggers": TRIGGERS,
            "coping": [{"label": label, "trigger_ids": ids} for label, ids in coping],
        }
    )


def test_it_shows_the_strategies_for_the_kinds_of_trigger() -> None:
    content = plan_with(("Call Sam", ["t2"]), ("Pay bills first", ["t1"]), ("A walk", ["t3"]))
    assert coping_for(content, ("feeling",), ()) == ["A walk"]
    assert coping_for(content, ("person", "time"), ()) == ["Call Sam", "Pay bills first"]


def test_it_shows_the_strategies_for_named_triggers_too() -> None:
    content = plan_with(("Call Sam", ["t2"]), ("Pay bills first", ["t1"]), ("A walk", ["t3"]))
    assert coping_for(content, ("feeling",), ("t1",)) == ["Pay bills first", "A walk"]


def test_it_shows_every_strategy_for_any_kind_or_none() -> None:
    content = plan_with(("Call Sam", ["t2"]), ("Pay bills first", ["t1"]), ("Breathe", []))
    every = ["Call Sam", "Pay bills first", "Breathe"]
    assert coping_for(content, ("",), ()) == every
    assert coping_for(content, (), ()) == every
    assert coping_for(content, ("place",), ()) == every  # no trigger of that kind


def test_it_falls_back_to_every_strategy_when_none_answers_the_trigger() -> None:
    content = plan_with(("Call Sam", ["t2"]), ("Breathe", []))
    assert coping_for(content, ("feeling",), ()) == ["Call Sam", "Breathe"]


def test_it_shows_at_most_four_strategies() -> None:
    content = plan_with(*((f"Idea {n}", ["t3"]) for n in range(6)))
    assert coping_for(content, ("feeling",), ()) == [f"Idea {n}" for n in range(4)]


def test_it_shows_nothing_for_a_plan_without_strategies() -> None:
    assert coping_for(plan_with(), ("feeling",), ()) == []


def member(client: User, email: str, name: str, status: str = "active") -> Membership:
    return Membership.objects.create(
        client=client,
        supporter=make_user(email, name),
        relationship=Relationship.FRIEND,
        scopes=[Scope.SOBRIETY],
        status=status,
    )


def test_it_names_up_to_three_people_who_are_not_paused(alice: User) -> None:
    people = [
        member(alice, "p1@example.org", "Pat One"),
        member(alice, "p2@example.org", "Pat Two", Membership.Status.PAUSED),
        member(alice, "p3@example.org", "Pat Three"),
        member(alice, "p4@example.org", "Pat Four"),
        member(alice, "p5@example.org", "Pat Five"),
    ]
    save_plan(
        alice,
        alice,
        {"people": [m.pk for m in people], "coping": [{"label": "Breathe"}]},
    )
    coping, names = support_for(alice, Finding("watch", "t", "e", trigger_kinds=("",)))
    assert coping == ["Breathe"]
    assert names == ["Pat One", "Pat Three", "Pat Four"]


def test_it_leaves_a_paused_supporter_off_the_ladder(alice: User) -> None:
    active = member(alice, "p1@example.org", "Pat One")
    paused = member(alice, "p2@example.org", "Pat Two", Membership.Status.PAUSED)
    save_plan(
        alice,
        alice,
        {
            "ladder": {
                "watch": {"membership_ids": [active.pk, paused.pk], "delay_minutes": 30},
            }
        },
    )
    steps = ladder(alice)
    assert steps["watch"].membership_ids == [active.pk]
    assert steps["watch"].delay_minutes == 30
    assert set(steps) == {"watch", "concern", "urgent"}


# Commitments the plan held at a moment


def test_it_knows_no_commitments_before_the_first_plan(alice: User) -> None:
    assert commitment_ids_at(alice, datetime(2026, 3, 1, tzinfo=NY)) == set()


def test_it_takes_the_commitments_of_the_version_in_force_then(alice: User) -> None:
    first = datetime(2026, 3, 1, 9, tzinfo=NY)
    with time_machine.travel(first, tick=False):
        save_plan(alice, alice, {"commitments": [{"id": "m1", "label": "Meet", "daily": True}]})
    with time_machine.travel(first + timedelta(days=3), tick=False):
        save_plan(
            alice,
            alice,
            {
                "commitments": [
                    {"id": "m1", "label": "Meet", "daily": True},
                    {"id": "m2", "label": "Call", "times_per_week": 2},
                ]
            },
        )
    assert commitment_ids_at(alice, first - timedelta(seconds=1)) == set()
    assert commitment_ids_at(alice, first) == {"m1"}
    assert commitment_ids_at(alice, first + timedelta(days=2)) == {"m1"}
    assert commitment_ids_at(alice, first + timedelta(days=3)) == {"m1", "m2"}
