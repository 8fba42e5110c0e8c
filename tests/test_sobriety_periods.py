"""A lapse of several days, and milestones after a lapse the client kept to themselves,
checked with time travel."""

from __future__ import annotations

import html
import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert
from circle.models import Membership
from signals.services import evaluate_due, request_evaluation
from sobriety import lapses, services
from sobriety.models import Lapse
from tests.conftest import client_for, make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

NY = ZoneInfo("America/New_York")
MOMENT = datetime(2026, 2, 1, 12, 0, tzinfo=NY)


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(MOMENT, tick=False)
    return MOMENT


def post_json(web: Client, url: str, payload: dict[str, object]) -> _MonkeyPatchedWSGIResponse:
    return web.post(url, json.dumps(payload), content_type="application/json")


# A lapse of several days


def test_it_counts_no_day_of_a_several_day_lapse_as_sober(alice: User, now: datetime) -> None:
    count = services.set_start(alice, date(2026, 1, 1))
    lapses.record_lapse(alice, date(2026, 1, 10), start=count, end_date=date(2026, 1, 13))
    (st,) = services.statuses(alice)
    # 1-9 January (9 days), then 14-31 January (18): 10-13 January were days of use.
    assert st.current_start == date(2026, 1, 14)
    assert (st.current_streak, st.longest_streak, st.total_sober_days) == (18, 18, 27)
    assert st.lapse_count == 1
    assert lapses.lapse_on(alice, date(2026, 1, 12)) is not None
    assert lapses.lapse_on(alice, date(2026, 1, 14)) is None


def test_it_counts_overlapping_and_nested_lapses_once(alice: User, now: datetime) -> None:
    count = services.set_start(alice, date(2026, 1, 1))
    for first, last in ((10, 15), (12, 13), (14, 20)):
        lapses.record_lapse(alice, date(2026, 1, first), start=count, end_date=date(2026, 1, last))
    (st,) = services.statuses(alice)
    assert st.current_start == date(2026, 1, 21)
    assert (st.current_streak, st.total_sober_days, st.longest_streak) == (11, 20, 11)


def test_it_starts_counting_after_a_lapse_that_lasts_until_today(
    alice: User, now: datetime
) -> None:
    services.set_start(alice, date(2026, 1, 1))
    lapses.record_lapse(alice, date(2026, 1, 30), end_date=date(2026, 2, 1))
    (st,) = services.statuses(alice)
    assert st.starts_tomorrow and st.current_streak == 0 and st.total_sober_days == 29
    (later,) = services.statuses(alice, date(2026, 2, 5))
    assert later.current_start == date(2026, 2, 2) and later.current_streak == 3
    assert later.total_sober_days == 32


def test_it_writes_down_a_several_day_lapse_on_the_web(
    as_alice: Client, alice: User, now: datetime
) -> None:
    services.set_start(alice, date(2026, 1, 1))
    sent = as_alice.post(
        "/sobriety/lapse/", {"date": "2026-01-27", "end_date": "2026-01-29"}, follow=True
    )
    body = html.unescape(sent.content.decode())
    assert "Your new count runs from Friday 30 January" in body
    assert "Tuesday 27 January 2026 to Thursday 29 January 2026 (3 days)" in body
    assert "Total sober days</dt><dd>28" in body
    lapse = Lapse.objects.get()
    assert (lapse.date, lapse.end_date, lapse.days) == (date(2026, 1, 27), date(2026, 1, 29), 3)


def test_it_keeps_one_day_when_the_last_day_is_left_empty(
    as_alice: Client, alice: User, now: datetime
) -> None:
    services.set_start(alice, date(2026, 1, 1))
    as_alice.post("/sobriety/lapse/", {"date": "2026-01-27", "end_date": ""})
    lapse = Lapse.objects.get()
    assert lapse.end_date == lapse.date == date(2026, 1, 27)


def test_it_refuses_a_last_day_before_the_first_or_in_the_future(
    as_alice: Client, alice: User, now: datetime
) -> None:
    services.set_start(alice, date(2026, 1, 1))
    for last in ("2026-01-26", "2026-02-02"):
        sent = as_alice.post("/sobriety/lapse/", {"date": "2026-01-27", "end_date": last})
        assert sent.status_code == 400
        assert list(sent.context["form"].errors) == ["end_date"]
    assert not Lapse.objects.exists()


def test_it_takes_a_several_day_lapse_in_the_api(
    as_alice: Client, alice: User, now: datetime
) -> None:
    services.set_start(alice, date(2026, 1, 1))
    sent = post_json(
        as_alice, "/api/v1/sobriety/lapses", {"date": "2026-01-10", "end_date": "2026-01-13"}
    )
    assert sent.status_code == 201, sent.content
    assert (sent.json()["end_date"], sent.json()["days"]) == ("2026-01-13", 4)
    (listed,) = as_alice.get("/api/v1/sobriety/lapses").json()
    assert (listed["date"], listed["end_date"], listed["days"]) == ("2026-01-10", "2026-01-13", 4)
    (count,) = as_alice.get("/api/v1/sobriety").json()["counts"]
    assert (count["current_streak"], count["total_sober_days"]) == (18, 27)
    one_day = post_json(as_alice, "/api/v1/sobriety/lapses", {"date": "2026-01-20"})
    assert (one_day.json()["end_date"], one_day.json()["days"]) == ("2026-01-20", 1)


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"date": "2026-01-10", "end_date": "2026-01-09"}, 400),
        ({"date": "2026-01-10", "end_date": "2026-02-02"}, 400),
        ({"date": "2026-01-10", "end_date": "soon"}, 422),
    ],
)
def test_it_refuses_a_bad_last_day_in_the_api(
    as_alice: Client, alice: User, payload: dict[str, object], status: int, now: datetime
) -> None:
    services.set_start(alice, date(2026, 1, 1))
    sent = post_json(as_alice, "/api/v1/sobriety/lapses", payload)
    assert sent.status_code == status
    assert "end_date" in sent.json()["message"]
    assert not Lapse.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_makes_every_earlier_lapse_one_day_long() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("sobriety", "0003_remove_lapse_plan_from_settings")])
    old = executor.loader.project_state([("sobriety", "0003_remove_lapse_plan_from_settings")])
    user = make_user("old@example.org", "Old Timer")
    start_model = old.apps.get_model("sobriety", "SobrietyStart")
    lapse_model = old.apps.get_model("sobriety", "Lapse")
    begun = start_model.objects.create(client_id=user.pk, start_date=date(2025, 1, 1))
    for day in (date(2025, 3, 1), date(2025, 6, 15)):
        lapse_model.objects.create(client_id=user.pk, start_id=begun.pk, date=day)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert sorted(Lapse.objects.values_list("date", "end_date")) == [
        (date(2025, 3, 1), date(2025, 3, 1)),
        (date(2025, 6, 15), date(2025, 6, 15)),
    ]


# Milestones after a lapse kept private


def milestone_subjects() -> list[str]:
    return list(
        Alert.objects.filter(kind=Alert.Kind.MILESTONE)
        .order_by("id")
        .values_list("subject", flat=True)
    )


def daily_pass(time_machine: TimeMachineFixture, client: User, day: date) -> None:
    """The alert loop's pass at 09:30 on `day` (asked for, so it runs whatever the hour)."""
    time_machine.move_to(datetime(day.year, day.month, day.day, 9, 30, tzinfo=NY), tick=False)
    request_evaluation(client)
    evaluate_due(timezone.now())


def a_week_of_daily_passes(alice: User, time_machine: TimeMachineFixture) -> None:
    for n in range(1, 9):
        daily_pass(time_machine, alice, date(2026, 2, 1) + timedelta(days=n))


def announcing(alice: User, time_machine: TimeMachineFixture) -> None:
    """Alice counts since 1 January and lets her circle know of her milestones."""
    time_machine.move_to(MOMENT, tick=False)
    services.save_settings(alice, True)
    services.set_start(alice, date(2026, 1, 1))


def test_it_announces_no_milestone_that_tells_of_a_private_lapse(
    alice: User, bob_membership: Membership, time_machine: TimeMachineFixture
) -> None:
    announcing(alice, time_machine)
    lapses.record_lapse(alice, date(2026, 2, 1))  # not shared
    a_week_of_daily_passes(alice, time_machine)
    assert milestone_subjects() == []
    # The client still sees their own fresh milestone.
    (st,) = services.statuses(alice)
    assert st.fresh_milestone is not None and st.fresh_milestone.label == "1 week"
    assert st.after_private_lapse


def test_it_announces_the_milestones_after_a_shared_lapse(
    alice: User, bob_membership: Membership, time_machine: TimeMachineFixture
) -> None:
    announcing(alice, time_machine)
    lapses.record_lapse(alice, date(2026, 2, 1), tell_circle=True)
    a_week_of_daily_passes(alice, time_machine)
    assert milestone_subjects() == [
        "Alice Anders reached 1 day of sobriety",
        "Alice Anders reached 1 week of sobriety",
    ]


def test_it_follows_the_latest_lapse_when_a_private_one_comes_after_a_shared_one(
    alice: User, bob_membership: Membership, time_machine: TimeMachineFixture
) -> None:
    announcing(alice, time_machine)
    lapses.record_lapse(alice, date(2026, 1, 20), tell_circle=True)
    lapses.record_lapse(alice, date(2026, 1, 30), end_date=date(2026, 1, 31))
    daily_pass(time_machine, alice, date(2026, 2, 1))
    daily_pass(time_machine, alice, date(2026, 2, 2))
    assert milestone_subjects() == []


def test_it_shows_supporters_no_celebration_that_tells_of_a_private_lapse(
    alice: User, bob: User, bob_membership: Membership, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    services.set_start(alice, date(2026, 1, 1))
    lapses.record_lapse(alice, date(2026, 1, 30))
    page = client_for(bob).get(reverse("circle:supporting", args=[alice.pk]))
    body = html.unescape(page.content.decode())
    assert page.status_code == 200 and "day since 31 January 2026" in body
    assert "reached 1 day" not in body
