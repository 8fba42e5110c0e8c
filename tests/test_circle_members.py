"""circle.members: who is in whose circle, as every other app asks it. Open is active or
paused, active is what the access policy lets through, ended stays for the history."""

from __future__ import annotations

from accounts.models import User
from circle import members
from circle.models import Membership, Relationship, Scope


def circle_of_three(alice: User, bob: User, charlie: User, dana: User) -> list[Membership]:
    """bob active (sobriety, alerts), charlie paused (alerts), dana ended (alerts)."""
    return [
        Membership.objects.create(
            client=alice,
            supporter=person,
            relationship=Relationship.FRIEND,
            scopes=scopes,
            status=status,
        )
        for person, scopes, status in (
            (bob, [Scope.SOBRIETY, Scope.ALERTS], "active"),
            (charlie, [Scope.ALERTS], "paused"),
            (dana, [Scope.ALERTS], "ended"),
        )
    ]


def test_it_tells_open_active_and_ever(alice: User, bob: User, charlie: User, dana: User) -> None:
    active, paused, ended = circle_of_three(alice, bob, charlie, dana)
    assert members.open_circle(alice) == [active, paused]
    assert members.active_circle(alice) == [active]
    assert members.active_circle(alice, only=[paused.pk, ended.pk]) == []
    assert members.everyone_ever(alice) == [active, paused, ended]
    assert members.open_ids(alice) == {active.pk, paused.pk}
    assert members.active_ids(alice) == {active.pk}
    assert members.open_membership(alice, ended.pk) is None
    assert members.open_membership(bob, active.pk) is None  # not bob's own circle
    assert members.open_memberships_of(alice, [charlie.pk, dana.pk]) == [paused]
    assert members.has_active_circle(alice) and not members.has_active_circle(bob)


def test_it_finds_who_shares_a_scope_now(alice: User, bob: User, charlie: User, dana: User) -> None:
    active, _, _ = circle_of_three(alice, bob, charlie, dana)
    assert members.with_scope(alice, Scope.ALERTS) == [active]
    assert members.with_scope(alice, Scope.ALERTS, excluding=bob) == []
    assert members.with_scope(alice, Scope.PLAN) == []
    assert members.clients_sharing(bob, Scope.SOBRIETY) == [alice.pk]
    assert members.clients_sharing(charlie, Scope.ALERTS) == []  # paused
    assert members.scopes_by_client(bob) == {alice.pk: [Scope.SOBRIETY, Scope.ALERTS]}
    assert members.active_pair(alice, charlie) == []
    rows = members.active_rows([alice.pk, bob.pk])
    assert rows == [(active.pk, alice.pk, bob.pk, [Scope.SOBRIETY, Scope.ALERTS])]
    assert list(members.clients_with_active_circle()) == [alice.pk]


def test_it_adds_demo_members_once(alice: User, bob: User) -> None:
    first = members.add_member(alice, bob, Relationship.SPONSOR, [Scope.SOBRIETY])
    again = members.add_member(alice, bob, Relationship.FRIEND, [])
    assert again == first and Membership.objects.count() == 1
    assert members.by_relationship(alice, Relationship.SPONSOR) == first
