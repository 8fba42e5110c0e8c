"""Inputs found by fuzzing the API: every one must be a clear 4xx in JSON, never a 500."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest

from accounts.models import User
from tests.conftest import client_for

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/supporting/{HUGE}",
        f"/api/v1/clients/{HUGE}/checkins",
        f"/api/v1/clients/{HUGE}/plan",
        f"/api/v1/clients/{HUGE}/help-history",
    ],
)
def test_it_answers_404_for_an_id_too_large_to_exist(alice: User, path: str) -> None:
    response = client_for(alice).get(path)
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_it_answers_404_for_a_huge_id_in_a_web_address(alice: User) -> None:
    assert client_for(alice).get(f"/supporting/{HUGE}/").status_code == 404


def test_it_refuses_huge_ids_in_a_body(alice: User) -> None:
    response = client_for(alice).post(
        "/api/v1/inbox/read", {"ids": [int(HUGE)]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "message" in response.json()


@pytest.mark.parametrize("query", [f"limit={HUGE}", f"offset={HUGE}", "limit=0"])
def test_it_bounds_pagination(alice: User, query: str) -> None:
    response = client_for(alice).get(f"/api/v1/access-log?{query}")
    assert response.status_code == 422
    assert "message" in response.json()


def test_it_refuses_a_meeting_time_with_a_time_zone(alice: User) -> None:
    response = client_for(alice).get("/api/v1/meetings?time_to=00:00:00Z")
    assert response.status_code == 422
    assert "without a time zone" in response.json()["message"]


def test_it_answers_json_at_the_api_root(alice: User) -> None:
    for path in ("/api/v1/", "/api/v1"):
        response = client_for(alice).get(path)
        assert response.status_code == 404
        assert response.json() == {"message": "Not found."}


def test_it_answers_an_unexpected_error_in_json(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checkins import services

    def broken(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "todays_checkin", broken)
    client = client_for(alice)
    client.raise_request_exception = False
    response = client.get("/api/v1/checkins/today")
    assert response.status_code == 500
    assert response.json()["message"].startswith("Something went wrong on our side")


def test_it_names_every_response_schema_once(db: None) -> None:
    from recoverycircle.api import api

    document = api.get_openapi_schema()
    plan = document["paths"]["/api/v1/plan"]["get"]["responses"][200]
    schedule = document["paths"]["/api/v1/checkins/schedule"]["get"]["responses"][200]
    plan_schema = plan["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    schedule_schema = schedule["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    components = document["components"]["schemas"]
    assert (
        "versions" in components[plan_schema]["properties"]
        or "content" in components[plan_schema]["properties"]
    )
    assert "due_time" in components[schedule_schema]["properties"]
