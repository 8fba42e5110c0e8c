"""The toolkit in the route walk: sample values for its URL parameters (used by
tests/test_access_walk.py), and every role on every toolkit route: the client, the supporter
who shared, a family supporter, a paused and a removed supporter, a stranger, nobody."""

from __future__ import annotations

import pytest

from accounts.models import User
from circle.models import Membership, Relationship
from tests.conftest import client_for
from tests.routes import Route, all_routes
from tests.test_access_walk import call, fill
from toolkit import craving, services

POST_ONLY = ("finish/", "withdraw/", "/message/<id:membership_id>/")
PREFIXES = ("craving/", "toolkit/", "guidance/", "/api/v1/toolkit", "/api/v1/craving-sessions")
MINE = ("/api/v1/guidance/lessons",)


def walk_values(client: User, supporter: User) -> dict[str, object]:
    """A strategy `supporter` shared with `client`, and a use of `client`'s craving tool."""
    shared = services.share(supporter, client.pk, "Cold shower", "Then a call.", ["feeling"])
    session = craving.start(client, 7)
    return {"strategy_id": shared.strategy.pk, "session_id": session.pk, "slug": "staying-safe"}


def toolkit_routes() -> list[Route]:
    return [
        r
        for r in all_routes()
        if r.pattern.startswith(PREFIXES)
        or r.pattern in MINE
        or r.pattern.endswith(("share-strategy/", "/strategies"))
    ]


@pytest.fixture
def values(alice: User, bob: User, bob_membership: Membership) -> dict[str, object]:
    return {"client_id": alice.pk, "membership_id": bob_membership.pk, **walk_values(alice, bob)}


def test_it_walks_every_toolkit_route(values: dict[str, object]) -> None:
    patterns = {r.pattern for r in toolkit_routes()}
    assert "supporting/<id:client_id>/share-strategy/" in patterns
    assert "/api/v1/craving-sessions/{session_id}/finish" in patterns
    assert "/api/v1/clients/{client_id}/strategies" in patterns
    assert len(patterns) >= 20


def test_it_opens_every_toolkit_page_to_the_client(alice: User, values: dict[str, object]) -> None:
    web = client_for(alice)
    for route in toolkit_routes():
        if "GET" not in route.methods or route.pattern.endswith(POST_ONLY):
            continue
        if route.rule == "member":
            continue  # a supporter's view, walked below
        response = web.get(fill(route, values))
        assert response.status_code == 200, (route.pattern, response.status_code)


def test_it_lets_the_sharer_see_their_strategy_but_not_the_clients_craving(
    bob: User, values: dict[str, object]
) -> None:
    web = client_for(bob)
    assert web.get(f"/toolkit/{values['strategy_id']}/").status_code == 200
    assert web.get(f"/api/v1/toolkit/strategies/{values['strategy_id']}").status_code == 200
    assert web.get(f"/api/v1/clients/{values['client_id']}/strategies").status_code == 200
    assert web.get(f"/craving/{values['session_id']}/").status_code == 404
    assert web.get(f"/api/v1/craving-sessions/{values['session_id']}").status_code == 404


def test_it_gives_a_family_supporter_the_lessons_but_nothing_private(
    alice: User, charlie: User, values: dict[str, object]
) -> None:
    Membership.objects.create(
        client=alice, supporter=charlie, relationship=Relationship.FAMILY, scopes=[]
    )
    web = client_for(charlie)
    home = web.get("/").content.decode()
    assert "For you, as family or partner" in home and "Talk so it can be heard" in home
    assert web.get(f"/toolkit/{values['strategy_id']}/").status_code == 404
    assert web.get(f"/craving/{values['session_id']}/").status_code == 404
    assert web.get(f"/supporting/{alice.pk}/share-strategy/").status_code == 200


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_it_closes_member_routes_to_a_paused_or_removed_supporter(
    alice: User, bob: User, bob_membership: Membership, values: dict[str, object], status: str
) -> None:
    bob_membership.status = status
    bob_membership.save()
    member_routes = [r for r in toolkit_routes() if r.rule == "member"]
    assert member_routes
    for route in member_routes:
        for method in route.methods:
            response = call(client_for(bob), method, fill(route, values), route)
            assert response.status_code == 404, (route.pattern, method, response.status_code)


def test_it_shows_a_stranger_none_of_alices_toolkit(
    charlie: User, values: dict[str, object]
) -> None:
    for route in toolkit_routes():
        for method in route.methods:
            response = call(client_for(charlie), method, fill(route, values), route)
            assert response.status_code < 500, (route.pattern, method)
            assert b"Cold shower" not in response.content, (route.pattern, method)
            if ("{" in route.pattern or "<" in route.pattern) and "slug" not in route.pattern:
                assert response.status_code in {400, 404, 405, 422}, (route.pattern, method)


def test_it_sends_an_anonymous_visitor_to_log_in(values: dict[str, object]) -> None:
    for route in toolkit_routes():
        for method in route.methods:
            response = call(client_for(None), method, fill(route, values), route)
            assert response.status_code in {302, 401, 403, 405}, (route.pattern, method)
