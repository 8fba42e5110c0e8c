"""Check-ins in the JSON API: mine by date range, today's get/put, and a client's check-ins as
shared with a supporter (summary, or details; never the note)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from accounts.services import create_api_token
from audit.models import AccessLog
from checkins import services
from checkins.models import CheckIn
from circle.models import Membership, Relationship, Scope
from tests.conftest import client_for, make_user

if TYPE_CHECKING:
    from tests.conftest import Response

UTC = ZoneInfo("UTC")
NOTE = "the note nobody else reads"
CHECKIN = {"mood": 4, "craving": 3, "stress": 5, "sleep_hours": "6.5", "triggers": ["work"]}


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    moment = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    time_machine.move_to(moment, tick=False)
    return moment


def put(web: Client, payload: dict[str, Any]) -> Response:
    return web.put("/api/v1/checkins/today", payload, content_type="application/json")


def seed(
    client: User, time_machine: TimeMachineFixture, days: tuple[int, ...] = (8, 9, 10)
) -> None:
    for day in days:
        time_machine.move_to(datetime(2026, 3, day, 15, 0, tzinfo=UTC), tick=False)
        services.save_today(
            client,
            services.CheckInData(
                mood=day % 5 + 1,
                craving=2,
                stress=3,
                sleep_hours=Decimal("7.0"),
                used=True,
                coping_used="breathing",
                triggers=["payday"],
                note=NOTE,
            ),
        )
    time_machine.move_to(datetime(2026, 3, 10, 15, 0, tzinfo=UTC), tick=False)


# Mine


def test_it_checks_in_and_changes_it_the_same_day(
    as_alice: Client, alice: User, now: datetime
) -> None:
    assert as_alice.get("/api/v1/checkins/today").status_code == 404
    first = put(as_alice, {**CHECKIN, "note": NOTE})
    assert first.status_code == 201, first.content
    got = first.json()
    assert got["local_date"] == "2026-03-10"
    assert got["mood_label"] == "Good" and got["created"] is True and got["editable"] is True
    assert got["note"] == NOTE and got["lapse_form_url"] is None
    again = put(as_alice, {**CHECKIN, "mood": 2})
    assert again.status_code == 200 and again.json()["created"] is False
    assert as_alice.get("/api/v1/checkins/today").json()["mood"] == 2
    assert CheckIn.objects.filter(client=alice).count() == 1


def test_it_points_to_the_lapse_form_when_used(as_alice: Client, now: datetime) -> None:
    got = put(as_alice, {**CHECKIN, "used": True}).json()
    assert got["lapse_form_url"] == "/sobriety/lapse/?date=2026-03-10"


def test_it_refuses_a_check_in_for_a_past_day(as_alice: Client, alice: User, now: datetime) -> None:
    sent = put(as_alice, {**CHECKIN, "for_date": "2026-03-09"})
    assert sent.status_code == 400
    assert "can't be changed" in sent.json()["message"]
    assert not CheckIn.objects.filter(client=alice).exists()


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"mood": 0}, "mood"),
        ({"mood": 6}, "mood"),
        ({"craving": 11}, "craving"),
        ({"craving": -1}, "craving"),
        ({"stress": 100}, "stress"),
        ({"sleep_hours": "24.5"}, "sleep_hours"),
        ({"sleep_hours": "7.25"}, "sleep_hours"),
        ({"mood": "great"}, "mood"),
        ({"triggers": [f"t{i}" for i in range(21)]}, "triggers"),
    ],
)
def test_it_refuses_values_out_of_range_with_a_message(
    as_alice: Client, alice: User, changes: dict[str, Any], where: str, now: datetime
) -> None:
    sent = put(as_alice, {**CHECKIN, **changes})
    assert sent.status_code == 422, sent.content
    assert sent.json()["message"].startswith(where)
    assert not CheckIn.objects.filter(client=alice).exists()


def test_it_refuses_a_too_long_trigger_with_400(as_alice: Client, now: datetime) -> None:
    sent = put(as_alice, {**CHECKIN, "triggers": ["x" * 41]})
    assert sent.status_code == 400
    assert "40 characters" in sent.json()["message"]


def test_it_refuses_a_body_that_is_not_json(as_alice: Client, now: datetime) -> None:
    sent = as_alice.put("/api/v1/checkins/today", "{not json", content_type="application/json")
    assert sent.status_code == 400
    assert sent.json()["message"]


def test_it_lists_my_check_ins_in_a_date_range(
    as_alice: Client, alice: User, time_machine: TimeMachineFixture, now: datetime
) -> None:
    seed(alice, time_machine)
    every = as_alice.get("/api/v1/checkins").json()
    assert [c["local_date"] for c in every] == ["2026-03-08", "2026-03-09", "2026-03-10"]
    assert [c["editable"] for c in every] == [False, False, True]
    assert every[0]["note"] == NOTE
    some = as_alice.get("/api/v1/checkins?start=2026-03-09&end=2026-03-09").json()
    assert [c["local_date"] for c in some] == ["2026-03-09"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("start=2026-03-10&end=2026-03-01", 400),
        ("start=2024-01-01&end=2026-03-01", 400),
        ("start=yesterday", 422),
    ],
)
def test_it_refuses_a_bad_date_range(
    as_alice: Client, query: str, status: int, now: datetime
) -> None:
    sent = as_alice.get(f"/api/v1/checkins?{query}")
    assert sent.status_code == status
    assert sent.json()["message"]


def test_it_works_with_a_personal_access_token(alice: User, now: datetime) -> None:
    _, token = create_api_token(alice, "script")
    sent = Client().put(
        "/api/v1/checkins/today",
        CHECKIN,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert sent.status_code == 201


def test_it_asks_an_anonymous_caller_to_sign_in(db: None) -> None:
    assert Client().get("/api/v1/checkins").status_code == 401


# A client's check-ins as shared


def test_it_gives_a_summary_supporter_only_days(
    as_bob: Client, alice: User, bob: User, time_machine: TimeMachineFixture, now: datetime
) -> None:
    seed(alice, time_machine)
    got = as_bob.get(f"/api/v1/clients/{alice.pk}/checkins").json()
    assert got["level"] == "summary" and got["today"] == "checked_in"
    assert [set(c) for c in got["checkins"]] == [{"local_date", "checked_in_at"}] * 3
    assert NOTE not in str(got)
    assert AccessLog.objects.filter(
        viewer=bob, what__contains="check-in status", channel="api"
    ).exists()


def test_it_gives_a_detail_supporter_details_without_note_or_use(
    alice: User,
    dana: User,
    dana_membership: Membership,
    time_machine: TimeMachineFixture,
    now: datetime,
) -> None:
    seed(alice, time_machine)
    got = client_for(dana).get(f"/api/v1/clients/{alice.pk}/checkins?start=2026-03-10").json()
    assert got["level"] == "detail"
    (one,) = got["checkins"]
    assert one["mood_label"] == "Very low" and one["coping_used"] == "breathing"
    assert one["triggers"] == ["payday"]
    assert "note" not in one and "used" not in one
    assert NOTE not in str(got)
    assert AccessLog.objects.filter(viewer=dana, what__contains="check-in details").count() == 1


def test_it_hides_a_clients_check_ins_from_others(
    as_charlie: Client, alice: User, time_machine: TimeMachineFixture, now: datetime
) -> None:
    seed(alice, time_machine)
    url = f"/api/v1/clients/{alice.pk}/checkins"
    stranger = as_charlie.get(url)
    assert stranger.status_code == 404 and stranger.json() == {"message": "Not found."}
    erin = make_user("erin@example.org", "Erin")
    Membership.objects.create(
        client=alice,
        supporter=erin,
        relationship=Relationship.PEER,
        scopes=[Scope.SOBRIETY, Scope.CHECKIN_DETAIL],
    )
    # Details without the summary scope are not enough for this route.
    assert client_for(erin).get(url).status_code == 404
    paused = Membership.objects.create(
        client=alice,
        supporter=make_user("fay@example.org", "Fay"),
        relationship=Relationship.FAMILY,
        scopes=[Scope.CHECKIN_SUMMARY],
        status="paused",
    )
    assert client_for(paused.supporter).get(url).status_code == 404
    assert not AccessLog.objects.filter(what__startswith="check-in").exists()


def test_it_shows_the_client_what_supporters_see(
    as_alice: Client, alice: User, time_machine: TimeMachineFixture, now: datetime
) -> None:
    seed(alice, time_machine)
    got = as_alice.get(f"/api/v1/clients/{alice.pk}/checkins").json()
    assert got["level"] == "detail" and "note" not in got["checkins"][0]
    assert not AccessLog.objects.filter(client=alice).exists()


def test_it_answers_a_range_at_the_start_of_the_calendar_without_an_error(alice: User) -> None:
    from tests.conftest import client_for

    response = client_for(alice).get("/api/v1/checkins?end=0001-01-05")
    assert response.status_code == 200
    assert response.json() == []
