"""Questionnaires in the JSON API: definitions, answering with 422 on missing or wrong
answers, my responses, a client's shared scores (measures scope only), and schedules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from accounts.services import create_api_token
from audit.models import AccessLog
from circle.models import Membership
from measures import services
from measures.models import MeasureResponse, MeasureSchedule
from tests.conftest import client_for

UTC = ZoneInfo("UTC")
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
MODERATE = {str(n): v for n, v in enumerate([2, 2, 2, 2, 1, 1, 1, 1, 0], start=1)}


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(NOW, tick=False)
    return NOW


def post(web: Client, code: str, answers: Mapping[str, object]) -> Any:
    return web.post(
        f"/api/v1/measures/{code}/responses", {"answers": answers}, content_type="application/json"
    )


def test_it_lists_the_definitions_without_signing_in(db: None) -> None:
    found = Client().get("/api/v1/measures/definitions")
    assert found.status_code == 200
    codes = [d["code"] for d in found.json()]
    assert codes == ["bam", "mspss", "barc10", "pacs", "phq9", "gad7"]
    bam = found.json()[0]
    assert (bam["item_count"], bam["default_every_days"], bam["default_enabled"]) == (23, 7, True)


def test_it_describes_one_definition_as_data(db: None) -> None:
    phq9 = Client().get("/api/v1/measures/definitions/phq9").json()
    assert len(phq9["items"]) == 9
    assert [o["value"] for o in phq9["items"][8]["options"]] == [0, 1, 2, 3]
    assert phq9["items"][8]["options"][1]["label"] == "Several days"
    assert phq9["crisis_rules"] == [{"item": "9", "at_least": 1}]
    total = phq9["scales"][0]
    assert (total["low"], total["high"], total["method"]) == (0, 27, "sum")
    assert [(b["code"], b["lower"]) for b in total["bands"]] == [
        ("minimal", 0),
        ("mild", 5),
        ("moderate", 10),
        ("moderately_severe", 15),
        ("severe", 20),
    ]
    assert "Kroenke" in phq9["citation"]
    mspss = Client().get("/api/v1/measures/definitions/mspss").json()
    high = mspss["scales"][0]["bands"][-1]
    assert (high["lower"], high["lower_included"]) == (5, False)
    assert Client().get("/api/v1/measures/definitions/cssrs").status_code == 404


def test_it_saves_and_scores_a_response(as_alice: Client, alice: User, now: datetime) -> None:
    sent = post(as_alice, "phq9", MODERATE)
    assert sent.status_code == 201
    body = sent.json()
    assert (body["instrument"], body["total"], body["band"], body["crisis"]) == (
        "phq9",
        12,
        "moderate",
        False,
    )
    assert body["answers"] == MODERATE
    assert body["scores"][0]["band_label"] == "Moderate"
    assert body["crisis_resources"] == []
    assert MeasureResponse.objects.get(client=alice).pk == body["id"]


def test_it_returns_crisis_resources_with_a_crisis_answer(as_alice: Client, now: datetime) -> None:
    body = post(as_alice, "phq9", {**MODERATE, "9": 1}).json()
    assert body["crisis"] is True
    calls = {r["call"] for r in body["crisis_resources"]}
    assert calls == {"tel:988", "tel:18006624357", "tel:911"}


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({k: v for k, v in MODERATE.items() if k != "9"}, "not answered: 9"),
        ({**MODERATE, "2": 4}, "question 2"),
        ({**MODERATE, "2": -1}, "question 2"),
        ({**MODERATE, "2": "two"}, "question 2"),
        ({**MODERATE, "2": True}, "question 2"),
        ({**MODERATE, "2": None}, "not answered: 2"),
        ({**MODERATE, "99": 1}, "Unknown question 99"),
        ({}, "not answered: 1, 2, 3, 4, 5, 6, 7, 8, 9"),
    ],
)
def test_it_refuses_missing_or_wrong_answers_with_422(
    as_alice: Client, alice: User, now: datetime, answers: dict[str, object], words: str
) -> None:
    refused = post(as_alice, "phq9", answers)
    assert refused.status_code == 422
    assert words in refused.json()["message"]
    assert not MeasureResponse.objects.filter(client=alice).exists()


def test_it_refuses_a_body_that_is_not_an_answers_object(as_alice: Client, now: datetime) -> None:
    sent = as_alice.post(
        "/api/v1/measures/phq9/responses", {"answers": [1, 2]}, content_type="application/json"
    )
    assert sent.status_code == 422 and sent.json()["message"]


def test_it_still_returns_crisis_resources_when_a_crisis_answer_is_incomplete(
    as_alice: Client, alice: User, now: datetime
) -> None:
    refused = post(as_alice, "phq9", {"9": 3})
    assert refused.status_code == 422
    assert refused.json()["crisis"] is True
    assert {r["call"] for r in refused.json()["crisis_resources"]} >= {"tel:988"}
    assert not MeasureResponse.objects.filter(client=alice).exists()


def test_it_answers_404_for_an_unknown_questionnaire(as_alice: Client, now: datetime) -> None:
    assert post(as_alice, "cssrs", {"1": 1}).status_code == 404


def test_it_lists_only_my_responses_filtered_by_instrument(
    as_alice: Client, alice: User, charlie: User, time_machine: TimeMachineFixture
) -> None:
    for day, code, answers in (
        (1, "phq9", MODERATE),
        (2, "gad7", {str(n): 0 for n in range(1, 8)}),
    ):
        time_machine.move_to(NOW - timedelta(days=10 - day), tick=False)
        services.save_response(alice, code, answers)
    services.save_response(charlie, "phq9", MODERATE)
    everything = as_alice.get("/api/v1/measures/responses").json()
    assert everything["count"] == 2
    assert [r["instrument"] for r in everything["items"]] == ["gad7", "phq9"]
    only = as_alice.get("/api/v1/measures/responses?instrument=phq9").json()
    assert [r["instrument"] for r in only["items"]] == ["phq9"]
    assert as_alice.get("/api/v1/measures/responses?instrument=nope").status_code == 404


def test_it_shares_scores_not_answers_with_the_measures_scope(
    alice: User, dana: User, dana_membership: Membership, now: datetime
) -> None:
    services.save_response(alice, "phq9", {**MODERATE, "9": 1})
    _, secret = create_api_token(dana, "script")
    found = Client().get(
        f"/api/v1/clients/{alice.pk}/measures/responses", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert found.status_code == 200, found.content
    item = found.json()["items"][0]
    assert (item["instrument"], item["total"], item["band"]) == ("phq9", 13, "moderate")
    assert "answers" not in item and "crisis" not in item
    assert AccessLog.objects.filter(viewer=dana, client=alice, channel="api").exists()


def test_it_hides_a_clients_scores_without_the_measures_scope(
    alice: User, bob: User, bob_membership: Membership, charlie: User, now: datetime
) -> None:
    services.save_response(alice, "phq9", MODERATE)
    url = f"/api/v1/clients/{alice.pk}/measures/responses"
    for person in (bob, charlie):
        refused = client_for(person).get(url)
        assert refused.status_code == 404 and refused.json() == {"message": "Not found."}
    assert Client().get(url).status_code == 401
    assert not AccessLog.objects.filter(client=alice).exists()


def test_it_reads_and_changes_my_schedules(as_alice: Client, alice: User, now: datetime) -> None:
    found = as_alice.get("/api/v1/measures/schedules").json()
    assert [(s["instrument"], s["every_days"], s["enabled"], s["due"]) for s in found] == [
        ("bam", 7, True, True),
        ("mspss", 30, True, True),
        ("barc10", 30, False, False),
        ("pacs", 7, False, False),
        ("phq9", 14, False, False),
        ("gad7", 14, False, False),
    ]
    changed = as_alice.put(
        "/api/v1/measures/schedules",
        {"schedules": [{"instrument": "phq9", "every_days": 7, "enabled": True}]},
        content_type="application/json",
    )
    assert changed.status_code == 200
    phq9 = next(s for s in changed.json() if s["instrument"] == "phq9")
    assert (phq9["every_days"], phq9["enabled"], phq9["due"]) == (7, True, True)
    assert MeasureSchedule.objects.get(client=alice, instrument="phq9").every_days == 7
    assert MeasureSchedule.objects.get(client=alice, instrument="bam").every_days == 7


@pytest.mark.parametrize(
    "schedule",
    [
        {"instrument": "cssrs", "every_days": 7, "enabled": True},
        {"instrument": "phq9", "every_days": 0, "enabled": True},
        {"instrument": "phq9", "every_days": 366, "enabled": True},
    ],
)
def test_it_refuses_a_wrong_schedule_with_422(
    as_alice: Client, alice: User, now: datetime, schedule: dict[str, object]
) -> None:
    as_alice.get("/api/v1/measures/schedules")
    refused = as_alice.put(
        "/api/v1/measures/schedules", {"schedules": [schedule]}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["message"]
    assert MeasureSchedule.objects.get(client=alice, instrument="phq9").every_days == 14
