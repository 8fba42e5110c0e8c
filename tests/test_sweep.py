"""The sweep: reminders at the due time, one missed-check-in alert per missed day after the
grace period, "checked in again" afterwards; time zones and daylight saving."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert, Notification
from alerts.services import checked_in_again, set_missed_checkin_alerts
from alerts.sweep import sweep
from checkins.models import CheckIn, CheckInSchedule
from checkins.schedule import refresh
from checkins.services import CheckInData, save_today
from circle.models import Membership, Scope
from signals.services import evaluate_due
from tests.conftest import make_user

NY = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")


def at(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.fixture
def schedule(alice: User, bob: User, bob_membership: Membership) -> CheckInSchedule:
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    with time_machine.travel(at(NY, 2026, 3, 2, 9, 0), tick=False):
        row = CheckInSchedule(client=alice, due_time=time(20, 0), grace_minutes=60)
        refresh(row, alice.zone, timezone.now())
        row.save()
    return row


def check_in(client: User, day: date) -> None:
    CheckIn.objects.create(
        client=client, local_date=day, mood=3, craving=2, stress=3, sleep_hours=7
    )


def run_at(moment: datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return sweep(timezone.now())


def test_it_sends_the_client_a_reminder_at_the_due_time(
    schedule: CheckInSchedule, alice: User
) -> None:
    assert run_at(at(NY, 2026, 3, 2, 19, 59)) == {"reminders": 0, "missed": 0}
    assert run_at(at(NY, 2026, 3, 2, 20, 0)) == {"reminders": 1, "missed": 0}
    reminder = Alert.objects.get(kind=Alert.Kind.CHECKIN_REMINDER)
    assert reminder.notifications.filter(recipient=alice).count() == 2
    assert run_at(at(NY, 2026, 3, 2, 20, 30))["reminders"] == 0


def test_it_skips_the_reminder_after_a_check_in(schedule: CheckInSchedule, alice: User) -> None:
    check_in(alice, date(2026, 3, 2))
    run_at(at(NY, 2026, 3, 2, 20, 0))
    assert not Alert.objects.filter(kind=Alert.Kind.CHECKIN_REMINDER).exists()


def test_it_waits_for_the_grace_period(schedule: CheckInSchedule) -> None:
    assert run_at(at(NY, 2026, 3, 2, 20, 59))["missed"] == 0
    assert run_at(at(NY, 2026, 3, 2, 21, 0))["missed"] == 1
    alert = Alert.objects.get(kind=Alert.Kind.MISSED_CHECKIN)
    assert str(alert.dedupe_key).endswith(":2026-03-02")
    assert "Monday 2 March" in alert.subject


def test_it_alerts_once_per_missed_day(schedule: CheckInSchedule, bob: User) -> None:
    for minute in (0, 1, 30):
        run_at(at(NY, 2026, 3, 2, 21, minute))
    run_at(at(NY, 2026, 3, 3, 21, 0))
    keys = Alert.objects.filter(kind="missed_checkin").values_list("dedupe_key", flat=True)
    assert sorted(str(key).rsplit(":", 1)[1] for key in keys) == ["2026-03-02", "2026-03-03"]
    assert Notification.objects.filter(recipient=bob, alert__kind="missed_checkin").count() == 4


def test_it_links_the_missed_check_in_alert_to_the_clients_page(
    schedule: CheckInSchedule, alice: User
) -> None:
    # The link is reversed once per batch and filled in per client.
    run_at(at(NY, 2026, 3, 2, 21, 30))
    (alert,) = Alert.objects.filter(kind="missed_checkin")
    assert alert.link == reverse("circle:supporting", args=[alice.pk])


def test_it_catches_up_after_downtime_without_flooding(schedule: CheckInSchedule) -> None:
    # The sweep was down for three days: it raises the most recent missed day, not three.
    run_at(at(NY, 2026, 3, 5, 21, 30))
    assert Alert.objects.filter(kind="missed_checkin").count() == 1


def test_it_does_not_alert_when_the_client_checked_in(
    schedule: CheckInSchedule, alice: User
) -> None:
    check_in(alice, date(2026, 3, 2))
    assert run_at(at(NY, 2026, 3, 2, 21, 5))["missed"] == 0


def test_it_only_tells_supporters_who_asked(
    schedule: CheckInSchedule, alice: User, dana: User, bob_membership: Membership
) -> None:
    Membership.objects.create(
        client=alice, supporter=dana, relationship="therapist", scopes=[Scope.ALERTS]
    )
    set_missed_checkin_alerts(bob_membership, False)
    run_at(at(NY, 2026, 3, 2, 21, 0))
    told = set(
        Notification.objects.filter(alert__kind="missed_checkin").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"dana@clinic.example.org"}


def test_it_sends_checked_in_again_to_those_who_were_told(
    schedule: CheckInSchedule, alice: User, bob: User
) -> None:
    run_at(at(NY, 2026, 3, 2, 21, 0))
    with time_machine.travel(at(NY, 2026, 3, 2, 22, 0), tick=False):
        deliver_due("w")
        assert checked_in_again(alice, CheckIn.objects.filter(client=alice)) is None
        save_today(alice, CheckInData(mood=3, craving=2, stress=3, sleep_hours=Decimal(7)))
        # The check-in asked for an evaluation, which the alert loop runs: it tells them once.
        assert evaluate_due(timezone.now()) == 1
        assert checked_in_again(alice, CheckIn.objects.filter(client=alice)) is None
        save_today(alice, CheckInData(mood=4, craving=2, stress=3, sleep_hours=Decimal(7)))
        evaluate_due(timezone.now())
        deliver_due("w")
    assert Alert.objects.filter(kind=Alert.Kind.CHECKED_IN_AGAIN).count() == 1
    subjects = [m.subject for m in mail.outbox if m.to == ["bob@example.org"]]
    assert subjects == [
        "Alice Anders has not checked in today (Monday 2 March)",
        "Alice Anders checked in again",
    ]


def test_it_follows_the_spring_forward_change(alice: User, bob_membership: Membership) -> None:
    # 2026-03-08: New York clocks go from 02:00 to 03:00. A 20:00 due time stays 20:00 local.
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    with time_machine.travel(at(NY, 2026, 3, 7, 9, 0), tick=False):
        row = CheckInSchedule(client=alice, due_time=time(20, 0), grace_minutes=30)
        refresh(row, alice.zone, timezone.now())
        row.save()
    assert row.next_deadline_at == at(UTC, 2026, 3, 8, 1, 30)  # EST, UTC-5
    run_at(at(NY, 2026, 3, 7, 20, 31))
    row.refresh_from_db()
    assert row.next_deadline_at == at(UTC, 2026, 3, 9, 0, 30)  # EDT, UTC-4: 20:30 local
    assert run_at(at(NY, 2026, 3, 8, 20, 29))["missed"] == 0
    assert run_at(at(NY, 2026, 3, 8, 20, 30))["missed"] == 1


def test_it_follows_the_fall_back_change(alice: User, bob_membership: Membership) -> None:
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    with time_machine.travel(at(NY, 2026, 10, 31, 12, 0), tick=False):
        row = CheckInSchedule(client=alice, due_time=time(1, 30), grace_minutes=0)
        refresh(row, alice.zone, timezone.now())
        row.save()
    # 2026-11-01 01:30 happens twice in New York; the first (EDT, UTC-4) counts.
    assert row.next_deadline_at == at(UTC, 2026, 11, 1, 5, 30)
    assert run_at(at(UTC, 2026, 11, 1, 5, 30))["missed"] == 1
    row.refresh_from_db()
    assert row.next_deadline_at == at(UTC, 2026, 11, 2, 6, 30)  # EST from now on


def test_it_handles_clients_in_several_time_zones(db: None) -> None:
    zones = ["Asia/Tokyo", "Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland"]
    now = at(UTC, 2026, 6, 1, 0, 0)
    for i, zone in enumerate(zones):
        client = make_user(f"c{i}@example.org", f"Client {i}", zone)
        supporter = make_user(f"s{i}@example.org", f"Supporter {i}", zone)
        Membership.objects.create(
            client=client, supporter=supporter, relationship="friend", scopes=[Scope.ALERTS]
        )
        with time_machine.travel(now, tick=False):
            row = CheckInSchedule(client=client, due_time=time(21, 0), grace_minutes=60)
            refresh(row, client.zone, timezone.now())
            row.save()
    missed_by_hour = {}
    for hour in range(0, 48):
        moment = at(UTC, 2026, 6, 1, 0, 0).replace(hour=hour % 24, day=1 + hour // 24)
        result = run_at(moment)
        if result["missed"]:
            missed_by_hour[hour] = result["missed"]
    # 22:00 local, in UTC: Tokyo 13:00, Berlin 20:00, Los Angeles 05:00, Auckland 10:00.
    assert missed_by_hour == {5: 1, 10: 1, 13: 1, 20: 1, 29: 1, 34: 1, 37: 1, 44: 1}


def test_it_still_tells_of_a_check_in_when_the_evaluation_comes_a_day_late(
    schedule: CheckInSchedule, alice: User, bob: User
) -> None:
    """Missed Monday, checked in Monday night, missed Tuesday, and only then evaluated: the
    Monday night check-in is still told, once; Tuesday's alert waits for a check-in of its own."""
    run_at(at(NY, 2026, 3, 2, 21, 0))  # Monday's alert
    with time_machine.travel(at(NY, 2026, 3, 2, 23, 0), tick=False):
        save_today(alice, CheckInData(mood=3, craving=2, stress=3, sleep_hours=Decimal(7)))
    run_at(at(NY, 2026, 3, 3, 21, 0))  # Tuesday's alert, before any evaluation ran
    with time_machine.travel(at(NY, 2026, 3, 3, 21, 5), tick=False):
        evaluate_due(timezone.now())
        evaluate_due(timezone.now())
    again = Alert.objects.get(kind=Alert.Kind.CHECKED_IN_AGAIN)
    monday = Alert.objects.filter(kind=Alert.Kind.MISSED_CHECKIN).order_by("created_at").first()
    assert monday is not None and again.dedupe_key == f"again:{monday.pk}"
    assert "Monday 2 March" in again.body
