"""The toolkit in the JSON API: strategies, adoption, sharing, craving-tool sessions and the
family lessons, with strict request bodies and OpenAPI schemas."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from django.test import Client

from accounts.models import User
from accounts.services import create_api_token
from alerts.models import Alert
from circle.models import Membership
from plans.services import content_of, save_plan
from tests.routes import openapi_document
from toolkit.api import OutcomeIn
from toolkit.models import CravingSession, Outcome, Strategy


def api(user: User) -> Client:
    _, secret = create_api_token(user, "test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def send(web: Client, method: str, url: str, body: Any) -> Any:
    return web.generic(method, url, json.dumps(body), content_type="application/json")


@pytest.fixture
def planned(alice: User, bob_membership: Membership) -> User:
    save_plan(
        alice,
        alice,
        {
            "reasons": ["Lily"],
            "triggers": [{"id": "t1", "label": "Payday", "kind": "time"}],
            "people": [bob_membership.pk],
        },
    )
    return alice


def test_it_lists_the_library_by_kind(planned: User) -> None:
    web = api(planned)
    everything = web.get("/api/v1/toolkit/strategies").json()
    dates = web.get("/api/v1/toolkit/strategies?kind=date").json()
    assert len(dates) < len(everything)
    assert all("date" in s["trigger_kinds"] for s in dates)
    surfing = next(s for s in everything if s["title"] == "Urge surfing")
    assert surfing["origin"] == "library" and "Marlatt" in surfing["source"]
    assert surfing["in_my_plan"] is False and surfing["coping_id"] is None
    assert web.get("/api/v1/toolkit/strategies?kind=weather").status_code == 422


def test_it_adopts_through_the_api(planned: User) -> None:
    web = api(planned)
    surfing = Strategy.objects.get(key="urge-surfing")
    url = f"/api/v1/toolkit/strategies/{surfing.pk}/adopt"
    response = send(web, "POST", url, {"trigger_ids": ["t1"], "label": "Surf"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["plan_version"] == 2 and body["crisis"] is None
    assert content_of(planned).coping[-1].label == "Surf"
    again = send(web, "POST", url, {})
    assert again.status_code == 409 and "already in your plan" in again.json()["message"]
    unknown = send(web, "POST", f"/api/v1/toolkit/strategies/{surfing.pk + 500}/adopt", {})
    assert unknown.status_code == 404
    got = web.get(f"/api/v1/toolkit/strategies/{surfing.pk}").json()
    assert got["in_my_plan"] is True and got["coping_id"] == body["coping_id"]


@pytest.mark.parametrize(
    "body",
    [
        {"trigger_ids": "t1"},
        {"trigger_ids": ["T 1"]},
        {"label": 5},
        {"label": "x" * 301},
        {"colour": "blue"},
    ],
)
def test_it_refuses_a_loose_adoption_body(planned: User, body: dict[str, Any]) -> None:
    surfing = Strategy.objects.get(key="urge-surfing")
    response = send(api(planned), "POST", f"/api/v1/toolkit/strategies/{surfing.pk}/adopt", body)
    assert response.status_code == 422 and response.json()["message"]
    assert len(content_of(planned).coping) == 0


def test_it_shares_and_withdraws_through_the_api(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    web = api(bob)
    url = f"/api/v1/clients/{alice.pk}/strategies"
    body = {"title": "Walk", "how_to": "Round the block", "trigger_kinds": ["place"]}
    response = send(web, "POST", url, body)
    assert response.status_code == 201, response.content
    shared = response.json()["strategy"]
    assert shared["shared_by"] == "Bob Brown" and shared["origin"] == "shared"
    assert [s["title"] for s in web.get(url).json()] == ["Walk"]
    assert any(s["title"] == "Walk" for s in api(alice).get("/api/v1/toolkit/strategies").json())
    empty = send(web, "POST", url, {**body, "trigger_kinds": []})
    assert empty.status_code == 400 and empty.json()["field"] == "trigger_kinds"
    gone = web.delete(f"/api/v1/toolkit/strategies/{shared['id']}")
    assert gone.status_code == 204
    assert web.delete(f"/api/v1/toolkit/strategies/{shared['id']}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Walk", "how_to": "x", "trigger_kinds": ["weather"]},
        {"title": 1, "how_to": "x", "trigger_kinds": ["place"]},
        {"title": "Walk", "trigger_kinds": ["place"]},
        {"title": "Walk", "how_to": "x", "trigger_kinds": ["place"], "extra": 1},
    ],
)
def test_it_refuses_a_loose_share_body(
    alice: User, bob: User, bob_membership: Membership, body: dict[str, Any]
) -> None:
    response = send(api(bob), "POST", f"/api/v1/clients/{alice.pk}/strategies", body)
    assert response.status_code == 422
    assert not Strategy.objects.filter(origin="shared").exists()


def test_it_hides_sharing_from_a_stranger(alice: User, charlie: User) -> None:
    body = {"title": "Walk", "how_to": "x", "trigger_kinds": ["place"]}
    response = send(api(charlie), "POST", f"/api/v1/clients/{alice.pk}/strategies", body)
    assert response.status_code == 404
    assert api(charlie).get(f"/api/v1/clients/{alice.pk}/strategies").status_code == 404


def test_it_runs_a_craving_session_through_the_api(
    planned: User, bob: User, bob_membership: Membership
) -> None:
    web = api(planned)
    started = send(
        web, "POST", "/api/v1/craving-sessions", {"craving_start": 8, "trigger_id": "t1"}
    )
    assert started.status_code == 201, started.content
    session = started.json()
    assert session["trigger_label"] == "Payday" and session["ended_at"] is None
    base = f"/api/v1/craving-sessions/{session['id']}"
    box = web.get(f"{base}/toolbox").json()
    assert box["reasons"] == ["Lily"] and box["surf_minutes"] == 20
    assert box["people"][0]["membership_id"] == bob_membership.pk
    assert {"name": "988 Suicide & Crisis Lifeline", "tel_link": "tel:988"}.items() <= (
        box["phones"][-2].items()
    )
    message = {"membership_id": bob_membership.pk}
    assert send(web, "POST", f"{base}/messages", message).json() == {"sent": True}
    assert send(web, "POST", f"{base}/messages", message).json() == {"sent": False}
    assert Alert.objects.filter(kind="reach_out").count() == 1
    done = send(web, "POST", f"{base}/finish", {"craving_end": 3, "outcome": "eased"})
    assert done.status_code == 200, done.content
    assert done.json()["session"]["craving_end"] == 3 and done.json()["crisis"] is None
    again = send(web, "POST", f"{base}/finish", {"craving_end": 3, "outcome": "eased"})
    assert again.status_code == 409
    listed = web.get("/api/v1/craving-sessions").json()
    assert listed["count"] == 1 and listed["items"][0]["outcome"] == "eased"


@pytest.mark.parametrize(
    "body",
    [
        {"craving_start": "8"},
        {"craving_start": 8.0},
        {"craving_start": 11},
        {"craving_start": True},
        {"craving_start": 5, "trigger_id": 1},
        {"craving_start": 5, "mood": 2},
    ],
)
def test_it_refuses_a_loose_craving_body(planned: User, body: dict[str, Any]) -> None:
    response = send(api(planned), "POST", "/api/v1/craving-sessions", body)
    assert response.status_code == 422, response.content
    assert not CravingSession.objects.exists()


def test_it_answers_an_unknown_trigger_with_422(planned: User) -> None:
    body = {"craving_start": 5, "trigger_id": "t9"}
    response = send(api(planned), "POST", "/api/v1/craving-sessions", body)
    assert response.status_code == 422 and "t9" in response.json()["message"]


def test_it_shows_crisis_resources_for_a_crisis_note(planned: User) -> None:
    web = api(planned)
    session = send(web, "POST", "/api/v1/craving-sessions", {"craving_start": 9}).json()
    body = {"craving_end": 9, "outcome": "strong", "note": "I want to die"}
    done = send(web, "POST", f"/api/v1/craving-sessions/{session['id']}/finish", body).json()
    assert done["crisis"]["crisis"] is True and done["crisis"]["resources"]


def test_it_keeps_craving_sessions_private(planned: User, bob: User) -> None:
    session = send(api(planned), "POST", "/api/v1/craving-sessions", {"craving_start": 9}).json()
    web = api(bob)
    assert web.get(f"/api/v1/craving-sessions/{session['id']}").status_code == 404
    assert web.get(f"/api/v1/craving-sessions/{session['id']}/toolbox").status_code == 404
    assert web.get("/api/v1/craving-sessions").json()["count"] == 0


def test_it_lists_the_family_lessons_with_sources(alice: User) -> None:
    lessons = api(alice).get("/api/v1/guidance/lessons").json()
    assert len(lessons) == 6
    assert all(lesson["sources"] for lesson in lessons)
    assert any("al-anon.org" in link["url"] for lesson in lessons for link in lesson["links"])


def test_it_documents_the_toolkit_in_openapi(db: None) -> None:
    document = openapi_document()
    paths = document["paths"]
    for path in (
        "/api/v1/toolkit/strategies",
        "/api/v1/toolkit/strategies/{strategy_id}/adopt",
        "/api/v1/clients/{client_id}/strategies",
        "/api/v1/craving-sessions",
        "/api/v1/craving-sessions/{session_id}/finish",
        "/api/v1/craving-sessions/{session_id}/toolbox",
        "/api/v1/guidance/lessons",
    ):
        assert path in paths, path
    schemas = document["components"]["schemas"]
    for name in ("CravingStartIn", "CravingFinishIn", "ShareIn", "AdoptIn", "CravingMessageIn"):
        assert schemas[name]["additionalProperties"] is False, name
    start = schemas["CravingStartIn"]["properties"]["craving_start"]
    assert (start["type"], start["minimum"], start["maximum"]) == ("integer", 0, 10)


def test_it_takes_exactly_the_outcomes_the_model_knows() -> None:
    assert set(get_args(OutcomeIn)) == set(Outcome.values)
