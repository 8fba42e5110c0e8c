"""Peer groups in the route walk: sample values for its URL parameters (used by
tests/test_access_walk.py), and every group route walked as each role: a moderator reaches
all of them, a member all but moderation (403), a non-member, a removed member and a
stranger get 404, an anonymous visitor is sent to log in."""

from __future__ import annotations

from django.test import Client

from accounts.models import User
from groups.access import moderator_seat
from groups.models import Group, Member
from groups.posting import publish
from groups.services import GroupDraft, create_group, join, make_invite
from tests.conftest import client_for
from tests.routes import Route, all_routes
from tests.test_access_walk import call, fill


def walk_values(moderator: User, member: User, real_invite: bool = False) -> dict[str, object]:
    """An invite-only group `moderator` started, `member` in it, a post by each, and an
    invite code (a made-up one unless `real_invite`)."""
    draft = GroupDraft("Evening check-in", "", "", Group.Visibility.INVITE, "Lantern")
    mod = create_group(moderator, draft)
    joined = join(member, mod.group, "Harbor", accepted=True)
    publish(mod, "Welcome, everyone.")
    post = publish(joined, "Day three, still here.").post
    code = make_invite(moderator_seat(moderator, mod.group_id)).code
    return {
        "group_id": mod.group_id,
        "post_id": post.pk,
        "member_id": joined.pk,
        "invite_code": code if real_invite else "not-a-real-code",
        "kind": "me_too",
    }


def group_routes() -> list[Route]:
    found = [r for r in all_routes() if r.rule.startswith("group:")]
    assert len(found) >= 25, "the walk lost the group routes"
    return found


def walk(
    web: Client, values: dict[str, object], before: object = None
) -> list[tuple[str, str, str, int]]:
    found: list[tuple[str, str, str, int]] = []
    for route in group_routes():
        for method in route.methods:
            if callable(before):
                before()
            status = call(web, method, fill(route, values), route).status_code
            found.append((route.rule, route.pattern, method, status))
    return found


def keep_member(member_id: object) -> object:
    assert isinstance(member_id, int)
    # The walk posts to "leave" too: each call starts from a member who is still in.
    return lambda: Member.objects.filter(pk=member_id).update(status=Member.Status.ACTIVE)


def test_it_lets_the_moderator_reach_every_group_route(alice: User, bob: User) -> None:
    values = walk_values(alice, bob, real_invite=True)
    for rule, pattern, method, status in walk(client_for(alice), values):
        assert status not in {403, 404, 500}, (rule, pattern, method, status)


def test_it_lets_staff_moderate_a_group_they_are_not_in(alice: User, bob: User, dana: User) -> None:
    values = walk_values(alice, bob, real_invite=True)
    dana.is_staff = True
    dana.save()
    for rule, pattern, method, status in walk(client_for(dana), values):
        if rule == "group:moderator" or ("/posts/" in pattern and method == "GET"):
            assert status not in {403, 404, 500}, (rule, pattern, method, status)


def test_it_lets_a_member_read_and_write_but_not_moderate(alice: User, bob: User) -> None:
    values = walk_values(alice, bob, real_invite=True)
    for rule, pattern, method, status in walk(
        client_for(bob), values, keep_member(values["member_id"])
    ):
        if status == 405:
            continue
        if rule == "group:moderator":
            assert status == 403, (pattern, method, status)
        else:
            assert status not in {403, 404, 500}, (pattern, method, status)


def test_it_tells_a_non_member_and_a_removed_member_nothing(
    alice: User, bob: User, charlie: User
) -> None:
    values = walk_values(alice, bob)
    for rule, pattern, method, status in walk(client_for(charlie), values):
        assert status in {404, 405}, (rule, pattern, method, status)
    member_id = values["member_id"]
    assert isinstance(member_id, int)
    Member.objects.filter(pk=member_id).update(status=Member.Status.REMOVED)
    for rule, pattern, method, status in walk(client_for(bob), values):
        assert status in {404, 405}, (rule, pattern, method, status)


def test_it_sends_an_anonymous_visitor_to_log_in(alice: User, bob: User) -> None:
    values = walk_values(alice, bob)
    for rule, pattern, method, status in walk(Client(), values):
        assert status in {302, 401, 405}, (rule, pattern, method, status)
