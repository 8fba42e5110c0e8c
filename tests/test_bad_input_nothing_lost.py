"""Every bad input of the abuse list gets its clear error AND leaves what was stored before
exactly as it was: not only no new row, but no changed value in any table.

The errors themselves are tested where each guard lives (test_request_guard, test_safe_fetch,
test_ratelimits, test_api_strict_input, test_accounts, test_inbox_consent); here each refusal is
followed by a look at every stored value. Run on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from accounts.services import create_api_token
from checkins.models import CheckIn
from circle.models import Invitation, Membership
from meetings import importer
from meetings.models import Meeting, MeetingFeed
from plans.models import PlanVersion
from sobriety.services import today_of
from tests.conftest import client_for
from tests.routes import all_routes, example_body
from tests.test_access_walk import fill, world  # noqa: F401  (the walk's fixture)
from tests.test_conversations_walk import walk_values as conversations
from tests.test_groups_walk import walk_values as groups
from tests.test_request_guard import api_text_inputs
from tests.test_safe_fetch import network  # noqa: F401  (the fake internet)

NOTHING_SAVED = "Nothing was saved"
CHECKIN = {"mood": 3, "craving": 2, "stress": 4, "sleep_hours": "7.5", "note": "steady day"}
# Tables a refused request may touch by design: the session of the person sending it.
NOT_DATA = {"sessions.Session"}


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every stored value of every table, in a stable order: a changed note, a cleared plan
    line or a moved time shows up here, where a count of rows would not see it."""
    return {
        model._meta.label: [
            tuple(map(repr, row)) for row in model._default_manager.order_by("pk").values_list()
        ]
        for model in apps.get_models()
        if model._meta.label not in NOT_DATA
    }


def token_client(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {create_api_token(user, 'bad input')[1]}"})


@pytest.fixture
def saved(alice: User) -> dict[str, Any]:
    """What alice had stored before the bad input: yesterday's and today's check-ins, her plan."""
    yesterday = today_of(alice) - timedelta(days=1)
    script = token_client(alice)
    today = script.put("/api/v1/checkins/today", CHECKIN, content_type="application/json")
    assert today.status_code in {200, 201}, today.content
    CheckIn.objects.create(
        client=alice,
        local_date=yesterday,
        mood=2,
        craving=5,
        stress=3,
        sleep_hours=6,
        note="hard one",
    )
    plan = script.put(
        "/api/v1/plan",
        {"content": {"reasons": ["my daughter", "my health"]}},
        content_type="application/json",
    )
    assert plan.status_code == 201, plan.content
    return {"script": script, "yesterday": yesterday}


def test_it_has_what_alice_stored_before(saved: dict[str, Any], alice: User) -> None:
    assert CheckIn.objects.filter(client=alice).count() == 2
    assert PlanVersion.objects.get(plan__client=alice).content["reasons"]


# --- NUL (and lone surrogates) in text fields -------------------------------------------------


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800"])
def test_it_changes_no_stored_value_for_unstorable_text_in_any_api_input(
    world: dict[str, object],  # noqa: F811
    saved: dict[str, Any],
    alice: User,
    bad: str,
) -> None:
    script = saved["script"]
    before = everything()
    for route, method, name, is_list in api_text_inputs():
        body = example_body(route.pattern, method)
        assert isinstance(body, dict)
        body[name] = [bad] if is_list else bad
        answer = script.generic(
            method, fill(route, world), json.dumps(body), content_type="application/json"
        )
        assert answer.status_code == 422, (route.pattern, method, name)
        assert NOTHING_SAVED in answer.json()["message"]
    assert everything() == before


def test_it_changes_no_stored_value_for_a_nul_in_any_web_form(
    world: dict[str, object],  # noqa: F811
    saved: dict[str, Any],
    alice: User,
) -> None:
    web = client_for(alice)
    before = everything()
    for route in all_routes():
        if route.kind != "web" or ("POST" not in route.methods and route.methods):
            continue
        answer = web.post(fill(route, world), {"note": "x", "title": "a\x00b", "lines": "x"})
        assert answer.status_code == 422, route.pattern
        assert NOTHING_SAVED in answer.content.decode()
    assert everything() == before


# --- a feed's content and address ---------------------------------------------------------------

ROW = {
    "slug": "tuesday-step",
    "name": "Tuesday Step Group",
    "day": 2,
    "time": "19:00",
    "timezone": "UTC",
    "address": "1 Main Street",
    "city": "Springfield",
}


def imported_feed(url: str = "") -> tuple[int, list[tuple[Any, ...]]]:
    """A feed with one meeting already in the directory; its id and its meetings' values."""
    feed = importer.save_feed("Springfield", url=url)
    report = importer.import_feed(feed, json.dumps([ROW]).encode(), "feed.json")
    assert report.ok and report.created == 1
    return feed.pk, list(Meeting.objects.order_by("pk").values_list())


@pytest.mark.parametrize(
    ("field", "bad"),
    [("name", "Step\x00 group"), ("notes", "\ud800"), ("types", ["O\x00"]), ("x\x00", 1)],
)
def test_it_refuses_a_feed_row_with_unstorable_text_and_keeps_the_rest(
    db: None, field: str, bad: object
) -> None:
    """PostgreSQL refused the whole import (a 500 for an uploaded file) where SQLite kept the
    NUL; now the row is refused on both, with its reason in the saved report."""
    feed_id, meetings = imported_feed()
    feed = MeetingFeed.objects.get(pk=feed_id)
    other = {**ROW, "slug": "friday", "name": "Friday Group", "day": 5}
    report = importer.import_feed(
        feed, json.dumps([ROW, {**other, field: bad}]).encode(), "feed.json"
    )
    assert (report.created, report.unchanged, len(report.problems)) == (0, 1, 1)
    assert "cannot be stored" in report.problems[0].reason
    feed.refresh_from_db()
    assert "cannot be stored" in str(feed.last_report)
    assert list(Meeting.objects.order_by("pk").values_list()) == meetings


def test_it_refuses_an_uploaded_feed_file_with_unstorable_text_without_a_server_error(
    charlie: User,
) -> None:
    charlie.is_staff = True
    charlie.save()
    upload = SimpleUploadedFile(
        "feed.json", json.dumps([{**ROW, "name": "Step\x00"}]).encode(), "application/json"
    )
    answer = client_for(charlie).post(
        "/meetings/feeds/", {"name": "Upload", "file": upload, "refresh_hours": 24}
    )
    assert answer.status_code == 302
    assert not Meeting.objects.exists()
    assert "cannot be stored" in str(MeetingFeed.objects.get().last_report)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/to-metadata", "public internet"),
        ("/to-loopback", "public internet"),
        ("/huge-chunked", "larger than"),
        ("/loop", "redirected too many times"),
        ("/to-file", "non-web address"),
    ],
)
def test_it_keeps_a_feeds_meetings_when_a_refresh_is_refused(
    db: None,
    network: dict[str, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    words: str,
) -> None:
    monkeypatch.setattr(importer.fetch, "__defaults__", (10_000, 2))
    feed_id, meetings = imported_feed(url=f"http://feeds.example.org{path}")
    report = importer.refresh(feed_id)
    assert report is not None and words in report.fatal
    assert list(Meeting.objects.order_by("pk").values_list()) == meetings
    assert Meeting.objects.get().gone_at is None


def test_it_keeps_a_feeds_meetings_when_the_server_is_too_slow(
    db: None,
    network: dict[str, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importer.fetch, "__defaults__", (10_000, 0.5))
    feed_id, meetings = imported_feed(url="http://feeds.example.org/trickle")
    report = importer.refresh(feed_id)
    assert report is not None and "took too long" in report.fatal
    assert list(Meeting.objects.order_by("pk").values_list()) == meetings


# --- oversized bodies ----------------------------------------------------------------------------

BIG_TEXT_ROUTES = [
    ("put", "/api/v1/checkins/today", {**CHECKIN, "note": "{big}"}),
    ("put", "/api/v1/plan", {"content": {"reasons": ["{big}"]}}),
    ("post", "/api/v1/reach-outs", {"message": "{big}"}),
    (
        "post",
        "/api/v1/circle/invitations",
        {"email": "f@example.org", "relationship": "friend", "message": "{big}"},
    ),
    ("post", "/api/v1/contacts", {"channel": "call", "name": "Sam", "note": "{big}"}),
]


def with_text(body: dict[str, Any], size: int) -> str:
    return json.dumps(body).replace("{big}", "x" * size)


@pytest.mark.parametrize(("method", "path", "body"), BIG_TEXT_ROUTES)
def test_it_refuses_a_2_mb_json_body_without_losing_anything(
    saved: dict[str, Any], method: str, path: str, body: dict[str, Any]
) -> None:
    """Under the body limit (2.5 MB) but far over any field's: a 422 naming the field, in a
    message of a few words (it once quoted the 2 MB back)."""
    before = everything()
    answer = getattr(saved["script"], method)(
        path, with_text(body, 2 * 1024 * 1024), content_type="application/json"
    )
    assert answer.status_code == 422, (path, answer.status_code)
    message = answer.json()["message"]
    assert "is longer than" in message and len(message) < 200, message[:300]
    assert len(answer.content) < 1000
    assert everything() == before


@pytest.mark.parametrize(("method", "path", "body"), BIG_TEXT_ROUTES)
def test_it_answers_413_json_over_the_body_limit_without_losing_anything(
    saved: dict[str, Any], alice: User, method: str, path: str, body: dict[str, Any]
) -> None:
    scripts = (saved["script"], client_for(alice))
    before = everything()
    for script in scripts:
        answer = getattr(script, method)(
            path, with_text(body, 3 * 1024 * 1024), content_type="application/json"
        )
        assert answer.status_code == 413, (path, answer.status_code)
        assert "too large" in answer.json()["message"]
    assert everything() == before


def test_it_answers_413_to_a_form_with_a_10_mb_field_without_losing_anything(
    saved: dict[str, Any], alice: User
) -> None:
    web = client_for(alice)
    before = everything()
    for url, data in [
        ("/checkin/", {**CHECKIN, "note": "x" * 10 * 1024 * 1024}),
        ("/plan/edit/reasons/", {"lines": "x" * 10 * 1024 * 1024}),
    ]:
        answer = web.post(url, data)
        assert answer.status_code == 413, url
        assert "too large" in answer.content.decode()
    assert everything() == before


# --- invalid values the schema refuses -----------------------------------------------------------

INVALID = [
    ("put", "/api/v1/sobriety/start", {"start_date": 0, "substance": ""}),
    ("put", "/api/v1/sobriety/start", {"start_date": "0"}),
    ("put", "/api/v1/sobriety/settings", {"announce_milestones": 0}),
    ("put", "/api/v1/contacts/nudges", {"enabled": 0}),
    ("post", "/api/v1/sobriety/lapses", {"date": "2026-01-01", "tell_circle": 0}),
    ("put", "/api/v1/checkins/today", {**CHECKIN, "mood": 3.5}),
    ("put", "/api/v1/checkins/schedule", {"due_time": "25:00", "grace_minutes": 60}),
    ("put", "/api/v1/checkins/schedule", {"due_time": 0, "grace_minutes": 60}),
    ("put", "/api/v1/plan", [None, None]),
    ("post", "/api/v1/reach-outs", [None, None]),
    ("put", "/api/v1/checkins/today", [None, None]),
]


def test_it_keeps_every_stored_value_when_invalid_input_is_refused(
    saved: dict[str, Any],
) -> None:
    script = saved["script"]
    for method, path, body in [
        ("put", "/api/v1/sobriety/start", {"start_date": "2026-01-01", "substance": "alcohol"}),
        ("put", "/api/v1/sobriety/settings", {"announce_milestones": True}),
        ("put", "/api/v1/contacts/nudges", {"enabled": True}),
        ("put", "/api/v1/checkins/schedule", {"due_time": "20:30", "grace_minutes": 60}),
    ]:
        stored = getattr(script, method)(path, body, content_type="application/json")
        assert stored.status_code in {200, 201}, (path, stored.content)
    before = everything()
    for method, path, body in INVALID:
        answer = getattr(script, method)(path, body, content_type="application/json")
        assert answer.status_code == 422, (path, body, answer.content)
        assert answer.json()["message"], (path, body)
    assert everything() == before
    assert script.get("/api/v1/checkins/schedule").json()["due_time"] == "20:30:00"


# --- rate limits -------------------------------------------------------------------------------


def test_it_keeps_the_invitations_already_sent_when_the_limit_refuses_more(
    alice: User, settings: Settings
) -> None:
    settings.RATE_LIMITS = {key: {"account": (2, 3600)} for key in settings.RATE_LIMITS}
    script = token_client(alice)

    def invite(n: int) -> Any:
        return script.post(
            "/api/v1/circle/invitations",
            {"email": f"friend{n}@example.org", "relationship": "friend", "message": "hi"},
            content_type="application/json",
        )

    assert [invite(n).status_code for n in range(2)] == [201, 201]
    web = client_for(alice)
    before = everything()
    sent = len(mail.outbox)
    refused = [
        invite(2),
        web.post("/circle/invite/", {"email": "f3@example.org", "relationship": "friend"}),
    ]
    assert [r.status_code for r in refused] == [429, 429]
    assert all(r["Retry-After"] for r in refused)
    assert "Too many attempts" in refused[0].json()["message"]
    # Only the attempts counted change: that is what the limit is made of.
    after = everything()
    assert after.pop("ratelimits.Counter") != before.pop("ratelimits.Counter")
    assert after == before
    assert len(mail.outbox) == sent
    assert Invitation.objects.filter(status=Invitation.Status.PENDING).count() == 2


# --- NUL in each kind of form, after the same form was saved once --------------------------------


def kinds(values: dict[str, Any], alice: User) -> list[tuple[str, dict[str, Any], str]]:
    """Each kind of thing a person writes: its form, data it accepts, and one text field."""
    soon = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%d")
    return [
        ("/checkin/", {**CHECKIN, "note": "written on the web"}, "note"),
        ("/plan/edit/reasons/", {"lines": "my daughter\nmy health"}, "lines"),
        ("/contacts/", {"person": "other", "name": "Sam", "channel": "call", "note": "ok"}, "note"),
        (
            "/help/new/",
            {
                "kind": "ride",
                "title": "Ride to the clinic",
                "date": soon,
                "start_time": "09:00",
                "end_time": "10:00",
                "place": "Main St",
                "notes": "thanks",
                "repeat": "0",
            },
            "notes",
        ),
        (
            f"/events/new/{alice.pk}/",
            {"title": "Walk", "starts_at": f"{soon}T10:00", "invite": "all", "notes": "x"},
            "notes",
        ),
        (f"/messages/{values['thread_id']}/send/", {"text": "hello"}, "text"),
        (f"/groups/{values['group_id']}/post/", {"text": "Day four"}, "text"),
        ("/craving/", {"craving_start": "6"}, "craving_start"),
    ]


def test_it_refuses_a_nul_in_each_kind_of_form_and_keeps_what_that_form_saved(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    values = {**conversations(alice, bob), **groups(alice, bob)}
    web = client_for(alice)
    for url, data, field in kinds(values, alice):
        empty = everything()
        accepted = web.post(url, data)
        assert accepted.status_code in {200, 302}, (url, accepted.status_code)
        assert everything() != empty, f"{url} saved nothing: the data is not what it accepts"
        before = everything()
        refused = web.post(url, {**data, field: f"{data[field]}\x00"})
        assert refused.status_code == 422, url
        assert NOTHING_SAVED in refused.content.decode()
        assert everything() == before, url
