"""Input the OpenAPI document calls invalid is refused with a 422 naming the field, and
nothing is saved (the cases fuzzing found accepted); answers match the document."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from accounts.services import create_api_token
from alerts.models import ReachOut
from sobriety.models import SobrietyStart
from tests.routes import openapi_document


@pytest.fixture
def script(alice: User) -> Client:
    _, secret = create_api_token(alice, "strict")
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("put", "/api/v1/sobriety/start", {"start_date": 0, "substance": ""}, "start_date"),
        ("put", "/api/v1/sobriety/settings", {"announce_milestones": 0}, "announce_milestones"),
        ("put", "/api/v1/contacts/nudges", {"enabled": 0}, "enabled"),
        (
            "post",
            "/api/v1/sobriety/lapses",
            {"date": "2026-01-01", "tell_circle": 0},
            "tell_circle",
        ),
        ("put", "/api/v1/sobriety/start", {"start_date": "0"}, "start_date"),
        (
            "put",
            "/api/v1/checkins/today",
            {"mood": 3.5, "craving": 1, "stress": 1, "sleep_hours": 7},
            "mood",
        ),
    ],
)
def test_it_refuses_a_body_value_of_the_wrong_type(
    script: Client, method: str, path: str, body: dict[str, object], field: str
) -> None:
    response = getattr(script, method)(path, body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["message"].startswith(f"{field}:")
    assert not SobrietyStart.objects.exists()


@pytest.mark.parametrize("body", ["[null, null]", "[]", "0", '"text"', "null"])
def test_it_refuses_a_body_that_is_not_an_object(script: Client, body: str) -> None:
    for path in ("/api/v1/reach-outs", "/api/v1/inbox/read"):
        response = script.post(path, body, content_type="application/json")
        assert response.status_code == 422, (path, body, response.content)
        assert "object" in response.json()["message"]
    assert not ReachOut.objects.exists()


def test_it_still_says_what_is_wrong_with_an_unknown_field(script: Client) -> None:
    response = script.put(
        "/api/v1/sobriety/settings", {"lapse_plan": []}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["message"] == "lapse_plan: Extra inputs are not permitted"


def test_it_refuses_malformed_json_with_a_400(script: Client) -> None:
    response = script.post("/api/v1/reach-outs", "{", content_type="application/json")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/checkins?end=0",
        "/api/v1/checkins?start=1700000000",
        "/api/v1/signals?open=1",
        "/api/v1/events?past=yes",
        "/api/v1/access-log?limit=5.0",
        "/api/v1/meetings?time_from=18:30Z",
    ],
)
def test_it_refuses_a_query_value_not_written_as_documented(script: Client, query: str) -> None:
    response = script.get(query)
    assert response.status_code == 422, response.content
    assert "write it as" in response.json()["message"]


def test_it_accepts_the_documented_forms(script: Client) -> None:
    assert script.get("/api/v1/checkins?start=2026-01-01&end=2026-01-31").status_code == 200
    assert script.get("/api/v1/signals?open=true").status_code == 200
    saved = script.put(
        "/api/v1/sobriety/start",
        {"start_date": "2026-01-01", "substance": "alcohol"},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert (
        script.put(
            "/api/v1/checkins/schedule",
            {"due_time": "20:30", "grace_minutes": 60},
            content_type="application/json",
        ).status_code
        == 200
    )


def test_it_documents_times_of_day_as_they_are_sent(script: Client) -> None:
    """`format: time` (RFC 3339) needs a zone offset; ours are local wall-clock times."""
    answer = script.get("/api/v1/checkins/schedule").json()
    assert answer["due_time"] == "20:00:00"
    document = openapi_document()
    due_time = document["components"]["schemas"]["CheckInScheduleOut"]["properties"]["due_time"]
    assert "format" not in due_time
    assert due_time["type"] == "string" and due_time["pattern"].startswith("^")
    import re

    assert re.fullmatch(due_time["pattern"].strip("^$"), answer["due_time"])
    assert '"format": "time"' not in str(document).replace("'", '"')
