"""A supporter's inbox follows consent: paused, removed or without the scope, they no longer
read the client's words in items they were sent before (web and API)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert, Notification
from alerts.services import create_alert, notify_circle, queue
from circle import services as circle
from circle.models import Membership, Scope
from tests.conftest import client_for

WORDS = "Alice: I am at the bar and it is hard"


@pytest.fixture
def delivered(alice: User, bob: User, bob_membership: Membership) -> Alert:
    bob_membership.scopes = [Scope.ALERTS, Scope.SOBRIETY]
    bob_membership.save()
    alert = notify_circle(alice, Alert.Kind.REACH_OUT, WORDS, body="please call")
    assert alert is not None
    deliver_due("test")
    assert Notification.objects.filter(channel="inbox", status="sent").count() == 1
    return alert


def seen_by(web: Client) -> tuple[bool, bool, int]:
    """Whether the words are on the inbox page, in the API inbox, and the unread badge count."""
    page = web.get("/inbox/").content.decode()
    api = web.get("/api/v1/inbox").json()
    return WORDS in page, WORDS in str(api), api["count"]


def test_it_shows_an_active_supporter_the_item(delivered: Alert, bob: User) -> None:
    web = client_for(bob)
    assert 'Inbox <span class="badge">1' in web.get("/").content.decode()
    assert seen_by(web) == (True, True, 1)


@pytest.mark.parametrize("change", ["pause", "remove", "scope"])
def test_it_hides_the_clients_words_once_consent_is_gone(
    delivered: Alert, alice: User, bob: User, bob_membership: Membership, change: str
) -> None:
    if change == "pause":
        circle.update_membership(alice, bob_membership.pk, paused=True)
    elif change == "remove":
        circle.remove_supporter(alice, bob_membership.pk)
    else:
        circle.update_membership(alice, bob_membership.pk, scopes=[Scope.SOBRIETY])
    web = client_for(bob)
    assert 'class="badge"' not in web.get("/").content.decode()
    assert seen_by(web) == (False, False, 0)
    # Marking everything read does not touch the hidden item either.
    marked = web.post("/api/v1/inbox/read", {}, content_type="application/json")
    assert marked.json() == {"marked": 0}
    # Nothing is deleted: the client's record of who was told stays whole.
    assert Notification.objects.filter(recipient=bob, alert=delivered).count() == 2


def test_it_shows_the_item_again_when_the_supporter_is_resumed(
    delivered: Alert, alice: User, bob: User, bob_membership: Membership
) -> None:
    circle.update_membership(alice, bob_membership.pk, paused=True)
    circle.update_membership(alice, bob_membership.pk, paused=False)
    assert seen_by(client_for(bob))[:2] == (True, True)


def test_it_keeps_a_clients_own_items_and_items_without_a_scope(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    own = create_alert(alice, Alert.Kind.DELIVERY_FAILED, "We could not reach Bob")
    invite = create_alert(alice, "event_invite", "Alice invites you to a walk")
    assert own is not None and invite is not None
    queue(own, [alice], channels=("inbox",))
    queue(invite, [bob], channels=("inbox",))
    deliver_due("test")
    assert "We could not reach Bob" in client_for(alice).get("/inbox/").content.decode()
    assert "invites you to a walk" in client_for(bob).get("/inbox/").content.decode()
    circle.update_membership(alice, bob_membership.pk, paused=True)
    assert "invites you to a walk" not in client_for(bob).get("/inbox/").content.decode()
