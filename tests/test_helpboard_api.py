"""Help board API: needs for me and for a client, per-occurrence actions, history, errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from time_machine import Traveller

from accounts.models import User
from circle.models import Membership, Scope
from helpboard.models import HelpNeed
from tests.conftest import client_for

NY = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=NY)
RIDE = {
    "kind": "ride",
    "title": "to therapy",
    "place": "Riverside Clinic",
    "starts_at": "2026-03-03T18:00:00",
    "ends_at": "2026-03-03T19:00:00",
    "repeat": {"weekdays": ["TU"]},
}


@pytest.fixture(autouse=True)
def clock() -> Iterator[Traveller]:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def circle(alice: User, bob_membership: Membership) -> User:
    bob_membership.scopes = [*bob_membership.scopes, Scope.HELP]
    bob_membership.save()
    return alice


def test_it_posts_and_lists_my_needs(circle: User, as_alice: Client) -> None:
    made = as_alice.post("/api/v1/help-needs", RIDE, content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert body["summary"] == "A ride: to therapy"
    assert body["rrule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert body["repeats"] == "Every Tuesday"
    assert body["zone"] == "America/New_York"
    assert body["starts_at"] == "2026-03-03T23:00:00Z"  # naive input = the client's wall clock
    assert [o["occurrence"] for o in body["upcoming"][:2]] == [
        "20260303T230000Z",
        "20260310T220000Z",
    ]
    listed = as_alice.get("/api/v1/help-needs").json()
    assert [n["id"] for n in listed] == [body["id"]]


def test_it_takes_an_aware_start_as_an_instant(circle: User, as_alice: Client) -> None:
    aware = {**RIDE, "starts_at": "2026-03-03T23:00:00Z", "ends_at": "2026-03-04T00:00:00Z"}
    body = as_alice.post("/api/v1/help-needs", aware, content_type="application/json").json()
    assert body["starts_at"] == "2026-03-03T23:00:00Z"
    assert HelpNeed.objects.get().starts_at == datetime(2026, 3, 3, 18, 0, tzinfo=NY)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_at": "2026-03-03T17:00:00"}, "ends_at: The end must be after the start."),
        (
            {"starts_at": "2026-03-01T18:00:00", "ends_at": "2026-03-01T19:00:00"},
            "starts_at: Pick a time that is still ahead.",
        ),
        ({"repeat": {"weekdays": ["XX"]}}, "repeat.weekdays: use MO, TU, WE, TH, FR, SA or SU."),
        (
            {"repeat": {"until": "2026-04-01", "count": 3}},
            "until: Choose an end date or a number of times, not both.",
        ),
    ],
)
def test_it_answers_422_with_a_message_to_bad_input(
    circle: User, as_alice: Client, change: dict[str, object], message: str
) -> None:
    response = as_alice.post(
        "/api/v1/help-needs", {**RIDE, **change}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["message"] == message
    assert not HelpNeed.objects.exists()


def test_it_answers_422_to_an_unknown_kind(circle: User, as_alice: Client) -> None:
    response = as_alice.post(
        "/api/v1/help-needs", {**RIDE, "kind": "limo"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["message"].startswith("kind:")


def test_it_lets_a_supporter_with_help_post_and_list_for_the_client(
    circle: User, bob: User, dana: User
) -> None:
    url = f"/api/v1/clients/{circle.pk}/help-needs"
    made = client_for(bob).post(url, RIDE, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["posted_by"]["display_name"] == "Bob Brown"
    assert made.json()["client"]["id"] == circle.pk
    assert [n["id"] for n in client_for(bob).get(url).json()] == [made.json()["id"]]
    assert client_for(dana).get(url).status_code == 404
    assert client_for(dana).post(url, RIDE, content_type="application/json").status_code == 404


def test_it_runs_the_whole_life_of_an_occurrence(
    circle: User, bob: User, as_alice: Client, clock: Traveller
) -> None:
    need = as_alice.post("/api/v1/help-needs", RIDE, content_type="application/json").json()
    base = f"/api/v1/help-needs/{need['id']}/occurrences/20260303T230000Z"
    helper = client_for(bob)
    claimed = helper.post(f"{base}/claim")
    assert claimed.status_code == 200 and claimed.json()["claimed_by"]["id"] == bob.pk
    assert helper.post(f"{base}/unclaim").json()["claimed_by"] is None
    assert helper.post(f"{base}/unclaim").status_code == 409
    helper.post(f"{base}/claim")
    clock.move_to(datetime(2026, 3, 3, 19, 5, tzinfo=NY))
    assert helper.post(f"{base}/done").json()["done_at"] == "2026-03-04T00:05:00Z"
    assert helper.post(f"{base}/thank", {}, content_type="application/json").status_code == 403
    thanked = as_alice.post(
        f"{base}/thank", {"message": "Thank you so much"}, content_type="application/json"
    )
    assert thanked.status_code == 200 and thanked.json()["thanks"] == "Thank you so much"
    history = as_alice.get("/api/v1/help-history").json()
    assert history["helpers"] == [
        {"person": {"id": bob.pk, "display_name": "Bob Brown"}, "times": 1}
    ]
    assert [o["occurrence"] for o in history["occurrences"]] == ["20260303T230000Z"]
    theirs = helper.get(f"/api/v1/clients/{circle.pk}/help-history").json()
    assert theirs["helpers"] == history["helpers"]


def test_it_answers_404_to_an_occurrence_that_is_not_one(
    circle: User, bob: User, as_alice: Client
) -> None:
    need = as_alice.post("/api/v1/help-needs", RIDE, content_type="application/json").json()
    for occurrence in ("20260304T230000Z", "tomorrow"):
        url = f"/api/v1/help-needs/{need['id']}/occurrences/{occurrence}/claim"
        response = client_for(bob).post(url)
        assert response.status_code == 404 and response.json() == {"message": "Not found."}


def test_it_cancels_over_the_api(circle: User, bob: User, as_alice: Client) -> None:
    need = as_alice.post("/api/v1/help-needs", RIDE, content_type="application/json").json()
    url = f"/api/v1/help-needs/{need['id']}"
    assert client_for(bob).delete(url).status_code == 403
    assert as_alice.delete(url).status_code == 204
    assert as_alice.delete(url).status_code == 409
    assert as_alice.get(url).json()["cancelled_at"] is not None
    assert as_alice.get("/api/v1/help-needs").json() == []
