"""Signals checked against constructed histories, with the alert loop's passes day by day:
a long silence keeps escalating, a rise of exactly a threshold fires."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from alerts.models import Alert
from checkins.models import CheckIn, CheckInSchedule
from circle.models import Membership, Scope
from measures.models import MeasureResponse
from plans.services import save_plan
from signals.models import Signal
from signals.services import escalate_due, evaluate, evaluate_due, request_evaluation

NY = ZoneInfo("America/New_York")
LAST_CHECKIN = date(2026, 4, 1)


def check_in(client: User, day: date, **values: object) -> CheckIn:
    data = {"mood": 3, "craving": 2, "stress": 3, "sleep_hours": 7, **values}
    return CheckIn.objects.create(client=client, local_date=day, **data)


@pytest.fixture
def concern_ladder(alice: User, bob_membership: Membership) -> User:
    """Alice checks in daily; the ladder tells Bob of a concern after an hour."""
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    save_plan(
        alice,
        alice,
        {
            "people": [bob_membership.pk],
            "ladder": {
                "concern": {
                    "membership_ids": [bob_membership.pk],
                    "channels": ["inbox"],
                    "delay_minutes": 60,
                }
            },
        },
    )
    CheckInSchedule.objects.create(client=alice, due_time=time(20, 0))
    return alice


def run_the_loop_daily(client: User, days: int) -> None:
    """From the day after the last check-in: the daily pass at 09:00, the ladder at noon."""
    for n in range(1, days + 1):
        day = LAST_CHECKIN + timedelta(days=n)
        with time_machine.travel(datetime.combine(day, time(9, 0), tzinfo=NY), tick=False):
            evaluate_due(timezone.now())
        with time_machine.travel(datetime.combine(day, time(12, 0), tzinfo=NY), tick=False):
            escalate_due(timezone.now())


def test_it_keeps_escalating_a_silence_of_30_and_60_days(concern_ladder: User) -> None:
    for back in range(5):
        check_in(concern_ladder, LAST_CHECKIN - timedelta(days=back))
    with time_machine.travel(datetime.combine(LAST_CHECKIN, time(20, 0), tzinfo=NY)):
        request_evaluation(concern_ladder)
    run_the_loop_daily(concern_ladder, 61)
    missed = Signal.objects.filter(client=concern_ladder, rule="checkins_missed")
    for silent_days in (30, 60):
        signal = missed.get(local_date=LAST_CHECKIN + timedelta(days=silent_days + 1))
        assert signal.level == "concern"
        assert signal.explanation == (
            f"There has been no check-in for {silent_days} days: the last one was on "
            "Wednesday 1 April."
        )
        assert signal.escalated_at is not None
        told = Alert.objects.get(dedupe_key=f"escalated:{signal.pk}")
        assert told.notifications.get().recipient.email == "bob@example.org"
    # Every day from the third day of silence on, not only while the last check-in is among
    # the 14 days the rules read.
    assert missed.filter(level="concern").count() == 61 - 3


def test_it_stays_quiet_for_a_client_who_never_checked_in(concern_ladder: User) -> None:
    with time_machine.travel(datetime.combine(LAST_CHECKIN, time(20, 0), tzinfo=NY)):
        request_evaluation(concern_ladder)
    run_the_loop_daily(concern_ladder, 20)
    assert not Signal.objects.filter(rule="checkins_missed").exists()


def test_it_counts_missed_days_after_a_check_in_older_than_the_window(alice: User) -> None:
    """Checked in 20 days ago and 6 days ago: days 7 to 1 before today were missed but for
    day 6, so 6 of the last 7 days (the oldest of them after the earlier check-in)."""
    CheckInSchedule.objects.create(client=alice, due_time=time(20, 0))
    today = date(2026, 5, 20)
    check_in(alice, today - timedelta(days=20))
    check_in(alice, today - timedelta(days=6))
    check_in(alice, today - timedelta(days=1))
    with time_machine.travel(datetime.combine(today, time(12, 0), tzinfo=NY), tick=False):
        evaluate(alice)
    signal = Signal.objects.get(rule="checkins_missed")
    assert signal.level == "watch"
    assert signal.explanation == "There was no check-in on 5 of the last 7 days."


def evaluated_on(client: User, today: date) -> set[str]:
    with time_machine.travel(datetime.combine(today, time(12, 0), tzinfo=NY), tick=False):
        evaluate(client)
    return set(Signal.objects.filter(client=client).values_list("rule", flat=True))


def test_it_fires_on_a_craving_rise_of_exactly_the_threshold(alice: User) -> None:
    """13/3 - 7/3 is 2 exactly, but 1.9999999999999996 in floating point."""
    today = date(2026, 5, 20)
    for back, craving in enumerate([4, 4, 5, 2, 2, 3, 2, 2, 3]):
        check_in(alice, today - timedelta(days=back), craving=craving)
    assert "craving_rising" in evaluated_on(alice, today)
    signal = Signal.objects.get(rule="craving_rising")
    assert signal.explanation == (
        "Your craving over the last 3 days averages 4.3, up 2.0 from 2.3 in the week before."
    )


def test_it_does_not_fire_on_a_craving_rise_just_under_the_threshold(alice: User) -> None:
    today = date(2026, 5, 20)
    for back, craving in enumerate([4, 4, 5, 2, 2, 3, 2, 2, 4]):
        check_in(alice, today - timedelta(days=back), craving=craving)
    assert "craving_rising" not in evaluated_on(alice, today)


def test_it_fires_on_a_support_drop_of_exactly_the_threshold(
    alice: User, settings: Settings
) -> None:
    """Stored means are rounded decimals: 5.3 - 4.2 is 1.0999999999999996 in floats."""
    settings.SIGNAL_THRESHOLDS = {"support_drop": 1.1}
    for minutes, value in ((0, 5.3), (1, 4.2)):
        MeasureResponse.objects.create(
            client=alice,
            instrument="mspss",
            answers={},
            scores={"total": {"value": value, "band": None}},
            created_at=timezone.now() + timedelta(minutes=minutes),
            local_date=date(2026, 5, 19),
        )
    assert "support_falling" in evaluated_on(alice, date(2026, 5, 20))
