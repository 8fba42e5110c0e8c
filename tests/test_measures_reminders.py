"""The reminder job: a reminder when a scheduled questionnaire falls due, once per due moment,
claimed with a conditional UPDATE, never while it is not due, and moved on by whole periods."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert, Notification
from measures import jobs, schedules, services
from measures.instruments import INSTRUMENTS
from measures.models import MeasureSchedule
from recoverycircle import registry
from recoverycircle.periodic import run_all

UTC = ZoneInfo("UTC")
# 03:00 UTC on Wednesday 4 March 2026 is 22:00 on Tuesday 3 March in New York.
START = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)
BAM = {item.key: 0 for item in INSTRUMENTS["bam"].items}


def reminders(client: User) -> list[Alert]:
    return list(Alert.objects.filter(client=client, kind="measure_due").order_by("id"))


@pytest.fixture
def started(alice: User, time_machine: TimeMachineFixture) -> User:
    time_machine.move_to(START, tick=False)
    schedules.ensure(alice)
    return alice


def test_it_is_registered_as_a_periodic_job() -> None:
    assert jobs.remind_due_measures in registry.periodic_jobs


def test_it_waits_a_day_after_the_first_visit(
    started: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(START + timedelta(hours=23, minutes=59), tick=False)
    assert jobs.remind_due_measures(START + timedelta(hours=23, minutes=59)) == 0
    assert reminders(started) == []


def test_it_reminds_of_the_enabled_questionnaires_once_when_due(started: User) -> None:
    moment = START + timedelta(days=1)
    assert jobs.remind_due_measures(moment) == 2
    found = reminders(started)
    assert {a.dedupe_key for a in found} == {
        f"measure_due:{started.pk}:bam:2026-03-04",
        f"measure_due:{started.pk}:mspss:2026-03-04",
    }
    assert {a.link for a in found} == {"/measures/bam/", "/measures/mspss/"}
    assert found[0].subject == "A short questionnaire is due"
    assert Notification.objects.filter(alert__in=found, recipient=started).count() == 4
    # Moved on by one whole period each: a week for the BAM, 30 days for the MSPSS.
    next_due = dict(
        MeasureSchedule.objects.filter(client=started).values_list("instrument", "next_due_at")
    )
    assert next_due["bam"] == moment + timedelta(days=7)
    assert next_due["mspss"] == moment + timedelta(days=30)
    assert jobs.remind_due_measures(moment) == 0
    assert jobs.remind_due_measures(moment + timedelta(days=6)) == 0
    assert len(reminders(started)) == 2


def test_it_reminds_by_the_local_date_in_the_clients_zone(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    # 22:00 on Tuesday in New York is already Wednesday in UTC.
    time_machine.move_to(START, tick=False)
    schedules.change(alice, "phq9", 14, True)
    MeasureSchedule.objects.filter(client=alice).exclude(instrument="phq9").update(enabled=False)
    jobs.remind_due_measures(START + timedelta(days=1))
    assert [a.dedupe_key for a in reminders(alice)] == [f"measure_due:{alice.pk}:phq9:2026-03-04"]


def test_it_counts_the_period_from_the_last_time_taken(
    started: User, time_machine: TimeMachineFixture
) -> None:
    taken = START + timedelta(hours=2)
    time_machine.move_to(taken, tick=False)
    services.save_response(started, "bam", BAM)
    MeasureSchedule.objects.filter(client=started, instrument="mspss").update(enabled=False)
    assert jobs.remind_due_measures(START + timedelta(days=1)) == 0
    assert jobs.remind_due_measures(taken + timedelta(days=7) - timedelta(seconds=1)) == 0
    assert jobs.remind_due_measures(taken + timedelta(days=7)) == 1
    assert [a.link for a in reminders(started)] == ["/measures/bam/"]


def test_it_never_reminds_of_a_disabled_questionnaire(started: User) -> None:
    MeasureSchedule.objects.filter(client=started).update(enabled=False)
    assert jobs.remind_due_measures(START + timedelta(days=365)) == 0
    assert reminders(started) == []


def test_it_sends_one_reminder_for_a_backlog_and_moves_past_now(started: User) -> None:
    MeasureSchedule.objects.filter(client=started).exclude(instrument="bam").update(enabled=False)
    MeasureSchedule.objects.filter(client=started, instrument="bam").update(
        next_due_at=START - timedelta(days=100)
    )
    assert jobs.remind_due_measures(START) == 1
    schedule = MeasureSchedule.objects.get(client=started, instrument="bam")
    # 100 days late, weekly: 15 periods (105 days) land 5 days from now.
    assert schedule.next_due_at == START + timedelta(days=5)
    assert len(reminders(started)) == 1


def test_it_loses_a_claim_that_another_worker_won(started: User) -> None:
    moment = START + timedelta(days=1)
    stale = MeasureSchedule.objects.get(client=started, instrument="bam")
    assert jobs.claim(stale, moment) == START + timedelta(days=1)
    assert jobs.claim(stale, moment) is None  # the row no longer holds the old moment
    assert jobs.remind_due_measures(moment) == 1  # only the MSPSS is left to claim


def test_it_does_not_remind_twice_even_if_a_claim_is_replayed(started: User) -> None:
    moment = START + timedelta(days=1)
    assert jobs.remind(started, "bam", moment) is True
    assert jobs.remind(started, "bam", moment) is False  # same due day: the dedupe key holds
    assert len(reminders(started)) == 1


def test_it_skips_an_inactive_client(started: User) -> None:
    started.is_active = False
    started.save()
    assert jobs.remind_due_measures(START + timedelta(days=1)) == 2  # claimed, moved on
    assert reminders(started) == []


def test_it_runs_from_the_alert_loop(started: User) -> None:
    done = run_all(START + timedelta(days=1))
    assert done["measures.jobs.remind_due_measures"] == 2
