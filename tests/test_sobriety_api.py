"""Sobriety in the JSON API: status, start date, settings, lapses, and the supporter view."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert
from audit.models import AccessLog
from circle.models import Membership, Relationship, Scope
from plans.services import save_plan
from sobriety import lapses, services
from sobriety.models import Lapse
from tests.conftest import client_for, make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

UTC = ZoneInfo("UTC")


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    moment = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    time_machine.move_to(moment, tick=False)
    return moment


def put(web: Client, url: str, payload: Mapping[str, object]) -> _MonkeyPatchedWSGIResponse:
    return web.put(url, payload, content_type="application/json")


def post(web: Client, url: str, payload: Mapping[str, object]) -> _MonkeyPatchedWSGIResponse:
    return web.post(url, payload, content_type="application/json")


def test_it_sets_a_start_date_and_reports_the_count(as_alice: Client, now: datetime) -> None:
    empty = as_alice.get("/api/v1/sobriety").json()
    assert empty == {
        "today": "2026-03-10",
        "announce_milestones": False,
        "lapse_plan_steps": [],
        "counts": [],
    }
    sent = put(as_alice, "/api/v1/sobriety/start", {"start_date": "2026-02-08"})
    assert sent.status_code == 200, sent.content
    count = sent.json()
    assert count["current_streak"] == 30 and count["total_sober_days"] == 30
    assert [m["days"] for m in count["milestones_reached"]] == [1, 7, 14, 30]
    assert count["next_milestone"] == {"days": 60, "label": "60 days", "reached_on": "2026-04-09"}
    status = as_alice.get("/api/v1/sobriety").json()
    assert [c["id"] for c in status["counts"]] == [count["id"]]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"start_date": "2026-03-11"}, 400),
        ({"start_date": "soon"}, 422),
        ({"start_date": "2026-03-01", "substance": "x" * 61}, 422),
        ({}, 422),
    ],
)
def test_it_refuses_a_bad_start_date(
    as_alice: Client, payload: dict[str, object], status: int, now: datetime
) -> None:
    sent = put(as_alice, "/api/v1/sobriety/start", payload)
    assert sent.status_code == status
    assert sent.json()["message"]


def test_it_saves_settings(as_alice: Client, alice: User, now: datetime) -> None:
    sent = put(as_alice, "/api/v1/sobriety/settings", {"announce_milestones": True})
    assert sent.status_code == 200
    assert sent.json()["announce_milestones"] is True
    assert services.settings_of(alice).announce_milestones


def test_it_reads_the_lapse_plan_from_the_plan(
    as_alice: Client, alice: User, now: datetime
) -> None:
    save_plan(alice, alice, {"lapse_plan": ["Call Sam", "Go to a meeting today"]})
    found = as_alice.get("/api/v1/sobriety").json()
    assert found["lapse_plan_steps"] == ["Call Sam", "Go to a meeting today"]
    assert "lapse_plan" not in found


def test_it_refuses_a_lapse_plan_in_the_settings(
    as_alice: Client, alice: User, now: datetime
) -> None:
    sent = put(
        as_alice,
        "/api/v1/sobriety/settings",
        {"announce_milestones": True, "lapse_plan": "Call Sam."},
    )
    assert sent.status_code == 422
    assert sent.json()["message"] == "lapse_plan: Extra inputs are not permitted"
    assert not services.settings_of(alice).announce_milestones


def test_it_writes_down_and_lists_lapses(
    as_alice: Client, alice: User, bob: User, bob_membership: Membership, now: datetime
) -> None:
    put(as_alice, "/api/v1/sobriety/start", {"start_date": "2026-01-01"})
    sent = post(
        as_alice,
        "/api/v1/sobriety/lapses",
        {"date": "2026-03-01", "what_happened": "a party", "tell_circle": True},
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["told_circle"] is True
    (alert,) = Alert.objects.filter(kind=Alert.Kind.LAPSE)
    assert {n.recipient for n in alert.notifications.all()} == {bob}
    listed = as_alice.get("/api/v1/sobriety/lapses").json()
    assert [(x["date"], x["what_happened"]) for x in listed] == [("2026-03-01", "a party")]
    (count,) = as_alice.get("/api/v1/sobriety").json()["counts"]
    assert count["current_streak"] == 8 and count["total_sober_days"] == 67
    assert count["longest_streak"] == 59 and count["lapse_count"] == 1


def test_it_refuses_bad_lapses_with_a_message(as_alice: Client, alice: User, now: datetime) -> None:
    put(as_alice, "/api/v1/sobriety/start", {"start_date": "2026-03-01"})
    cases = [
        ({"date": "2026-02-01"}, 400),
        ({"date": "2026-03-11"}, 400),
        ({"date": "whenever"}, 422),
        ({"date": "2026-03-05", "what_happened": "x" * 4001}, 422),
        ({}, 422),
    ]
    for payload, status in cases:
        sent = post(as_alice, "/api/v1/sobriety/lapses", payload)
        assert sent.status_code == status, (payload, sent.content)
        assert sent.json()["message"]
    assert not Lapse.objects.exists()


def test_it_asks_which_count_when_there_are_several(
    as_alice: Client, alice: User, charlie: User, now: datetime
) -> None:
    put(as_alice, "/api/v1/sobriety/start", {"start_date": "2026-03-01", "substance": "alcohol"})
    other = put(
        as_alice, "/api/v1/sobriety/start", {"start_date": "2026-03-01", "substance": "cannabis"}
    ).json()
    unclear = post(as_alice, "/api/v1/sobriety/lapses", {"date": "2026-03-05"})
    assert unclear.status_code == 400 and unclear.json()["message"].startswith("start_id")
    chosen = post(
        as_alice, "/api/v1/sobriety/lapses", {"date": "2026-03-05", "start_id": other["id"]}
    )
    assert chosen.status_code == 201 and chosen.json()["substance"] == "cannabis"
    theirs = services.set_start(charlie, datetime(2026, 3, 1).date())
    foreign = post(
        as_alice, "/api/v1/sobriety/lapses", {"date": "2026-03-05", "start_id": theirs.pk}
    )
    assert foreign.status_code == 404


def test_it_shows_a_supporter_the_streak_only(
    as_bob: Client, alice: User, bob: User, now: datetime
) -> None:
    count = services.set_start(alice, datetime(2026, 1, 1).date())
    lapses.record_lapse(alice, datetime(2026, 3, 1).date(), "a party", "leave early", start=count)
    sent = as_bob.get(f"/api/v1/clients/{alice.pk}/sobriety")
    assert sent.status_code == 200
    got = sent.json()
    (shared,) = got["counts"]
    assert shared["current_streak"] == 8
    assert shared["latest_milestone"]["days"] == 7
    assert set(shared) == {
        "substance",
        "current_start",
        "current_streak",
        "latest_milestone",
        "next_milestone",
    }
    assert "a party" not in sent.content.decode()
    assert AccessLog.objects.filter(
        viewer=bob, what__contains="sobriety count", channel="api"
    ).exists()


def test_it_hides_the_sobriety_count_without_the_scope(
    as_charlie: Client, alice: User, now: datetime
) -> None:
    services.set_start(alice, datetime(2026, 1, 1).date())
    url = f"/api/v1/clients/{alice.pk}/sobriety"
    assert as_charlie.get(url).status_code == 404
    fay = make_user("fay@example.org", "Fay")
    Membership.objects.create(
        client=alice,
        supporter=fay,
        relationship=Relationship.FAMILY,
        scopes=[Scope.CHECKIN_SUMMARY, Scope.CHECKIN_DETAIL],
    )
    hidden = client_for(fay).get(url)
    assert hidden.status_code == 404 and hidden.json() == {"message": "Not found."}
    assert Client().get(url).status_code == 401
    assert not AccessLog.objects.filter(what__contains="sobriety count").exists()
