"""Personas used across the suite.

alice   — a client
bob     — in alice's circle as a friend, sees sobriety and check-in summary only
charlie — a stranger to alice
dana    — alice's therapist (clinician persona): sobriety, check-ins, plan and measures
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from accounts.models import User
from alerts.models import Alert
from alerts.services import notify_circle
from circle.models import Membership, Relationship, Scope

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    # What the test client answers (.json(), .context, .templates): the stubs' class exists
    # for type checkers only, so test modules import this name under TYPE_CHECKING too.
    Response: TypeAlias = _MonkeyPatchedWSGIResponse


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    """Each test starts in the site's language. The language is per thread and a request in
    Spanish leaves it active (as in production, where the next request sets its own), so
    without this a test's result would depend on the one before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def make_user(email: str, name: str, zone: str = "America/New_York") -> User:
    return User.objects.create_user(
        email=email,
        password="a-long-test-password",
        display_name=name,
        time_zone=zone,
        email_verified_at=timezone.now(),
    )


@pytest.fixture
def alice(db: None) -> User:
    return make_user("alice@example.org", "Alice Anders")


@pytest.fixture
def bob(db: None) -> User:
    return make_user("bob@example.org", "Bob Brown")


@pytest.fixture
def charlie(db: None) -> User:
    return make_user("charlie@example.org", "Charlie Chu", zone="Europe/Berlin")


@pytest.fixture
def dana(db: None) -> User:
    return make_user("dana@clinic.example.org", "Dana Diaz")


@pytest.fixture
def bob_membership(alice: User, bob: User) -> Membership:
    return Membership.objects.create(
        client=alice,
        supporter=bob,
        relationship=Relationship.FRIEND,
        scopes=[Scope.SOBRIETY, Scope.CHECKIN_SUMMARY],
    )


@pytest.fixture
def dana_membership(alice: User, dana: User) -> Membership:
    return Membership.objects.create(
        client=alice,
        supporter=dana,
        relationship=Relationship.THERAPIST,
        scopes=[
            Scope.SOBRIETY,
            Scope.CHECKIN_SUMMARY,
            Scope.CHECKIN_DETAIL,
            Scope.PLAN,
            Scope.MEASURES,
        ],
    )


@pytest.fixture
def alert(alice: User, bob: User, bob_membership: Membership) -> Alert:
    """A request for support from alice, told to bob (given the alerts scope for it)."""
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    found = notify_circle(alice, Alert.Kind.REACH_OUT, "Alice is asking for support now")
    assert found is not None
    return found


def client_for(user: User | None, csrf: bool = False) -> Client:
    web = Client(enforce_csrf_checks=csrf)
    if user is not None:
        web.force_login(user)
    return web


@pytest.fixture
def as_alice(alice: User) -> Client:
    return client_for(alice)


@pytest.fixture
def as_bob(bob: User, bob_membership: Membership) -> Client:
    return client_for(bob)


@pytest.fixture
def as_charlie(charlie: User) -> Client:
    return client_for(charlie)
