"""Counts and times in words a person uses: goals met past their target, the next milestone
after a lapse, "just now", hours rather than minutes, time zones by place, and a check-in
that keeps a commitment to check in."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils.html import strip_tags
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert
from alerts.services import notify_client
from checkins import services
from checkins.models import CheckIn
from plans.diff import lines
from plans.services import content_of, save_plan
from recoverycircle import humane
from sobriety import lapses
from sobriety import services as sobriety

if TYPE_CHECKING:
    from tests.conftest import Response

NY = ZoneInfo("America/New_York")
# 11:00 in New York on Tuesday 10 March 2026 (daylight time since the 8th: UTC−4).
MOMENT = datetime(2026, 3, 10, 11, 0, tzinfo=NY)
TODAY = MOMENT.date()


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(MOMENT, tick=False)
    return MOMENT


def text_of(page: Response) -> str:
    return " ".join(html.unescape(strip_tags(page.content.decode())).split())


def check_in(client: User, day: date, kept: list[str] | None = None) -> CheckIn:
    return CheckIn.objects.create(
        client=client,
        local_date=day,
        mood=3,
        craving=1,
        stress=2,
        sleep_hours=Decimal(8),
        commitments_kept=kept or [],
    )


def test_it_says_a_weekly_goal_was_met_rather_than_6_of_3(
    as_alice: Client, alice: User, now: datetime
) -> None:
    save_plan(alice, alice, {"commitments": [{"label": "Go to a meeting", "times_per_week": 3}]})
    (meeting,) = content_of(alice).commitments
    for back in range(6):
        check_in(alice, TODAY - timedelta(days=back), [meeting.id])
    (progress,) = services.commitment_progress(alice, TODAY)
    assert (progress.kept, progress.target, progress.met) == (6, 3, True)
    assert progress.text == "Go to a meeting: 6 times, more than the 3 planned"
    home = text_of(as_alice.get("/"))
    assert "Go to a meeting: 6 times, more than the 3 planned" in home
    assert "6 of 3" not in home
    api = as_alice.get("/api/v1/checkins/commitments").json()["commitments"][0]
    assert (api["kept"], api["target"], api["met"]) == (6, 3, True)
    assert api["words"] == "6 times, more than the 3 planned"


def test_it_counts_each_check_in_toward_a_commitment_to_check_in(
    as_alice: Client, alice: User, now: datetime
) -> None:
    save_plan(
        alice,
        alice,
        {
            "commitments": [
                {"label": "Check in in the app", "daily": True},
                {"label": "Do my check-in 5 times a week", "times_per_week": 5},
                {"label": "Call my sponsor", "daily": True},
            ]
        },
    )
    for back in (1, 2):
        check_in(alice, TODAY - timedelta(days=back))
    sent = as_alice.post(
        "/checkin/",
        {
            "mood": "4",
            "craving": "2",
            "stress": "3",
            "sleep_hours": "7.5",
            "for_date": "2026-03-10",
        },
    )
    assert sent.status_code == 302
    progress = {p.label: p for p in services.commitment_progress(alice, TODAY)}
    assert progress["Check in in the app"].kept == 3
    assert progress["Check in in the app"].counts_checkins
    assert progress["Do my check-in 5 times a week"].kept == 3
    assert progress["Call my sponsor"].kept == 0  # checking in keeps only the check-in ones
    assert "Check in in the app: 3 of 7 days" in text_of(as_alice.get("/"))


def test_it_says_tomorrow_for_the_next_milestone_after_a_lapse(
    as_alice: Client, alice: User, now: datetime
) -> None:
    sobriety.set_start(alice, TODAY - timedelta(days=30))
    lapses.record_lapse(alice, TODAY - timedelta(days=1))
    home = text_of(as_alice.get("/"))
    assert "Next: 1 day, tomorrow." in home
    assert "1 day in 1 day" not in home
    lapses.record_lapse(alice, TODAY)
    assert "Next: 1 day, in 2 days." in text_of(as_alice.get("/"))


def test_it_says_just_now_rather_than_0_minutes(
    as_alice: Client, alice: User, now: datetime
) -> None:
    notify_client(alice, Alert.Kind.SIGNAL, "Something to look at")
    deliver_due("test")
    inbox = text_of(as_alice.get("/inbox/"))
    assert "just now" in inbox and "0 minutes" not in inbox
    assert humane.ago(MOMENT - timedelta(seconds=59), MOMENT) == "just now"
    assert (
        humane.ago(MOMENT - timedelta(minutes=1), MOMENT) == "1\xa0minute ago"
    )  # timesince keeps number and unit together
    assert humane.ago(MOMENT - timedelta(hours=3, minutes=5), MOMENT) == "3\xa0hours ago"
    assert Template("{% load humane %}{{ t|ago }}").render(Context({"t": None})) == ""


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "no time"),
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (720, "12 hours"),
        (1440, "1 day"),
        (2 * 1440 + 60, "2 days 1 hour"),
    ],
)
def test_it_says_durations_in_the_largest_units(minutes: int, words: str) -> None:
    assert humane.duration(minutes) == words


def test_it_says_12_hours_rather_than_720_minutes_in_the_plan(
    as_alice: Client, alice: User, now: datetime
) -> None:
    save_plan(
        alice,
        alice,
        {"ladder": {"watch": {"delay_minutes": 720}, "urgent": {"delay_minutes": 0}}},
    )
    described = dict(lines(content_of(alice), "ladder", {}))
    assert "after 12 hours without my answer" in described["watch"]
    assert "at once without my answer" in described["urgent"]
    assert "720" not in " ".join(described.values())


def test_it_names_time_zones_by_place_and_offset(
    as_alice: Client, alice: User, now: datetime
) -> None:
    assert humane.zone_name("America/New_York") == "New York time (UTC−4)"
    assert humane.zone_name("America/New_York", datetime(2026, 1, 5, tzinfo=NY)) == (
        "New York time (UTC−5)"
    )
    assert humane.zone_name("America/Argentina/Buenos_Aires") == "Buenos Aires time (UTC−3)"
    assert humane.zone_name("Asia/Kolkata") == "Kolkata time (UTC+5:30)"
    assert humane.zone_name("UTC") == humane.zone_name("Etc/UTC") == "UTC"
    assert humane.zone_name("Etc/GMT+5") == "UTC−5"
    assert humane.zone_name("Not/A_Zone") == "Not/A_Zone"
    for page in ("/checkins/schedule/", "/calendar/", f"/events/new/{alice.pk}/"):
        body = text_of(as_alice.get(page))
        assert "New York time (UTC−4)" in body, page
        assert "America/New_York" not in body, page
