"""The access policy itself (circle.policy.read), branch by branch: who gets a client's data,
who gets "not found", and that every read by someone else is logged, and only those."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from audit.models import AccessLog
from circle.models import Membership, Scope
from circle.policy import NotVisible, read, supporters_with_scope


def test_it_gives_the_client_their_own_data_without_a_log(alice: User) -> None:
    assert read(alice, alice.pk, Scope.PLAN, "plan") == (alice, None)
    assert not AccessLog.objects.exists()


def test_it_gives_a_supporter_a_granted_scope_and_logs_it(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    client, membership = read(bob, alice.pk, Scope.SOBRIETY, "sobriety count", "api")
    assert (client, membership) == (alice, bob_membership)
    logged = AccessLog.objects.get()
    assert (logged.viewer, logged.client, logged.what, logged.channel) == (
        bob,
        alice,
        "sobriety count",
        "api",
    )


def test_it_lets_a_supporter_see_the_client_without_a_scope(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    assert read(bob, alice.pk, None, "name")[0] == alice


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_it_hides_everything_from_a_supporter_not_active(
    alice: User, bob: User, bob_membership: Membership, status: str
) -> None:
    bob_membership.status = status
    bob_membership.save()
    with pytest.raises(NotVisible):
        read(bob, alice.pk, None, "name")
    assert not AccessLog.objects.exists()


def test_it_hides_a_scope_not_granted_as_not_found(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    with pytest.raises(NotVisible):
        read(bob, alice.pk, Scope.PLAN, "plan")
    assert not AccessLog.objects.exists()


def test_it_hides_a_client_from_a_stranger_and_from_nobody(alice: User, charlie: User) -> None:
    for viewer in (charlie, AnonymousUser()):
        with pytest.raises(NotVisible):
            read(viewer, alice.pk, None, "name")  # type: ignore[arg-type]  # anonymous on purpose
    with pytest.raises(NotVisible):
        read(charlie, 10**9, None, "name")  # nobody: the same answer as a stranger
    assert not AccessLog.objects.exists()


def test_it_lists_only_active_supporters_with_the_scope(
    alice: User, bob: User, dana: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    assert sorted(supporters_with_scope(alice, Scope.SOBRIETY), key=lambda m: m.pk) == [
        bob_membership,
        dana_membership,
    ]
    assert list(supporters_with_scope(alice, Scope.PLAN)) == [dana_membership]
    dana_membership.status = "paused"
    dana_membership.save()
    assert list(supporters_with_scope(alice, Scope.PLAN)) == []
