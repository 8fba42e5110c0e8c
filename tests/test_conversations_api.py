"""Conversations in the JSON API."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import User
from circle.models import Membership
from conversations import services
from conversations.models import Thread
from tests.conftest import client_for


@pytest.fixture
def thread(alice: User, bob: User, bob_membership: Membership) -> Thread:
    return services.direct_thread(alice, bob)


def send_json(web: Client, method: str, url: str, body: object) -> tuple[int, dict[str, Any]]:
    response = web.generic(method, url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_it_lists_my_conversations_with_unread_counts(
    alice: User, bob: User, thread: Thread
) -> None:
    services.send(alice, thread, "Hello")
    found = client_for(bob).get("/api/v1/conversations").json()
    assert found == [
        {
            "id": thread.pk,
            "kind": "direct",
            "title": "Alice Anders",
            "client": {"id": alice.pk, "display_name": "Alice Anders"},
            "unread": 1,
            "can_write": True,
            "last_message_at": found[0]["last_message_at"],
        }
    ]


def test_it_reads_new_messages_and_marks_them_read(alice: User, bob: User, thread: Thread) -> None:
    first = services.send(alice, thread, "One").message
    services.send(alice, thread, "Two")
    web = client_for(bob)
    rows = web.get(f"/api/v1/conversations/{thread.pk}/messages", {"after": first.pk}).json()
    assert [m["text"] for m in rows] == ["Two"]
    assert rows[0]["author"]["display_name"] == "Alice Anders" and rows[0]["editable"] is False
    assert services.unread_total(bob) == 0
    assert web.get(f"/api/v1/conversations/{thread.pk}/messages", {"after": -1}).status_code == 422


def test_it_sends_and_answers_crisis_resources(alice: User, thread: Thread) -> None:
    status, body = send_json(
        client_for(alice),
        "POST",
        f"/api/v1/conversations/{thread.pk}/messages",
        {"text": "I want to die"},
    )
    assert status == 201
    assert body["crisis"]["crisis"] is True and body["concern"] is None
    assert any(r["number"] == "988" for r in body["crisis"]["resources"])
    assert body["message"]["editable"] is True


def test_it_answers_a_supporter_what_to_do(alice: User, bob: User, thread: Thread) -> None:
    status, body = send_json(
        client_for(bob),
        "POST",
        f"/api/v1/conversations/{thread.pk}/messages",
        {"text": "she told me she wants to kill herself"},
    )
    assert status == 201 and body["crisis"] is None
    assert len(body["concern"]["what_to_do"]) >= 5
    assert any(r["number"] == "1-800-662-4357" for r in body["concern"]["resources"])


def test_it_refuses_a_text_that_is_not_a_string(alice: User, thread: Thread) -> None:
    url = f"/api/v1/conversations/{thread.pk}/messages"
    status, body = send_json(client_for(alice), "POST", url, {"text": 0})
    assert status == 422 and body["message"].startswith("text")


def test_it_edits_within_the_window_and_deletes_own_messages(
    alice: User, bob: User, thread: Thread
) -> None:
    message = services.send(bob, thread, "Meet at 6").message
    web = client_for(bob)
    url = f"/api/v1/conversations/messages/{message.pk}"
    status, body = send_json(web, "PATCH", url, {"text": "Meet at 7"})
    assert status == 200 and body["message"]["text"] == "Meet at 7"
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        status, body = send_json(web, "PATCH", url, {"text": "Meet at 8"})
    assert status == 409 and "15 minutes" in body["message"]
    status, body = send_json(client_for(alice), "DELETE", url, {})
    assert status == 403
    status, body = send_json(web, "DELETE", url, {})
    assert status == 200 and body["deleted"] is True and body["text"] == ""


def test_it_hides_threads_from_everyone_else(
    alice: User, bob: User, charlie: User, dana: User, thread: Thread, dana_membership: Membership
) -> None:
    message = services.send(alice, thread, "Private").message
    for person in (charlie, dana):
        web = client_for(person)
        assert web.get(f"/api/v1/conversations/{thread.pk}/messages").status_code == 404
        status, _ = send_json(web, "DELETE", f"/api/v1/conversations/messages/{message.pk}", {})
        assert status == 404


def test_it_chooses_the_circle_thread(alice: User, bob: User, bob_membership: Membership) -> None:
    web = client_for(alice)
    assert web.get("/api/v1/conversations/circle").json() == {
        "thread_id": None,
        "membership_ids": [],
    }
    status, body = send_json(
        web, "PUT", "/api/v1/conversations/circle", {"membership_ids": [bob_membership.pk]}
    )
    assert status == 200 and body["membership_ids"] == [bob_membership.pk]
    status, body = send_json(web, "PUT", "/api/v1/conversations/circle", {"membership_ids": [999]})
    assert status == 400 and "circle now" in body["message"]
