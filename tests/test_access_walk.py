"""Walks every URL pattern and API route: a stranger gets nothing of alice's, a supporter gets
exactly their scopes, and a route without an access decision fails the suite."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

from accounts.models import User
from accounts.services import create_api_token
from alerts.reachout import reach_out
from audit.models import AccessLog
from circle.models import Invitation, Membership
from circle.services import invitation_token
from health.models import Heartbeat
from health.services import Beater
from measures.services import save_response
from signals.models import Signal
from sobriety.lapses import record_lapse
from sobriety.services import today_of
from tests.conftest import client_for
from tests.routes import Route, all_routes, example_body

RULE = re.compile(r"^(public|self|member|staff|client:\w+|group:(open|member|moderator))$")


def test_it_has_an_access_decision_on_every_route() -> None:
    missing = [r.pattern for r in all_routes() if not RULE.match(r.rule)]
    assert missing == [], f"routes without an access decision: {missing}"


def test_it_finds_the_routes_it_walks() -> None:
    kinds = {r.kind for r in all_routes()}
    assert kinds == {"web", "api"}
    assert len(all_routes()) > 20


@pytest.fixture(autouse=True)
def running_services(db: None) -> None:
    """The background processes have just reported in, so the health page answers 200 (its
    503 when they have not is deliberate, for monitors: see tests/test_health.py)."""
    for process in Heartbeat.Process.values:
        Beater(process, f"walk-{process}").beat()


@pytest.fixture
def world(alice: User, bob: User, charlie: User, bob_membership: Membership):
    alice.set_password("x")
    invitation = Invitation.objects.create(
        client=alice,
        email="new@example.org",
        relationship="friend",
        scopes=["sobriety"],
        expires_at=bob_membership.created_at.replace(year=2100),
    )
    token, _ = create_api_token(alice, "script")
    reach = reach_out(alice, "rough evening")
    signal = Signal.objects.create(
        client=alice,
        rule="mood_low",
        level="concern",
        title="Alice Anders seems low",
        explanation="x",
        local_date=bob_membership.created_at.date(),
    )
    from tests.test_conversations_walk import walk_values as conversations
    from tests.test_events_walk import walk_values as gatherings  # meetings, events, contacts
    from tests.test_groups_walk import walk_values as groups
    from tests.test_helpboard_walk import walk_values  # help board: need_id, occurrence

    phq9 = save_response(alice, "phq9", {str(n): 0 for n in range(1, 10)})
    lapse = record_lapse(alice, today_of(alice) - timedelta(days=1), "Alice Anders at a party")
    from tests.test_toolkit_walk import walk_values as toolkit  # strategies, craving tool

    return {
        "client_id": alice.pk,
        "membership_id": bob_membership.pk,
        "invitation_id": invitation.pk,
        "token_id": token.pk,
        # A stranger does not hold the invitation link; the link holder is tested elsewhere.
        "token": invitation_token(invitation)[:-3] + "xyz",
        "uidb64": "MQ",
        "path": "x",
        "reach_out_id": reach.pk,
        "signal_id": signal.pk,
        **walk_values(alice),
        **gatherings(alice),
        **toolkit(alice, bob),
        **conversations(alice, bob),
        **groups(alice, bob),
        "start_id": 1,
        "section": "reasons",
        "number": 1,
        "proposal_id": 1,
        "code": "phq9",
        "response_id": phq9.pk,
        "lapse_id": lapse.pk,
        # The staff admin (recoverycircle.staff_admin): alice's account, in every admin route.
        "app_label": "accounts",
        "object_id": alice.pk,
        "id": alice.pk,
        "content_type_id": 1,
        "url": "accounts/user/",
    }


def fill(route: Route, values: dict) -> str:
    url = route.pattern if route.kind == "api" else "/" + route.pattern
    for name in route.params:
        assert name in values, f"add a value for <{name}> to the walk in {__file__}"
        url = re.sub(rf"<(?:\w+:)?{name}>|{{{name}}}", str(values[name]), url)
    return url


def call(web: Client, method: str, url: str, route: Route | None = None):
    if method == "GET":
        return web.get(url)
    if url.startswith("/api/"):
        body = example_body(route.pattern, method) if route else {}
        return web.generic(method, url, data=json.dumps(body), content_type="application/json")
    return web.post(url, {"paused": "1", "answer": "accept", "name": "x", "scopes": ["plan"]})


ALICE_SECRETS = ("Alice Anders", "alice@example.org", "new@example.org")


def test_it_shows_a_stranger_nothing_of_alice(world, charlie: User, bob_membership) -> None:
    for route in all_routes():
        for method in route.methods:
            # A fresh session per call: the walk also posts to "log out".
            response = call(client_for(charlie), method, fill(route, world), route)
            assert response.status_code < 500, (route.pattern, method, response.status_code)
            body = response.content.decode(errors="replace")
            for secret in ALICE_SECRETS:
                assert secret not in body, (route.pattern, method, secret)
            if route.rule == "member" or route.rule.startswith(("client:", "group:")):
                # 405 (wrong method) is decided before anything is looked up.
                assert response.status_code in {404, 405}, (
                    route.pattern,
                    method,
                    response.status_code,
                )
    bob_membership.refresh_from_db()
    assert bob_membership.status == "active"
    assert bob_membership.scopes == ["sobriety", "checkin_summary"]
    assert Invitation.objects.get(pk=world["invitation_id"]).status == "pending"
    assert not AccessLog.objects.filter(viewer=charlie).exists()


def test_it_shows_a_stranger_with_an_access_token_nothing_of_alice(
    world, charlie: User, bob_membership
) -> None:
    """The same walk over the API with a token, which takes the short middleware stack."""
    _, secret = create_api_token(charlie, "walk")
    script = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    for route in all_routes():
        if route.kind != "api":
            continue
        for method in route.methods:
            response = call(script, method, fill(route, world), route)
            assert response.status_code < 500, (route.pattern, method, response.status_code)
            body = response.content.decode(errors="replace")
            for secret_text in ALICE_SECRETS:
                assert secret_text not in body, (route.pattern, method, secret_text)
            if route.rule == "member" or route.rule.startswith(("client:", "group:")):
                assert response.status_code in {404, 405}, (route.pattern, method)
    bob_membership.refresh_from_db()
    assert bob_membership.status == "active"
    assert not AccessLog.objects.filter(viewer=charlie).exists()


def test_it_shows_an_anonymous_visitor_nothing(world) -> None:
    anonymous = Client()
    for route in all_routes():
        for method in route.methods:
            response = call(anonymous, method, fill(route, world), route)
            assert response.status_code < 500, (route.pattern, method)
            if route.rule != "public":
                assert response.status_code in {302, 401, 403, 404, 405}, (route.pattern, method)


def test_it_gives_a_supporter_exactly_their_scopes(world, bob: User, bob_membership) -> None:
    supporter = client_for(bob)
    scoped = [r for r in all_routes() if r.rule.startswith("client:") or r.rule == "member"]
    assert scoped, "no client-scoped routes to walk"
    for route in scoped:
        scope = route.rule.removeprefix("client:")
        allowed = route.rule == "member" or scope in bob_membership.scopes
        for method in route.methods:
            response = call(supporter, method, fill(route, world), route)
            if response.status_code == 405:
                continue
            if allowed:
                assert response.status_code != 404, (route.pattern, method)
                assert response.status_code < 500, (route.pattern, method)
            else:
                assert response.status_code == 404, (route.pattern, method, response.status_code)


def test_it_hides_everything_from_a_paused_supporter(world, bob: User, bob_membership) -> None:
    bob_membership.status = "paused"
    bob_membership.save()
    supporter = client_for(bob)
    for route in [r for r in all_routes() if r.rule.startswith("client:") or r.rule == "member"]:
        for method in route.methods:
            status = call(supporter, method, fill(route, world), route).status_code
            assert status in {404, 405}, (route.pattern, method, status)
