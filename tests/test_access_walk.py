"""Walks every URL pattern and API route: the right role reaches each one (alice her own
pages, bob with every scope her client pages, staff the operators' pages), the framework asks
the policy about alice for every client route and logs the reads it decides; a stranger, an
anonymous visitor, a supporter without the scope, a paused or removed supporter and a
non-staff person get nothing; a route without an access decision fails the suite."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from accounts.models import User
from accounts.services import create_api_token
from alerts.reachout import reach_out
from audit.models import AccessLog
from checkins import services as checkins
from circle import policy
from circle.models import Invitation, Membership, Scope
from circle.services import invitation_token
from contacts import services as contacts
from health.models import Heartbeat
from health.services import Beater
from measures.services import save_response
from meetings.models import Meeting
from plans import coauthoring
from plans import services as plans
from signals.models import Signal
from sobriety.lapses import record_lapse
from sobriety.models import SobrietyStart
from sobriety.services import today_of
from tests.conftest import client_for
from tests.routes import Route, all_routes, example_body
from tests.test_meetings_import import sample_feed

if TYPE_CHECKING:
    from tests.conftest import Response

RULE = re.compile(r"^(public|self|staff|member|client:\w+|group:(open|member|moderator))$")


def test_it_has_an_access_decision_on_every_route() -> None:
    missing = [r.pattern for r in all_routes() if not RULE.match(r.rule)]
    assert missing == [], f"routes without an access decision: {missing}"


def test_it_enforces_every_rule_but_public_before_the_handler() -> None:
    loose = [r.pattern for r in all_routes() if r.rule != "public" and not r.enforced]
    assert loose == [], f"routes whose rule is only a label: {loose}"


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
def world(alice: User, bob: User, charlie: User, bob_membership: Membership) -> dict[str, Any]:
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
        # The staff admin (audit.staff_admin): alice's account, in every admin route.
        "app_label": "accounts",
        "object_id": alice.pk,
        "id": alice.pk,
        "content_type_id": 1,
        "url": "accounts/user/",
    }


def fill(route: Route, values: dict[str, object]) -> str:
    url = route.pattern if route.kind == "api" else "/" + route.pattern
    for name in route.params:
        assert name in values, f"add a value for <{name}> to the walk in {__file__}"
        url = re.sub(rf"<(?:\w+:)?{name}>|{{{name}}}", str(values[name]), url)
    return url


def call(web: Client, method: str, url: str, route: Route | None = None) -> Response:
    if method == "GET":
        return web.get(url)
    if url.startswith("/api/"):
        body = example_body(route.pattern, method) if route else {}
        return web.generic(method, url, data=json.dumps(body), content_type="application/json")
    return web.post(url, {"paused": "1", "answer": "accept", "name": "x", "scopes": ["plan"]})


ALICE_SECRETS = ("Alice Anders", "alice@example.org", "new@example.org")
HIDDEN = {"member", "staff"}  # besides client:* and group:*, rules that answer 404 to a stranger


def test_it_shows_a_stranger_nothing_of_alice(
    world: dict[str, Any], charlie: User, bob_membership: Membership
) -> None:
    for route in all_routes():
        for method in route.methods:
            # A fresh session per call: the walk also posts to "log out".
            response = call(client_for(charlie), method, fill(route, world), route)
            assert response.status_code < 500, (route.pattern, method, response.status_code)
            body = response.content.decode(errors="replace")
            for secret in ALICE_SECRETS:
                assert secret not in body, (route.pattern, method, secret)
            if route.rule in HIDDEN or route.rule.startswith(("client:", "group:")):
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
    world: dict[str, Any], charlie: User, bob_membership: Membership
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
            if route.rule in HIDDEN or route.rule.startswith(("client:", "group:")):
                assert response.status_code in {404, 405}, (route.pattern, method)
    bob_membership.refresh_from_db()
    assert bob_membership.status == "active"
    assert not AccessLog.objects.filter(viewer=charlie).exists()


def test_it_shows_an_anonymous_visitor_nothing(world: dict[str, Any]) -> None:
    anonymous = Client()
    for route in all_routes():
        for method in route.methods:
            response = call(anonymous, method, fill(route, world), route)
            assert response.status_code < 500, (route.pattern, method)
            if route.rule != "public":
                assert response.status_code in {302, 401, 403, 404, 405}, (route.pattern, method)


def test_it_gives_a_supporter_exactly_their_scopes(
    world: dict[str, Any], bob: User, bob_membership: Membership
) -> None:
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


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_it_hides_everything_from_a_paused_or_removed_supporter(
    world: dict[str, Any], bob: User, bob_membership: Membership, status: str
) -> None:
    bob_membership.status = status
    bob_membership.save()
    supporter = client_for(bob)
    for route in [r for r in all_routes() if r.rule.startswith("client:") or r.rule in HIDDEN]:
        for method in route.methods:
            answer = call(supporter, method, fill(route, world), route).status_code
            assert answer in {404, 405}, (route.pattern, method, answer)
    assert not AccessLog.objects.filter(viewer=bob).exists()


# The positive walk: each route as the role it is for, each call rolled back so that one
# route's POST (leaving a circle, deleting a need) cannot change what the next one finds.

# Unsafe calls answered with a refusal of what was sent (not of who sent it) still passed
# the access decision; the walk's made-up bodies are not always valid.
PAST_THE_DECISION = {200, 201, 204, 301, 302, 303, 400, 409, 422}


# Routes for someone other than the rule's usual role: a supporter's own act on their place in
# a circle or on what they shared (SELF), or an act only the client may do (client rules).
ROLE_OF = {
    "circle/leave/<id:membership_id>/": "supporter",
    "/api/v1/supporting/{client_id}": "supporter",
    "toolkit/<id:strategy_id>/withdraw/": "supporter",
    "/api/v1/toolkit/strategies/{strategy_id}": "supporter",
    "/api/v1/help-needs/{need_id}": "client",  # cancelling: the client or whoever posted it
    "/api/v1/events/{event_id}/cancel": "client",  # the client or the organiser
}


# Client routes whose page shows a supporter nothing of the client's but her name: a form to
# propose an event or share a strategy, and the strategies the supporter shared themselves.
SHOWS_NOTHING_OF_THE_CLIENT = {
    "events/new/<id:client_id>/",
    "supporting/<id:client_id>/share-strategy/",
    "/api/v1/clients/{client_id}/strategies",
}


def role_for(route: Route, people: dict[str, User | None]) -> User | None:
    if route.pattern in ROLE_OF:
        return people[ROLE_OF[route.pattern]]
    if route.rule == "public":
        return people["anonymous"]
    if route.rule == "staff":
        return people["staff"]
    if route.rule.startswith("client:") or route.rule == "member":
        return people["supporter"]
    return people["client"]  # self, and group:* (alice moderates the walk's group)


def isolated(web: Client, method: str, url: str, route: Route) -> tuple[Response, list[str]]:
    """The response, and what the access log says was read, before the call is undone."""
    with transaction.atomic():
        response = call(web, method, url, route)
        logged = list(AccessLog.objects.values_list("what", flat=True))
        transaction.set_rollback(True)
    return response, logged


@pytest.fixture
def people(
    world: dict[str, object], alice: User, bob: User, dana: User, bob_membership: Membership
) -> dict[str, User | None]:
    """alice, bob with every scope and co-author of her plan, staff dana; and the things the
    walk's values point at that only these routes need: a plan version, bob's proposal, a
    check-in today, a contact."""
    bob_membership.scopes = list(Scope.values)
    bob_membership.save()
    dana.is_staff = dana.is_superuser = True  # an operator, with the admin's permissions
    dana.save()
    saved = plans.save_plan(alice, alice, {"reasons": ["My daughter"]})
    coauthoring.set_role(alice, bob_membership.pk, coauthoring.ROLE_PROPOSE)
    proposal = coauthoring.propose(bob_membership, {"reasons": ["My daughter", "My health"]})
    coauthoring.set_role(alice, bob_membership.pk, coauthoring.ROLE_EDIT)
    today = checkins.CheckInData(mood=3, craving=2, stress=2, sleep_hours=Decimal(7))
    checkins.save_today(alice, today)
    contact = contacts.log_contact(alice, contacts.ContactDraft("call", bob_membership.pk))
    sample_feed()
    meeting = Meeting.objects.order_by("pk").first()
    start = SobrietyStart.objects.filter(client=alice).first()
    assert meeting is not None and start is not None
    # Real ids: on PostgreSQL, ids go on counting from one test to the next.
    world.update(
        number=saved.version.number,
        proposal_id=proposal.pk,
        contact_id=contact.pk,
        meeting_id=meeting.pk,
        feed_id=meeting.feed_id,
        start_id=start.pk,
    )
    # alice as stored: the walk's fixture changed her password in memory only.
    return {
        "anonymous": None,
        "client": User.objects.get(pk=alice.pk),
        "supporter": bob,
        "staff": dana,
    }


def test_it_lets_the_right_role_reach_every_route(
    world: dict[str, object], people: dict[str, User | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each route answers its role; every client route asks the policy about alice, and logs
    what it declared when it shows something."""
    AccessLog.objects.all().delete()
    asked: list[tuple[int, str | None]] = []
    decide = policy.decide

    def spy(viewer: User, client_id: int, scope: str | None) -> policy.Access:
        asked.append((client_id, scope))
        return decide(viewer, client_id, scope)

    monkeypatch.setattr(policy, "decide", spy)
    refused = []
    for route in all_routes():
        user, url = role_for(route, people), fill(route, world)
        for method in route.methods:
            asked.clear()
            # A fresh session per call: the walk also posts to "log out".
            response, logged = isolated(client_for(user), method, url, route)
            if response.status_code == 405:
                continue  # the other method of a one-method page
            wanted = {200, 204, 301, 302, 303} if method == "GET" else PAST_THE_DECISION
            to_login = response.get("Location", "").startswith(settings.LOGIN_URL)
            if response.status_code not in wanted or (user is not None and to_login):
                refused.append((route.pattern, method, response.status_code))
            if route.rule.startswith("client:") or route.rule == "member":
                scope = policy.scope_of(route.rule)
                assert (world["client_id"], scope) in asked, (route.pattern, method, asked)
                if user == people["supporter"] and response.status_code < 400:
                    if route.log:
                        assert any(route.what in row for row in logged), (route.pattern, logged)
                    elif method == "GET" and route.pattern not in SHOWS_NOTHING_OF_THE_CLIENT:
                        assert logged, f"{route.pattern} showed bob alice's data unlogged"
            if route.kind == "web":
                break  # a page answered its GET (its POST is each app's own test) or its POST
    assert refused == [(pattern, method, status) for pattern, method, status, _ in NOT_REACHED]


# Routes the positive walk does not reach with its generic values, each for a reason (and
# each reached in its app's own tests):
NOT_REACHED = [
    ("^api/v1/?$", "GET", 404, "the answer to an unknown API path"),
    ("admin/autocomplete/", "GET", 403, "the autocomplete needs a field to complete"),
    (
        "admin/r/<path:content_type_id>/<path:object_id>/",
        "GET",
        404,
        "the walk's ids name no object there",
    ),
    ("admin/axes/accessattempt/add/", "GET", 403, "the admin keeps it read only"),
    ("admin/axes/accesslog/add/", "GET", 403, "the admin keeps it read only"),
    ("admin/axes/accessfailurelog/add/", "GET", 403, "the admin keeps it read only"),
    ("admin/django_tasks_database/dbtaskresult/add/", "GET", 403, "the admin keeps it read only"),
    (
        "admin/django_tasks_database/dbtaskresult/<path:object_id>/delete/",
        "GET",
        403,
        "the admin keeps it read only",
    ),
    ("admin/circle/membership/add/", "GET", 403, "the admin keeps it read only"),
    (
        "admin/circle/membership/<path:object_id>/delete/",
        "GET",
        403,
        "the admin keeps it read only",
    ),
    ("admin/alerts/notification/add/", "GET", 403, "the admin keeps it read only"),
    (
        "admin/alerts/notification/<path:object_id>/delete/",
        "GET",
        403,
        "the admin keeps it read only",
    ),
    (
        "admin/^(?P<app_label>auth|axes|django_tasks_database|accounts|circle|alerts|meetings)/$",
        "GET",
        404,
        "a pattern the walk cannot fill",
    ),
    ("admin/(?P<url>.*)$", "GET", 404, "the admin's catch-all: any other address is not found"),
    ("invite/<str:token>/", "GET", 404, "the walk holds a forged invitation link"),
    ("calendar/feed/<slug:token>.ics", "GET", 404, "the secret address is the permission"),
    ("messages/<id:thread_id>/poll/", "GET", 400, "a poll sends the page's marks"),
    ("groups/invite/<str:invite_code>/", "GET", 404, "the walk holds a made-up invite code"),
    ("/api/v1/crisis/questions/{event_id}/answer", "POST", 404, "event_id is a sober event"),
    ("/api/v1/meetings/{meeting_id}/going", "DELETE", 404, "alice said she is not going"),
    ("/api/v1/meetings-attended", "GET", 422, "start and end are required"),
    ("/api/v1/craving-sessions/{session_id}/messages", "POST", 404, "not a person on the plan"),
]


def test_it_shows_staff_pages_to_staff_only(
    world: dict[str, object], alice: User, bob: User, dana: User
) -> None:
    staff_routes = [r for r in all_routes() if r.rule == "staff"]
    assert {"meetings/feeds/", "/api/v1/meeting-feeds"} <= {r.pattern for r in staff_routes}
    dana.is_staff = dana.is_superuser = True
    dana.save()
    for route in staff_routes:
        url = fill(route, world)
        for method in route.methods:
            for someone in (User.objects.get(pk=alice.pk), bob):
                answer = call(client_for(someone), method, url, route).status_code
                assert answer in {404, 405}, (route.pattern, method, someone, answer)
        # Staff reach each page (a POST-only one answers its GET with 405, past the rule; the
        # admin's own refusals of the walk's requests are listed in NOT_REACHED).
        past_the_rule = {200, 405} | {s for p, m, s, _ in NOT_REACHED if p == route.pattern}
        response = call(client_for(dana), "GET", url, route)
        if response.status_code == 302:  # the admin's "no such object": back to its index
            assert response["Location"].startswith("/admin/"), route.pattern
            continue
        assert response.status_code in past_the_rule, route.pattern
