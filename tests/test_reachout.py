"""Reach out: one tap notifies the circle, the first supporter to answer claims it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert, Encouragement, Notification, ReachOut
from alerts.reachout import ReachOutError, claim, reach_out
from circle.models import Membership, Scope
from tests.conftest import client_for


@pytest.fixture
def circle(alice: User, bob: User, dana: User, bob_membership: Membership) -> User:
    bob_membership.scopes = [Scope.ALERTS, Scope.SOBRIETY]
    bob_membership.save()
    Membership.objects.create(
        client=alice, supporter=dana, relationship="therapist", scopes=[Scope.ALERTS]
    )
    return alice


def test_it_notifies_every_supporter_with_alerts(circle: User, charlie: User) -> None:
    response = client_for(circle).post("/reach-out/", {"message": "Rough night, cravings"})
    reach = ReachOut.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reach-out/{reach.pk}/"
    deliver_due("w")
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.org", "dana@clinic.example.org"]
    assert "Rough night, cravings" in mail.outbox[0].body
    assert f"/reach-out/{reach.pk}/" in mail.outbox[0].body


def test_it_tells_the_client_when_nobody_gets_alerts(alice: User, as_alice: Client) -> None:
    reach = reach_out(alice)
    page = as_alice.get(f"/reach-out/{reach.pk}/").content.decode()
    assert "Nobody in your circle gets alerts yet" in page
    assert "tel:988" in page


def test_it_lets_the_first_supporter_claim(circle: User, bob: User, dana: User) -> None:
    reach = reach_out(circle, "help")
    claim(bob, reach.pk)
    with pytest.raises(ReachOutError, match="Bob Brown is already reaching out"):
        claim(dana, reach.pk)
    reach.refresh_from_db()
    assert reach.claimed_by == bob
    deliver_due("w")
    to_alice = [m.subject for m in mail.outbox if m.to == ["alice@example.org"]]
    to_dana = [m.subject for m in mail.outbox if m.to == ["dana@clinic.example.org"]]
    assert to_alice == ["Bob Brown is reaching out to you now"]
    assert "Bob Brown is reaching out to Alice Anders" in to_dana


def test_it_lets_exactly_one_of_two_api_claims_win(circle: User, bob: User, dana: User) -> None:
    reach = reach_out(circle)
    answers = [
        client_for(person).post(f"/api/v1/reach-outs/{reach.pk}/claim") for person in (dana, bob)
    ]
    assert [a.status_code for a in answers] == [200, 409]
    assert answers[1].json()["message"] == "Dana Diaz is already reaching out."
    assert ReachOut.objects.get().claimed_by == dana


def test_it_shows_the_client_who_is_coming(circle: User, bob: User, as_alice: Client) -> None:
    reach = reach_out(circle)
    claim(bob, reach.pk)
    page = as_alice.get("/").content.decode()
    assert "<strong>Bob Brown</strong> is reaching out to you now" in page


def test_it_hides_a_reach_out_from_a_supporter_without_alerts(
    circle: User, bob: User, bob_membership: Membership
) -> None:
    reach = reach_out(circle)
    bob_membership.scopes = [Scope.SOBRIETY]
    bob_membership.save()
    assert client_for(bob).get(f"/reach-out/{reach.pk}/").status_code == 404
    assert client_for(bob).post(f"/reach-out/{reach.pk}/claim/").status_code == 404
    assert ReachOut.objects.get().claimed_by is None


def test_it_does_not_let_the_client_claim_their_own(circle: User) -> None:
    reach = reach_out(circle)
    with pytest.raises(ReachOutError):
        claim(circle, reach.pk)


def test_it_closes_a_resolved_reach_out(circle: User, bob: User, as_alice: Client) -> None:
    reach = reach_out(circle)
    as_alice.post(f"/reach-out/{reach.pk}/resolve/")
    with pytest.raises(ReachOutError, match="okay now"):
        claim(bob, reach.pk)
    page = client_for(bob).get("/").content.decode()
    assert "Someone is asking for support" not in page


def test_it_logs_the_supporter_reading_the_reach_out(circle: User, bob: User) -> None:
    reach = reach_out(circle)
    client_for(bob).get(f"/reach-out/{reach.pk}/")
    assert circle.access_log.filter(viewer=bob, what__contains="request for support").count() == 1


def test_it_delivers_an_encouragement_note(circle: User, bob: User, as_alice: Client) -> None:
    response = client_for(bob).post(
        f"/supporting/{circle.pk}/encourage/", {"text": "Proud of you. Call me any time."}
    )
    assert response.status_code == 302
    assert Encouragement.objects.get().author == bob
    assert "Proud of you. Call me any time." in as_alice.get("/").content.decode()
    assert Alert.objects.filter(kind="encouragement", client=circle).exists()


def test_it_refuses_an_empty_note(circle: User, bob: User) -> None:
    response = client_for(bob).post(
        f"/supporting/{circle.pk}/encourage/", {"text": "  "}, follow=True
    )
    assert "Write a few words first." in response.content.decode()
    assert not Encouragement.objects.exists()
    api = client_for(bob).post(
        f"/api/v1/clients/{circle.pk}/encouragements", {"text": ""}, content_type="application/json"
    )
    assert api.status_code == 422
    assert "message" in api.json()


def test_it_lets_a_supporter_turn_off_missed_checkin_alerts(
    circle: User, bob: User, bob_membership: Membership
) -> None:
    response = client_for(bob).put(
        f"/api/v1/clients/{circle.pk}/alert-preferences",
        {"missed_checkin": False},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert bob_membership.alert_preference.missed_checkin is False


def test_it_creates_a_reach_out_by_api(circle: User) -> None:
    response = client_for(circle).post(
        "/api/v1/reach-outs", {"message": "now please"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["message"] == "now please"
    assert Notification.objects.filter(alert__kind="reach_out").count() == 4


def test_it_logs_the_open_requests_a_supporter_sees_on_their_home(circle: User, bob: User) -> None:
    reach_out(circle, "please")
    page = client_for(bob).get("/").content.decode()
    assert "Someone is asking for support" in page
    assert (
        circle.access_log.filter(viewer=bob, what__contains="open requests for support").count()
        == 1
    )
