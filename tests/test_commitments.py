"""The plan's daily maintenance commitments, tracked by the check-in: ticked on the form or in
the API (ids of the current plan only), and this week's progress on the home card, the check-in
page and in the API, where meetings attended count for a commitment about meetings."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags
from time_machine import TimeMachineFixture

from accounts.models import User
from checkins import services
from checkins.models import CheckIn
from circle.models import Membership
from meetings.models import Meeting
from meetings.services import went
from plans.services import save_plan
from tests.test_meetings_import import sample_feed

if TYPE_CHECKING:
    from tests.conftest import Response

UTC = ZoneInfo("UTC")
# 15:00 UTC on Tuesday 10 March 2026 is 11:00 in New York (daylight time).
NOON_ISH = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)

COMMITMENTS = [
    {"label": "Go to a meeting", "times_per_week": 3},
    {"label": "Call my sponsor", "daily": True},
]


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(NOON_ISH, tick=False)
    return NOON_ISH


@pytest.fixture
def planned(alice: User, now: datetime) -> User:
    """Alice's plan commits to meetings 3 times a week (m1) and calling her sponsor daily (m2)."""
    save_plan(alice, alice, {"commitments": COMMITMENTS})
    return alice


def data(**changes: object) -> services.CheckInData:
    values: dict[str, Any] = {"mood": 3, "craving": 1, "stress": 2, "sleep_hours": Decimal("8.0")}
    values.update(changes)
    return services.CheckInData(**values)


def form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "mood": "4",
        "craving": "2",
        "stress": "3",
        "sleep_hours": "7.5",
        "coping_used": "walked the dog",
        "for_date": "2026-03-10",
    }
    values.update(changes)
    return values


def past_checkin(client: User, ago: int, kept: list[str], **values: object) -> CheckIn:
    return CheckIn.objects.create(
        client=client,
        local_date=TODAY - timedelta(days=ago),
        mood=3,
        craving=1,
        stress=2,
        sleep_hours=Decimal("7.0"),
        commitments_kept=kept,
        **values,
    )


def text_of(response: Response) -> str:
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


# Ticking commitments on the check-in form


def test_it_offers_the_plans_commitments_as_checkboxes(as_alice: Client, planned: User) -> None:
    body = as_alice.get("/checkin/").content.decode()
    assert 'type="checkbox" name="commitments_kept" value="m1"' in body
    assert 'type="checkbox" name="commitments_kept" value="m2"' in body
    assert "Go to a meeting (3 times a week)" in body
    assert "Call my sponsor (daily)" in body
    sent = as_alice.post("/checkin/", form(commitments_kept=["m2", "m1"]))
    assert sent.status_code == 302
    assert CheckIn.objects.get(client=planned).commitments_kept == ["m1", "m2"]
    again = as_alice.get("/checkin/").content.decode()
    assert re.search(r'value="m2"[^>]* checked', again)
    # Unticking both saves an empty list.
    assert as_alice.post("/checkin/", form()).status_code == 302
    assert CheckIn.objects.get(client=planned).commitments_kept == []


def test_it_shows_no_commitment_field_without_commitments(
    as_alice: Client, alice: User, now: datetime
) -> None:
    assert "commitments_kept" not in as_alice.get("/checkin/").content.decode()
    assert as_alice.post("/checkin/", form(commitments_kept=["m1"])).status_code == 302
    assert CheckIn.objects.get(client=alice).commitments_kept == []


def test_it_refuses_an_unknown_commitment_and_keeps_the_answers(
    as_alice: Client, planned: User
) -> None:
    sent = as_alice.post("/checkin/", form(commitments_kept=["m1", "m9"]))
    assert sent.status_code == 400
    assert "m9 is not a commitment in your current plan" in text_of(sent)
    body = sent.content.decode()
    assert 'value="walked the dog"' in body
    assert re.search(r'value="m1"[^>]* checked', body)
    assert not re.search(r'value="m2"[^>]* checked', body)
    assert not CheckIn.objects.exists()


def test_it_refuses_a_commitment_removed_from_the_plan_meanwhile(planned: User) -> None:
    save_plan(planned, planned, {"commitments": [{"id": "m2", **COMMITMENTS[1]}]})
    with pytest.raises(services.CheckInError) as refused:
        services.save_today(planned, data(commitments_kept=["m1"]))
    assert refused.value.field == "commitments_kept"
    assert "Not a commitment in your current plan: m1" in str(refused.value)
    assert not CheckIn.objects.exists()


def test_it_adds_no_query_to_a_check_in_without_commitments(planned: User) -> None:
    def queries(**changes: object) -> list[str]:
        CheckIn.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            services.save_today(planned, data(**changes))
        return [q["sql"] for q in captured.captured_queries]

    queries()  # the first check-in ever sets up what later ones only update
    plain = queries()
    assert not [q for q in plain if "plans_" in q]
    assert len(queries(commitments_kept=[])) == len(plain)
    ticked = queries(commitments_kept=["m1"])
    assert len(ticked) == len(plain) + 1
    assert len([q for q in ticked if "plans_" in q]) == 1


def test_it_keeps_todays_ticks_when_an_edit_leaves_them_out(planned: User) -> None:
    services.save_today(planned, data(commitments_kept=["m2"]))
    services.save_today(planned, data(mood=5))
    saved = CheckIn.objects.get(client=planned)
    assert (saved.mood, saved.commitments_kept) == (5, ["m2"])


# In the API


def test_it_takes_commitments_in_the_api(as_alice: Client, planned: User) -> None:
    body = {"mood": 4, "craving": 2, "stress": 3, "sleep_hours": 7.5}
    sent = as_alice.put(
        "/api/v1/checkins/today",
        {**body, "commitments_kept": ["m2", "m2"]},
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["commitments_kept"] == ["m2"]
    assert as_alice.get("/api/v1/checkins/today").json()["commitments_kept"] == ["m2"]
    left_out = as_alice.put("/api/v1/checkins/today", body, content_type="application/json")
    assert left_out.status_code == 200 and left_out.json()["commitments_kept"] == ["m2"]
    unknown = as_alice.put(
        "/api/v1/checkins/today",
        {**body, "commitments_kept": ["m1", "nope"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert "Not a commitment in your current plan: nope" in unknown.json()["message"]
    assert CheckIn.objects.get(client=planned).commitments_kept == ["m2"]
    wrong_type = as_alice.put(
        "/api/v1/checkins/today",
        {**body, "commitments_kept": "m1"},
        content_type="application/json",
    )
    assert wrong_type.status_code == 422 and wrong_type.json()["message"]


def test_it_reports_this_weeks_progress_in_the_api(as_alice: Client, planned: User) -> None:
    past_checkin(planned, 1, ["m1", "m2"])
    past_checkin(planned, 3, ["m2"])
    found = as_alice.get("/api/v1/checkins/commitments")
    assert found.status_code == 200
    assert found.json() == {
        "start": "2026-03-04",
        "end": "2026-03-10",
        "commitments": [
            {
                "id": "m1",
                "label": "Go to a meeting",
                "frequency": "3 times a week",
                "daily": False,
                "kept": 1,
                "target": 3,
                "met": False,
                "counts_meetings": True,
                "counts_checkins": False,
                "words": "1 of 3",
            },
            {
                "id": "m2",
                "label": "Call my sponsor",
                "frequency": "daily",
                "daily": True,
                "kept": 2,
                "target": 7,
                "met": False,
                "counts_meetings": False,
                "counts_checkins": False,
                "words": "2 of 7 days",
            },
        ],
    }


def test_it_keeps_commitments_to_the_client(
    planned: User, bob: User, bob_membership: Membership, charlie: User
) -> None:
    past_checkin(planned, 0, ["m1"])
    for other in (bob, charlie):
        web = Client()
        web.force_login(other)
        assert "m1" not in web.get("/api/v1/checkins/commitments").content.decode()
        shared = web.get(f"/api/v1/clients/{planned.pk}/checkins").content.decode()
        assert "commitments_kept" not in shared


# This week's progress


def test_it_counts_the_last_seven_local_days(planned: User) -> None:
    past_checkin(planned, 0, ["m2"])
    past_checkin(planned, 2, ["m1", "m2"])
    past_checkin(planned, 6, ["m1", "m2", "m1"])
    past_checkin(planned, 7, ["m1", "m2"])  # eight days ago: last week
    progress = services.commitment_progress(planned, TODAY)
    assert [(p.id, p.kept, p.target, p.text) for p in progress] == [
        ("m1", 2, 3, "Go to a meeting: 2 of 3"),
        ("m2", 3, 7, "Call my sponsor: 3 of 7 days"),
    ]
    assert services.commitment_progress(planned, TODAY + timedelta(days=1))[1].kept == 2


def test_it_counts_meetings_attended_for_a_meeting_commitment(planned: User) -> None:
    past_checkin(planned, 1, ["m1"])
    past_checkin(planned, 2, [], meeting_attended=True)
    past_checkin(planned, 4, [], meeting_attended=True)
    sample_feed(NOON_ISH)
    meeting = Meeting.objects.get(slug="loop-serenity")
    went(planned, meeting.pk, TODAY - timedelta(days=1))
    went(planned, meeting.pk, TODAY - timedelta(days=5))
    meetings, sponsor = services.commitment_progress(planned, TODAY)
    # Two marks, plus two days only the check-in tells: four meetings beat the one tick.
    assert (meetings.kept, meetings.met, meetings.counts_meetings) == (4, True, True)
    assert (sponsor.kept, sponsor.counts_meetings) == (0, False)


def test_it_counts_a_daily_meeting_commitment_in_days(alice: User, now: datetime) -> None:
    save_plan(alice, alice, {"commitments": [{"label": "A meeting a day", "daily": True}]})
    sample_feed(NOON_ISH)
    for ago in range(7):
        past_checkin(alice, ago, [], meeting_attended=True)
        went(alice, Meeting.objects.get(slug="loop-serenity").pk, TODAY - timedelta(days=ago))
    (progress,) = services.commitment_progress(alice, TODAY)
    assert progress.text == "A meeting a day: 7 of 7 days"


def test_it_has_no_progress_without_commitments(alice: User, now: datetime) -> None:
    assert services.commitment_progress(alice, TODAY) == []


def test_it_shows_progress_on_the_home_card_and_the_check_in_page(
    as_alice: Client, planned: User
) -> None:
    past_checkin(planned, 1, ["m1", "m2"])
    past_checkin(planned, 2, ["m1", "m2"])
    home = text_of(as_alice.get("/"))
    assert "My commitments this week" in home
    assert "Go to a meeting: 2 of 3" in home
    assert "Call my sponsor: 2 of 7 days" in home
    page = as_alice.get("/checkin/")
    words = text_of(page)
    assert "Go to a meeting: 2 of 3" in words and "Call my sponsor: 2 of 7 days" in words
    assert 'href="/plan/edit/commitments/"' in page.content.decode()


def test_it_shows_no_commitment_card_without_commitments(as_alice: Client, now: datetime) -> None:
    assert "My commitments this week" not in text_of(as_alice.get("/"))
