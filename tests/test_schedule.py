"""The check-in schedule: due time and grace period in the client's own zone, stored as the
next reminder and deadline in UTC, across daylight-saving changes and around the world."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from checkins import schedule, services
from checkins.models import CheckInSchedule
from tests.conftest import client_for, make_user

UTC = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def plan(due: time, grace: int = 120) -> CheckInSchedule:
    return CheckInSchedule(due_time=due, grace_minutes=grace)


# Pure arithmetic (no database)


def test_it_turns_the_local_due_time_and_grace_into_utc() -> None:
    daily = plan(time(20, 0), 120)
    # 7 March 2026: New York is on standard time (UTC-5).
    assert schedule.reminder_for(daily, NEW_YORK, date(2026, 3, 7)) == at(2026, 3, 8, 1, 0)
    assert schedule.deadline_for(daily, NEW_YORK, date(2026, 3, 7)) == at(2026, 3, 8, 3, 0)


def test_it_follows_the_spring_forward_in_new_york() -> None:
    daily = plan(time(20, 0), 120)
    # From 8 March 2026 New York is on daylight time (UTC-4): same wall clock, an hour earlier.
    assert schedule.reminder_for(daily, NEW_YORK, date(2026, 3, 8)) == at(2026, 3, 9, 0, 0)
    assert schedule.deadline_for(daily, NEW_YORK, date(2026, 3, 8)) == at(2026, 3, 9, 2, 0)


def test_it_reads_a_due_time_in_the_spring_forward_gap_as_the_hour_after() -> None:
    # 02:30 does not exist on 8 March 2026 in New York; it is read as 03:30 daylight time.
    gap = plan(time(2, 30), 60)
    reminder = schedule.reminder_for(gap, NEW_YORK, date(2026, 3, 8))
    assert reminder == at(2026, 3, 8, 7, 30)
    assert reminder.astimezone(NEW_YORK).time() == time(3, 30)


def test_it_takes_the_first_of_two_times_at_the_fall_back() -> None:
    # 01:30 happens twice on 1 November 2026 in New York; the first is daylight time.
    twice = plan(time(1, 30), 30)
    assert schedule.reminder_for(twice, NEW_YORK, date(2026, 11, 1)) == at(2026, 11, 1, 5, 30)
    assert schedule.deadline_for(twice, NEW_YORK, date(2026, 11, 1)) == at(2026, 11, 1, 6, 0)
    # The next day is on standard time again (UTC-5).
    assert schedule.reminder_for(twice, NEW_YORK, date(2026, 11, 2)) == at(2026, 11, 2, 6, 30)


def test_it_counts_a_grace_period_across_the_change_in_real_minutes() -> None:
    late = plan(time(23, 0), 240)
    deadline = schedule.deadline_for(late, NEW_YORK, date(2026, 3, 7))
    assert deadline == at(2026, 3, 8, 8, 0)
    # Four real hours after 23:00 standard time is 04:00 daylight time.
    assert deadline.astimezone(NEW_YORK).time() == time(4, 0)
    assert schedule.day_of_deadline(late, NEW_YORK, deadline) == date(2026, 3, 7)


@pytest.mark.parametrize(
    ("zone", "due", "grace", "now", "reminder", "deadline"),
    [
        # 22:00 in Tokyo (UTC+9, no daylight saving): today's reminder (21:00) has passed,
        # its deadline (23:00) not yet.
        ("Asia/Tokyo", time(21), 120, at(2026, 3, 7, 13), at(2026, 3, 8, 12), at(2026, 3, 7, 14)),
        # 19:00 on 15 January in Auckland (summer time, UTC+13): both still ahead today.
        (
            "Pacific/Auckland",
            time(20),
            60,
            at(2026, 1, 15, 6),
            at(2026, 1, 15, 7),
            at(2026, 1, 15, 8),
        ),
        # After Auckland's summer time ends (5 April 2026) the same wall clock is UTC+12.
        (
            "Pacific/Auckland",
            time(20),
            60,
            at(2026, 4, 10, 6),
            at(2026, 4, 10, 8),
            at(2026, 4, 10, 9),
        ),
        # New York, the evening before the spring-forward: tonight's moments are in EST.
        (
            "America/New_York",
            time(20),
            60,
            at(2026, 3, 7, 23),
            at(2026, 3, 8, 1),
            at(2026, 3, 8, 2),
        ),
        # New York, the night of the change: the next moments are in EDT.
        ("America/New_York", time(20), 60, at(2026, 3, 8, 3), at(2026, 3, 9, 0), at(2026, 3, 9, 1)),
        # New York, the night of the fall-back: back to EST.
        (
            "America/New_York",
            time(20),
            60,
            at(2026, 11, 1, 3),
            at(2026, 11, 2, 1),
            at(2026, 11, 2, 2),
        ),
    ],
)
def test_it_refreshes_the_next_moments_in_several_zones(
    zone: str, due: time, grace: int, now: datetime, reminder: datetime, deadline: datetime
) -> None:
    daily = plan(due, grace)
    schedule.refresh(daily, ZoneInfo(zone), now)
    assert (daily.next_reminder_at, daily.next_deadline_at) == (reminder, deadline)


def test_it_clears_the_next_moments_when_the_schedule_is_off() -> None:
    daily = plan(time(20, 0))
    daily.enabled = False
    schedule.refresh(daily, NEW_YORK, at(2026, 3, 7, 12, 0))
    assert daily.next_reminder_at is None and daily.next_deadline_at is None


# Saving a schedule


def test_it_saves_a_schedule_with_its_next_moments(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(2026, 3, 7, 18, 0), tick=False)
    saved = services.save_schedule(alice, time(20, 0, 42), 120)
    saved.refresh_from_db()
    assert saved.due_time == time(20, 0)
    assert saved.next_reminder_at == at(2026, 3, 8, 1, 0)
    assert saved.next_deadline_at == at(2026, 3, 8, 3, 0)


def test_it_refuses_a_grace_period_of_a_day_or_more(alice: User) -> None:
    with pytest.raises(services.CheckInError) as error:
        services.save_schedule(alice, time(20, 0), 24 * 60)
    assert error.value.field == "grace_minutes"
    assert not CheckInSchedule.objects.filter(client=alice).exists()


def test_it_moves_the_moments_when_the_time_zone_changes(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(2026, 3, 7, 18, 0), tick=False)
    services.save_schedule(alice, time(20, 0), 60)
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    services.refresh_after_time_zone_change(alice)
    saved = CheckInSchedule.objects.get(client=alice)
    # 20:00 in Tokyo is 11:00 UTC; on 7 March that has passed at 18:00 UTC.
    assert saved.next_reminder_at == at(2026, 3, 8, 11, 0)
    assert saved.next_deadline_at == at(2026, 3, 8, 12, 0)


def test_it_does_nothing_on_a_time_zone_change_without_a_schedule(alice: User) -> None:
    services.refresh_after_time_zone_change(alice)
    assert not CheckInSchedule.objects.exists()


# The schedule page


def test_it_shows_the_schedule_form_with_defaults(as_alice: Client) -> None:
    page = as_alice.get("/checkins/schedule/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="20:00"' in body
    assert "your time zone, New York time (UTC−" in body
    assert '<label for="id_due_time">' in body


def test_it_saves_the_schedule_from_the_page(
    as_alice: Client, alice: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(2026, 3, 7, 18, 0), tick=False)
    sent = as_alice.post(
        "/checkins/schedule/", {"due_time": "21:30", "grace_minutes": "60", "enabled": "on"}
    )
    assert sent.status_code == 302
    saved = CheckInSchedule.objects.get(client=alice)
    assert saved.due_time == time(21, 30)
    assert saved.next_reminder_at == at(2026, 3, 8, 2, 30)
    page = as_alice.get("/checkins/schedule/")
    # Shown in alice's own zone.
    assert "Saturday 7 March, 21:30" in page.content.decode()


def test_it_shows_errors_per_field_on_the_schedule_page(as_alice: Client, alice: User) -> None:
    sent = as_alice.post("/checkins/schedule/", {"due_time": "25:99", "grace_minutes": "7"})
    assert sent.status_code == 400
    errors = sent.context["form"].errors
    assert set(errors) == {"due_time", "grace_minutes"}
    assert 'class="error"' in sent.content.decode()
    assert not CheckInSchedule.objects.filter(client=alice).exists()


# The schedule API


def test_it_gives_the_default_schedule_in_the_api(as_alice: Client) -> None:
    got = as_alice.get("/api/v1/checkins/schedule").json()
    assert got["configured"] is False
    assert got["due_time"] == "20:00:00"
    assert got["time_zone"] == "America/New_York"
    assert got["next_deadline_at"] is None


def test_it_sets_the_schedule_in_the_api(db: None, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(at(2026, 1, 15, 6, 0), tick=False)
    kiri = make_user("kiri@example.org", "Kiri", zone="Pacific/Auckland")
    web = client_for(kiri)
    sent = web.put(
        "/api/v1/checkins/schedule",
        {"due_time": "20:00", "grace_minutes": 60},
        content_type="application/json",
    )
    assert sent.status_code == 200, sent.content
    got = sent.json()
    assert got["configured"] is True
    assert got["next_reminder_at"].startswith("2026-01-15T07:00:00")
    assert got["next_deadline_at"].startswith("2026-01-15T08:00:00")


@pytest.mark.parametrize(
    "payload",
    [
        {"due_time": "25:00", "grace_minutes": 60},
        {"due_time": "20:00", "grace_minutes": 1440},
        {"due_time": "20:00", "grace_minutes": -1},
        {"grace_minutes": 60},
    ],
)
def test_it_refuses_a_bad_schedule_in_the_api(as_alice: Client, payload: dict[str, object]) -> None:
    sent = as_alice.put("/api/v1/checkins/schedule", payload, content_type="application/json")
    assert sent.status_code == 422
    assert sent.json()["message"]
