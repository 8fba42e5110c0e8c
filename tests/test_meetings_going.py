""" "I'm going" puts a meeting on the calendar (weekly, in the meeting's own wall clock, or once);
"I went" and the check-in count towards meetings attended."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from calendars.entries import CalendarEntry, entries_for
from checkins.models import CheckIn
from meetings import services
from meetings.models import Meeting, MeetingAttendance, MeetingPlan
from tests.test_meetings_import import NOW, sample_feed

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def loop(db: None, time_machine: TimeMachineFixture) -> Meeting:
    time_machine.move_to(NOW, tick=False)  # Thursday 26 November 2026
    sample_feed()
    return Meeting.objects.get(slug="loop-serenity")  # Tuesdays 19:00-20:00 in Chicago


def meeting_entries(user: User) -> list[CalendarEntry]:
    return [e for e in entries_for(user) if e.kind == "meeting"]


def test_it_puts_a_weekly_meeting_on_the_calendar(
    loop: Meeting, alice: User, as_alice: Client
) -> None:
    response = as_alice.post(f"/meetings/{loop.pk}/going/", {"repeat": "weekly"})
    assert response.status_code == 302
    plan = MeetingPlan.objects.get(user=alice)
    [entry] = meeting_entries(alice)
    assert entry.uid == f"meeting-plan-{plan.pk}@recoverycircle"
    assert entry.title == "Loop Serenity"
    assert entry.start == datetime(2026, 12, 1, 19, 0, tzinfo=CHICAGO)
    assert entry.end - entry.start == timedelta(hours=1)
    assert (entry.rrule, entry.tzid) == ("FREQ=WEEKLY;BYDAY=TU", "America/Chicago")
    assert entry.location == "1500 S Michigan Ave, Chicago, IL, 60605, US"
    assert entry.url == f"/meetings/{loop.pk}/"
    assert "On your calendar every week." in as_alice.get(f"/meetings/{loop.pk}/").content.decode()


def test_it_goes_once_on_a_meeting_day_only(loop: Meeting, alice: User, as_alice: Client) -> None:
    wednesday = as_alice.post(
        f"/meetings/{loop.pk}/going/", {"repeat": "once", "on_date": "2026-12-02"}
    )
    assert wednesday.status_code == 400
    assert "This meeting is on Tuesdays; choose a Tuesday." in wednesday.content.decode()
    past = as_alice.post(f"/meetings/{loop.pk}/going/", {"repeat": "once", "on_date": "2026-11-24"})
    assert past.status_code == 400 and "already over" in past.content.decode()
    missing = as_alice.post(f"/meetings/{loop.pk}/going/", {"repeat": "once"})
    assert (
        missing.status_code == 400 and "Choose the date you are going." in missing.content.decode()
    )
    ok = as_alice.post(f"/meetings/{loop.pk}/going/", {"repeat": "once", "on_date": "2026-12-08"})
    assert ok.status_code == 302
    [entry] = meeting_entries(alice)
    assert entry.rrule == "" and entry.start == datetime(2026, 12, 8, 19, 0, tzinfo=CHICAGO)


def test_it_keeps_the_wall_clock_across_daylight_saving(
    db: None, alice: User, time_machine: TimeMachineFixture
) -> None:
    # Wednesday 28 October 2026; clocks go back on Sunday 1 November in Chicago.
    time_machine.move_to(datetime(2026, 10, 28, 12, 0, tzinfo=CHICAGO), tick=False)
    sample_feed()
    loop = Meeting.objects.get(slug="loop-serenity")
    services.going(alice, loop.pk)
    starts = [u.starts for u in services.upcoming(alice, days=14)]
    assert [s.astimezone(CHICAGO).strftime("%a %d %H:%M") for s in starts] == [
        "Tue 03 19:00",
        "Tue 10 19:00",
    ]
    assert [s.astimezone(ZoneInfo("UTC")).hour for s in starts] == [1, 1]
    assert services.upcoming(alice, days=7)[0].starts.utcoffset() == timedelta(hours=-6)


def test_it_answers_going_in_the_api(loop: Meeting, alice: User, as_alice: Client) -> None:
    url = f"/api/v1/meetings/{loop.pk}/going"
    first = as_alice.post(url, {}, content_type="application/json")
    assert first.status_code == 201 and first.json()["weekly"] is True
    again = as_alice.post(url, {}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    once = as_alice.post(url, {"once_on": "2026-12-02"}, content_type="application/json")
    assert once.status_code == 400 and "Tuesday" in once.json()["message"]
    plans = as_alice.get("/api/v1/meeting-plans").json()
    assert [(p["meeting_name"], p["on_date"]) for p in plans] == [("Loop Serenity", None)]
    assert as_alice.delete(url).status_code == 204
    assert as_alice.delete(url).status_code == 404
    assert meeting_entries(alice) == []
    assert (
        as_alice.post(
            "/api/v1/meetings/999999/going", {}, content_type="application/json"
        ).status_code
        == 404
    )


def test_it_takes_a_meeting_no_longer_listed_off_the_calendar(loop: Meeting, alice: User) -> None:
    services.going(alice, loop.pk)
    Meeting.objects.filter(pk=loop.pk).update(gone_at=NOW)
    assert meeting_entries(alice) == []
    with pytest.raises(services.MeetingError, match="not listed"):
        services.going(alice, loop.pk, date(2026, 12, 8))


def test_it_shows_my_next_meetings_on_my_home(loop: Meeting, alice: User, as_alice: Client) -> None:
    assert "Find one near you or online" in as_alice.get("/").content.decode()
    services.going(alice, loop.pk)
    home = as_alice.get("/").content.decode()
    assert "Loop Serenity" in home and "Tuesday 20:00" in home  # alice is in New York


def test_it_marks_i_went_on_past_days_only(loop: Meeting, alice: User, as_alice: Client) -> None:
    response = as_alice.post(f"/meetings/{loop.pk}/went/", {"on_date": "2026-11-24"})
    assert response.status_code == 302
    assert MeetingAttendance.objects.filter(user=alice, on_date=date(2026, 11, 24)).exists()
    future = as_alice.post(f"/meetings/{loop.pk}/went/", {"on_date": "2026-11-27"})
    assert future.status_code == 400
    assert "You can mark a meeting once you have been." in future.content.decode()
    api = as_alice.post(f"/api/v1/meetings/{loop.pk}/attended", {}, content_type="application/json")
    assert api.status_code == 201 and api.json()["on_date"] == "2026-11-26"


def checkin(user: User, day: date, meeting: bool) -> None:
    CheckIn.objects.create(
        client=user,
        local_date=day,
        mood=3,
        craving=2,
        stress=3,
        sleep_hours=Decimal("7.0"),
        meeting_attended=meeting,
    )


def test_it_counts_meetings_from_check_ins_and_marks_without_counting_twice(
    loop: Meeting, alice: User, as_alice: Client
) -> None:
    early = Meeting.objects.filter(slug="early-birds").first()
    assert early is not None
    checkin(alice, date(2026, 11, 2), meeting=True)  # check-in only: 1
    checkin(alice, date(2026, 11, 3), meeting=True)  # and two marks: 2
    services.went(alice, loop.pk, date(2026, 11, 3))
    services.went(alice, early.pk, date(2026, 11, 3))
    services.went(alice, loop.pk, date(2026, 11, 10))  # a mark only: 1
    checkin(alice, date(2026, 11, 11), meeting=False)  # no meeting: 0
    checkin(alice, date(2026, 10, 31), meeting=True)  # outside the range
    assert services.meetings_attended(alice, date(2026, 11, 1), date(2026, 11, 30)) == 4
    assert services.meetings_attended(alice, date(2026, 11, 3), date(2026, 11, 3)) == 2
    assert services.meetings_attended(alice, date(2026, 11, 30), date(2026, 11, 1)) == 0
    api = as_alice.get("/api/v1/meetings-attended", {"start": "2026-11-01", "end": "2026-11-30"})
    assert api.json() == {"start": "2026-11-01", "end": "2026-11-30", "meetings": 4}
    too_long = as_alice.get(
        "/api/v1/meetings-attended", {"start": "2025-01-01", "end": "2026-11-30"}
    )
    assert too_long.status_code == 400
    assert (
        "This month you went to <strong>4</strong> meetings"
        in as_alice.get("/meetings/mine/").content.decode()
    )


def test_it_takes_one_date_or_every_plan_off_from_the_page(
    loop: Meeting, alice: User, as_alice: Client
) -> None:
    services.going(alice, loop.pk)
    services.going(alice, loop.pk, date(2026, 12, 8))
    one = as_alice.post(f"/meetings/{loop.pk}/not-going/", {"on_date": "2026-12-08"})
    assert one.status_code == 302
    assert list(MeetingPlan.objects.values_list("on_date", flat=True)) == [None]
    as_alice.post(f"/meetings/{loop.pk}/not-going/")
    assert not MeetingPlan.objects.exists()
