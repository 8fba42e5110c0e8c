"""Conversations in the route walk: sample values for its URL parameters (used by
tests/test_access_walk.py), and every conversation route walked as each role: the client and
the thread's member get in; another supporter, a paused or removed supporter and a stranger
are told it does not exist (404)."""

from __future__ import annotations

from accounts.models import User
from circle.models import Membership
from conversations.services import direct_thread, send
from tests.conftest import client_for
from tests.routes import Route, all_routes
from tests.test_access_walk import call, fill


def walk_values(client: User, supporter: User) -> dict[str, object]:
    """The direct thread of `client` and `supporter`, with one message from each."""
    thread = direct_thread(client, supporter)
    send(client, thread, "How was the meeting?")
    reply = send(supporter, thread, "Good, thanks for asking.")
    return {"thread_id": thread.pk, "message_id": reply.message.pk}


def thread_routes() -> list[Route]:
    found = [r for r in all_routes() if {"thread_id", "message_id"} & set(r.params)]
    assert len(found) >= 9, "the walk lost the conversation routes"
    return found


def statuses(user: User, values: dict[str, object]) -> list[tuple[str, str, int]]:
    return [
        (
            route.pattern,
            method,
            call(client_for(user), method, fill(route, values), route).status_code,
        )
        for route in thread_routes()
        for method in route.methods
    ]


def test_it_lets_the_client_and_the_thread_member_in(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    values = walk_values(alice, bob)
    for user in (alice, bob):
        for pattern, method, status in statuses(user, values):
            assert status not in {404, 500}, (user, pattern, method, status)


def test_it_tells_everyone_else_the_thread_does_not_exist(
    alice: User,
    bob: User,
    charlie: User,
    dana: User,
    bob_membership: Membership,
    dana_membership: Membership,
) -> None:
    values = walk_values(alice, bob)
    for user in (dana, charlie):  # another supporter of alice's, a stranger
        for pattern, method, status in statuses(user, values):
            assert status in {404, 405}, (user, pattern, method, status)


def test_it_shuts_a_paused_or_removed_supporter_out_at_once(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    values = walk_values(alice, bob)
    for status_now in (Membership.Status.PAUSED, Membership.Status.ENDED):
        bob_membership.status = status_now
        bob_membership.save()
        for pattern, method, status in statuses(bob, values):
            assert status in {404, 405}, (status_now, pattern, method, status)
