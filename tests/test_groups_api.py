"""Peer groups in the JSON API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from groups import posting, services
from groups.models import Group, Member, ModerationAction
from tests.conftest import client_for


@pytest.fixture
def mod(alice: User) -> Member:
    draft = services.GroupDraft("Mornings", "", "", Group.Visibility.OPEN, "Lantern")
    return services.create_group(alice, draft)


def send_json(web: Client, method: str, url: str, body: object) -> tuple[int, dict[str, Any]]:
    response = web.generic(method, url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json() if response.content else {}


def test_it_creates_lists_and_joins_groups(alice: User, bob: User) -> None:
    status, made = send_json(
        client_for(alice),
        "POST",
        "/api/v1/groups",
        {"name": "Evenings", "visibility": "open", "alias": "Lantern"},
    )
    assert status == 201 and made["i_moderate"] is True and made["my_alias"] == "Lantern"
    web = client_for(bob)
    assert [g["name"] for g in web.get("/api/v1/groups").json()] == ["Evenings"]
    url = f"/api/v1/groups/{made['id']}/join"
    status, body = send_json(web, "POST", url, {"alias": "Harbor", "accept_guidelines": 1})
    assert status == 422  # a 1 is not a yes
    status, body = send_json(web, "POST", url, {"alias": "Harbor", "accept_guidelines": False})
    assert status == 400 and "guidelines" in body["message"]
    status, body = send_json(web, "POST", url, {"alias": "Harbor", "accept_guidelines": True})
    assert status == 201 and body["my_status"] == "active"


def test_it_posts_replies_and_reacts_by_alias(alice: User, bob: User, mod: Member) -> None:
    services.join(bob, mod.group, "Harbor", accepted=True)
    web = client_for(bob)
    status, body = send_json(
        web, "POST", f"/api/v1/groups/{mod.group_id}/posts", {"text": "Hi all"}
    )
    assert status == 201 and body["post"]["author"]["alias"] == "Harbor" and body["crisis"] is None
    post_id = body["post"]["id"]
    status, body = send_json(
        client_for(alice),
        "POST",
        f"/api/v1/groups/{mod.group_id}/posts",
        {"text": "Welcome", "parent_id": post_id},
    )
    assert status == 201 and body["post"]["parent_id"] == post_id
    status, body = send_json(
        client_for(alice), "PUT", f"/api/v1/group-posts/{post_id}/reactions/me_too", {}
    )
    assert status == 200 and body["me_too"] == 1 and body["my_reactions"] == ["me_too"]
    thread = client_for(bob).get(f"/api/v1/group-posts/{post_id}").json()
    assert [p["text"] for p in thread] == ["Hi all", "Welcome"]
    assert "Bob Brown" not in json.dumps(thread) and "Alice Anders" not in json.dumps(thread)
    feed = web.get(f"/api/v1/groups/{mod.group_id}/posts", {"limit": 1}).json()
    assert [p["id"] for p in feed] == [post_id]


def test_it_answers_429_past_the_rate_limit(bob: User, mod: Member) -> None:
    services.join(bob, mod.group, "Harbor", accepted=True)
    web = client_for(bob)
    url = f"/api/v1/groups/{mod.group_id}/posts"
    codes = [send_json(web, "POST", url, {"text": f"post {n}"})[0] for n in range(4)]
    assert codes == [201, 201, 201, 429]


def test_it_answers_crisis_resources_to_the_poster(bob: User, mod: Member) -> None:
    services.join(bob, mod.group, "Harbor", accepted=True)
    status, body = send_json(
        client_for(bob),
        "POST",
        f"/api/v1/groups/{mod.group_id}/posts",
        {"text": "I want to end my life"},
    )
    assert status == 201 and body["crisis"]["crisis"] is True


def test_it_moderates_through_the_api(alice: User, bob: User, charlie: User, mod: Member) -> None:
    harbor = services.join(bob, mod.group, "Harbor", accepted=True)
    post = posting.publish(harbor, "spam spam").post
    status, body = send_json(
        client_for(bob), "POST", f"/api/v1/group-posts/{post.pk}/reports", {"reason": "spam"}
    )
    assert status == 400  # own post
    web = client_for(alice)
    status, body = send_json(
        web, "POST", f"/api/v1/group-posts/{post.pk}/moderation", {"action": "hide"}
    )
    assert status == 200 and body["status"] == "hidden"
    status, body = send_json(
        web, "POST", f"/api/v1/group-members/{harbor.pk}/moderation", {"action": "mute"}
    )
    assert status == 200 and body["status"] == "muted"
    status, body = send_json(
        web, "POST", f"/api/v1/group-members/{harbor.pk}/moderation", {"action": "hide"}
    )
    assert status == 400
    queue = web.get(f"/api/v1/groups/{mod.group_id}/moderation").json()
    assert [p["id"] for p in queue["hidden"]] == [post.pk]
    log = web.get(f"/api/v1/groups/{mod.group_id}/moderation/log").json()
    assert [e["action"] for e in log] == ["mute", "hide"] and log[0]["member"] == "Harbor"
    assert client_for(bob).get(f"/api/v1/groups/{mod.group_id}/moderation").status_code == 403
    assert client_for(charlie).get(f"/api/v1/groups/{mod.group_id}/moderation").status_code == 404
    status, body = send_json(
        client_for(bob), "POST", f"/api/v1/groups/{mod.group_id}/posts", {"text": "x"}
    )
    assert status == 403 and "muted" in body["message"]
    assert ModerationAction.objects.count() == 2


def test_it_makes_invite_codes_for_invite_only_groups(alice: User, charlie: User) -> None:
    draft = services.GroupDraft("Quiet", "", "", Group.Visibility.INVITE, "Lantern")
    group = services.create_group(alice, draft).group
    web = client_for(charlie)
    assert web.get(f"/api/v1/groups/{group.pk}").status_code == 404
    status, invite = send_json(client_for(alice), "POST", f"/api/v1/groups/{group.pk}/invites", {})
    assert status == 201
    url = f"/api/v1/groups/{group.pk}/join"
    body = {"alias": "Meadow", "accept_guidelines": True, "invite_code": invite["code"]}
    assert send_json(web, "POST", url, body)[0] == 201
    assert web.get(f"/api/v1/groups/{group.pk}").json()["my_alias"] == "Meadow"
