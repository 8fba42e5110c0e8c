"""The circle: invitations, consent scopes, pause and removal, leaving, and the access log."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AccessLog
from circle.models import SUPPORTER_LABELS, Invitation, Membership, Scope
from tests.conftest import client_for, make_user

if TYPE_CHECKING:
    from tests.conftest import Response

INVITEE = "new@example.org"


@pytest.fixture
def nina(db: None) -> User:
    """The person alice invites; she has an account with the invited address."""
    return make_user(INVITEE, "Nina Novak")


def send_invitation(web: Client, **changes: object) -> Response:
    data: dict[str, object] = {
        "email": INVITEE,
        "relationship": "family",
        "scopes": ["help", "sobriety"],
        "message": "Would you walk with me?",
    }
    data.update(changes)
    return web.post("/circle/invite/", data)


def invite_link() -> str:
    """The path of the invitation link in the newest e-mail."""
    links: list[str] = re.findall(r"https?://\S+", str(mail.outbox[-1].body))
    assert len(links) == 1, mail.outbox[-1].body
    assert links[0].startswith(settings.SITE_URL + "/invite/")
    return links[0].removeprefix(settings.SITE_URL)


def answer(web: Client, link: str, choice: str = "accept") -> Response:
    return web.post(link, {"answer": choice})


def memberships_of(user: User) -> list[Membership]:
    return list(Membership.objects.filter(supporter=user))


def supporting_api(web: Client, client: User) -> Response:
    return web.get(f"/api/v1/supporting/{client.pk}")


# Invitations


def test_it_emails_an_invitation_with_a_link(alice: User, as_alice: Client) -> None:
    response = send_invitation(as_alice, email="New@Example.ORG")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == INVITEE
    assert invitation.client == alice
    assert invitation.scopes == ["sobriety", "help"]  # canonical order
    assert invitation.status == "pending"
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - timedelta(days=7)) < timedelta(seconds=5)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [INVITEE]
    assert "Alice Anders" in message.subject
    # Written for the person reading it: about the client, not in the client's voice.
    assert "Their sobriety count and milestones" in message.body
    assert "Their help board (rides, meals, errands)" in message.body
    assert "My " not in message.body
    assert "relapse prevention plan" not in message.body
    assert "Would you walk with me?" in message.body
    invite_link()


def test_it_labels_scopes_for_who_reads_them(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    # Alice chose them ("Whether I checked in today"); Bob reads about Alice.
    client_home = client_for(alice).get("/").content.decode()
    assert "Sees: My sobriety count and milestones; Whether I checked in today" in client_home
    supporter_home = client_for(bob).get("/").content.decode()
    assert (
        "Shares with you: Their sobriety count and milestones; Whether they checked in today"
        in supporter_home
    )
    assert "Whether I checked in" not in supporter_home
    # Every scope has both labels, and they differ.
    for scope in Scope:
        assert SUPPORTER_LABELS[scope] and str(SUPPORTER_LABELS[scope]) != str(scope.label)


def test_it_shows_the_invitee_relationship_and_scopes_before_accepting(
    alice: User, as_alice: Client, nina: User
) -> None:
    send_invitation(as_alice)
    for web in (Client(), client_for(nina)):
        page = web.get(invite_link())
        assert page.status_code == 200
        body = page.content.decode()
        assert "Alice Anders invites you" in body
        assert "Family" in body
        assert "Their sobriety count and milestones" in body
        assert "Their help board (rides, meals, errands)" in body
        assert "relapse prevention plan" not in body
        assert "questionnaire results" not in body.lower()
        assert "My help board" not in body
        assert "Would you walk with me?" in body
    assert 'value="accept"' in body  # nina, signed in with the invited address, may answer
    assert memberships_of(nina) == []


def test_it_creates_a_membership_with_exactly_the_invited_scopes(
    alice: User, as_alice: Client, nina: User
) -> None:
    send_invitation(as_alice)
    invitee = client_for(nina)
    response = answer(invitee, invite_link())
    assert response.status_code == 302
    (membership,) = memberships_of(nina)
    assert membership.client == alice
    assert membership.relationship == "family"
    assert membership.scopes == ["sobriety", "help"]
    assert membership.status == "active"
    invitation = Invitation.objects.get()
    assert invitation.status == "accepted"
    assert invitation.accepted_by == nina
    shared = supporting_api(invitee, alice)
    assert shared.status_code == 200
    assert shared.json()["scopes"] == ["sobriety", "help"]
    assert shared.json()["relationship"] == "family"


def test_it_lets_a_new_person_sign_up_from_the_link_and_accept(
    alice: User, as_alice: Client
) -> None:
    send_invitation(as_alice)
    link = invite_link()
    web = Client()
    signed_up = web.post(
        f"/accounts/signup/?next={link}",
        {
            "display_name": "Nina Novak",
            "email": INVITEE,
            "time_zone": "UTC",
            "password1": "correct horse battery",
            "password2": "correct horse battery",
            "next": link,
        },
    )
    assert signed_up.status_code == 302
    # The page after sign-up leads to the login, which leads back to the invitation.
    sent = web.get(signed_up["Location"]).content.decode()
    assert f'href="/accounts/login/?next={quote(link)}"' in sent
    logged_in = web.post(
        f"/accounts/login/?next={link}",
        {"username": INVITEE, "password": "correct horse battery", "next": link},
    )
    assert logged_in["Location"] == link
    assert answer(web, link).status_code == 302
    nina = User.objects.get(email=INVITEE)
    assert [m.client for m in memberships_of(nina)] == [alice]
    # The link reached her inbox, which confirms the address.
    assert nina.email_verified


def test_it_refuses_an_invitation_after_seven_days(
    alice: User, as_alice: Client, nina: User
) -> None:
    invitee = client_for(nina)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        send_invitation(as_alice)
        link = invite_link()
        traveller.shift(timedelta(days=6, hours=23))
        assert invitee.get(link).status_code == 200
        traveller.shift(timedelta(hours=1, seconds=1))
        page = invitee.get(link)
        assert page.status_code == 404
        assert "does not work" in page.content.decode()
        assert "Alice Anders" not in page.content.decode()
        assert answer(invitee, link).status_code == 404
        assert answer(Client(), link).status_code == 404
    assert memberships_of(nina) == []
    assert Invitation.objects.get().status == "pending"


def test_it_refuses_an_invitation_past_its_expiry_even_with_a_fresh_link(
    alice: User, as_alice: Client, nina: User
) -> None:
    send_invitation(as_alice)
    link = invite_link()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = answer(client_for(nina), link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert memberships_of(nina) == []


def test_it_refuses_to_reuse_an_accepted_link(alice: User, as_alice: Client, nina: User) -> None:
    send_invitation(as_alice)
    link = invite_link()
    invitee = client_for(nina)
    assert answer(invitee, link).status_code == 302
    again = answer(invitee, link)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert len(memberships_of(nina)) == 1
    # Nor does the old link bring back someone who left.
    membership = memberships_of(nina)[0]
    assert invitee.post(f"/circle/leave/{membership.pk}/").status_code == 302
    assert answer(invitee, link).status_code == 410
    assert [m.status for m in memberships_of(nina)] == ["ended"]


def test_it_refuses_acceptance_by_another_account(
    alice: User, as_alice: Client, charlie: User, nina: User
) -> None:
    send_invitation(as_alice)
    link = invite_link()
    intruder = client_for(charlie)
    page = intruder.get(link)
    assert page.status_code == 200
    assert "sent to another e-mail address" in page.content.decode()
    assert 'value="accept"' not in page.content.decode()
    for choice in ("accept", "decline"):
        response = answer(intruder, link, choice)
        assert response.status_code == 400
        assert "sent to another e-mail address" in response.content.decode()
    assert memberships_of(charlie) == []
    assert Invitation.objects.get().status == "pending"
    # The right person still can.
    assert answer(client_for(nina), link).status_code == 302
    assert len(memberships_of(nina)) == 1


def test_it_asks_an_anonymous_visitor_to_log_in_before_answering(
    alice: User, as_alice: Client
) -> None:
    send_invitation(as_alice)
    link = invite_link()
    response = answer(Client(), link)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={link}"
    assert Invitation.objects.get().status == "pending"
    assert not Membership.objects.filter(client=alice).exists()


def test_it_declines_an_invitation(alice: User, as_alice: Client, nina: User) -> None:
    send_invitation(as_alice)
    link = invite_link()
    invitee = client_for(nina)
    assert answer(invitee, link, "decline").status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.status == "declined"
    assert invitation.responded_at is not None
    assert memberships_of(nina) == []
    assert answer(invitee, link).status_code == 410
    assert memberships_of(nina) == []


def test_it_kills_the_link_of_a_cancelled_invitation(
    alice: User, as_alice: Client, nina: User
) -> None:
    send_invitation(as_alice)
    link = invite_link()
    invitation = Invitation.objects.get()
    assert as_alice.post(f"/circle/invitations/{invitation.pk}/cancel/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"
    invitee = client_for(nina)
    assert 'value="accept"' not in invitee.get(link).content.decode()
    assert answer(invitee, link).status_code == 410
    assert memberships_of(nina) == []


@pytest.mark.parametrize("who", ["nina", "stranger", "anonymous"])
def test_it_shows_only_that_a_used_link_was_used(
    alice: User, as_alice: Client, nina: User, charlie: User, who: str
) -> None:
    send_invitation(as_alice)
    link = invite_link()
    assert answer(client_for(nina), link).status_code == 302
    web = {"nina": client_for(nina), "stranger": client_for(charlie), "anonymous": Client()}[who]
    for response in (web.get(link), answer(web, link)):
        page = response.content.decode().split('<main id="main"')[1]
        assert response.status_code == 410
        assert "already used" in page
        # Neither the personal note nor what the invitation shared, nor who sent it.
        assert "Would you walk with me?" not in page
        assert "sobriety" not in page.lower()
        assert "help board" not in page.lower()
        assert "Alice Anders" not in page
        assert 'value="accept"' not in page
    assert ("You accepted it" in web.get(link).content.decode()) == (who == "nina")


def test_it_lets_only_the_client_cancel_an_invitation(
    alice: User, as_alice: Client, charlie: User
) -> None:
    send_invitation(as_alice)
    invitation = Invitation.objects.get()
    client_for(charlie).post(f"/circle/invitations/{invitation.pk}/cancel/")
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_it_replaces_an_earlier_invitation_to_the_same_address(
    alice: User, as_alice: Client, nina: User
) -> None:
    send_invitation(as_alice, scopes=["plan"])
    first_link = invite_link()
    send_invitation(as_alice, email="NEW@example.org", scopes=["alerts"])
    second_link = invite_link()
    first, second = Invitation.objects.order_by("id")
    assert (first.status, second.status) == ("cancelled", "pending")
    invitee = client_for(nina)
    assert answer(invitee, first_link).status_code == 410
    assert memberships_of(nina) == []
    assert answer(invitee, second_link).status_code == 302
    assert [m.scopes for m in memberships_of(nina)] == [["alerts"]]


def test_it_does_not_let_an_unverified_client_invite(alice: User, as_alice: Client) -> None:
    alice.email_verified_at = None
    alice.save()
    response = send_invitation(as_alice)
    assert response.status_code == 400
    assert "verify your e-mail address" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("alice@example.org", "cannot invite yourself"),
        ("Alice@Example.ORG", "cannot invite yourself"),
        ("bob@example.org", "already in your circle"),
        ("BOB@example.org", "already in your circle"),
    ],
)
def test_it_refuses_to_invite_oneself_or_a_member(
    alice: User, as_alice: Client, bob_membership: Membership, email: str, words: str
) -> None:
    response = send_invitation(as_alice, email=email)
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].non_field_errors())
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_lets_a_client_invite_again_someone_who_left(
    alice: User, as_alice: Client, bob: User, bob_membership: Membership
) -> None:
    bob_web = client_for(bob)
    assert bob_web.post(f"/circle/leave/{bob_membership.pk}/").status_code == 302
    assert send_invitation(as_alice, email="bob@example.org", scopes=["plan"]).status_code == 302
    assert answer(bob_web, invite_link()).status_code == 302
    statuses = sorted((m.status, tuple(m.scopes)) for m in memberships_of(bob))
    assert statuses == [("active", ("plan",)), ("ended", ("sobriety", "checkin_summary"))]


# Consent changes take effect on the next request


def test_it_shows_a_supporter_changed_scopes_on_the_next_request(
    alice: User, as_alice: Client, as_bob: Client, bob_membership: Membership
) -> None:
    assert supporting_api(as_bob, alice).json()["scopes"] == ["sobriety", "checkin_summary"]
    response = as_alice.post(
        f"/circle/members/{bob_membership.pk}/",
        {"relationship": "sponsor", "scopes": ["plan", "sobriety"]},
    )
    assert response.status_code == 302
    after = supporting_api(as_bob, alice).json()
    assert after["scopes"] == ["sobriety", "plan"]
    assert after["relationship"] == "sponsor"
    page = as_bob.get(f"/supporting/{alice.pk}/").content.decode()
    assert "My relapse prevention plan" in page.split("Not shared with you")[0]

    as_alice.post(f"/circle/members/{bob_membership.pk}/", {"relationship": "sponsor"})
    assert supporting_api(as_bob, alice).json()["scopes"] == []


def test_it_hides_the_client_from_a_removed_supporter_at_once(
    alice: User, as_alice: Client, as_bob: Client, bob_membership: Membership
) -> None:
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 200
    assert as_alice.post(f"/circle/members/{bob_membership.pk}/remove/").status_code == 302
    bob_membership.refresh_from_db()
    assert bob_membership.status == "ended"
    assert bob_membership.ended_at is not None
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 404
    assert supporting_api(as_bob, alice).status_code == 404
    assert as_bob.get("/api/v1/supporting").json() == []


def test_it_hides_the_client_from_a_paused_supporter_until_resumed(
    alice: User, as_alice: Client, as_bob: Client, bob_membership: Membership
) -> None:
    pause = f"/circle/members/{bob_membership.pk}/pause/"
    assert as_alice.post(pause, {"paused": "1"}).status_code == 302
    bob_membership.refresh_from_db()
    assert bob_membership.status == "paused"
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 404
    assert supporting_api(as_bob, alice).status_code == 404
    assert as_bob.get("/api/v1/supporting").json() == []

    assert as_alice.post(pause, {"paused": "0"}).status_code == 302
    bob_membership.refresh_from_db()
    assert bob_membership.status == "active"
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 200
    assert supporting_api(as_bob, alice).json()["scopes"] == ["sobriety", "checkin_summary"]


def test_it_lets_a_supporter_leave(
    alice: User, as_alice: Client, as_bob: Client, bob_membership: Membership
) -> None:
    assert as_bob.post(f"/circle/leave/{bob_membership.pk}/").status_code == 302
    bob_membership.refresh_from_db()
    assert bob_membership.status == "ended"
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 404
    assert as_alice.get("/api/v1/circle").json()["members"] == []


def test_it_lets_nobody_else_change_a_membership(
    alice: User, charlie: User, bob_membership: Membership
) -> None:
    stranger = client_for(charlie)
    member = bob_membership.pk
    assert stranger.get(f"/circle/members/{member}/").status_code == 404
    assert (
        stranger.post(f"/circle/members/{member}/", {"relationship": "family"}).status_code == 404
    )
    assert stranger.post(f"/circle/members/{member}/pause/", {"paused": "1"}).status_code == 404
    assert stranger.post(f"/circle/members/{member}/remove/").status_code == 404
    assert stranger.post(f"/circle/leave/{member}/").status_code == 404
    bob_membership.refresh_from_db()
    assert (bob_membership.status, bob_membership.relationship) == ("active", "friend")
    assert bob_membership.scopes == ["sobriety", "checkin_summary"]


# The access log


def overview_reads(client: User) -> list[tuple[int | None, str, str]]:
    rows = AccessLog.objects.filter(client=client, what__contains="circle overview").order_by("id")
    return [(row.viewer_id, row.viewer_name, row.channel) for row in rows]


def test_it_logs_a_supporters_reads_on_web_and_api(alice: User, bob: User, as_bob: Client) -> None:
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 200
    assert supporting_api(as_bob, alice).status_code == 200
    assert overview_reads(alice) == [(bob.pk, "Bob Brown", "web"), (bob.pk, "Bob Brown", "api")]
    assert not AccessLog.objects.exclude(client=alice).exists()


def test_it_does_not_log_a_client_reading_their_own_data(
    alice: User, as_alice: Client, bob_membership: Membership
) -> None:
    for url in (
        "/",
        f"/supporting/{alice.pk}/",
        f"/api/v1/supporting/{alice.pk}",
        "/api/v1/circle",
        "/api/v1/me",
        "/access-log/",
    ):
        assert as_alice.get(url).status_code in {200, 302, 404}, url
    assert not AccessLog.objects.exists()


def test_it_does_not_log_a_refused_read(
    alice: User, charlie: User, as_bob: Client, bob_membership: Membership
) -> None:
    assert client_for(charlie).get(f"/supporting/{alice.pk}/").status_code == 404
    bob_membership.status = "paused"
    bob_membership.save()
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 404
    assert supporting_api(as_bob, alice).status_code == 404
    assert not AccessLog.objects.exists()


def test_it_logs_one_read_per_visit_naming_every_section(
    alice: User, bob: User, as_bob: Client, bob_membership: Membership
) -> None:
    bob_membership.scopes = [s.value for s in Scope]  # every section of the page
    bob_membership.save()
    assert as_bob.get(f"/supporting/{alice.pk}/").status_code == 200
    [visit] = AccessLog.objects.filter(client=alice)  # not one row per section
    assert visit.what.startswith("circle overview, ")
    for section in ("sobriety count", "check-in status", "check-in details"):
        assert section in visit.what
    assert (visit.viewer_id, visit.channel) == (bob.pk, "web")


def test_it_groups_the_clients_access_log_by_person_and_day(
    alice: User, as_alice: Client, bob: User, as_bob: Client
) -> None:
    as_bob.get(f"/supporting/{alice.pk}/")
    supporting_api(as_bob, alice)
    page = as_alice.get("/access-log/")
    assert page.status_code == 200
    [group] = page.context["groups"]
    assert (group.viewer_name, len(group.visits)) == ("Bob Brown", 2)
    assert group.what[0] == "circle overview"
    assert group.channels == ["API", "web"]
    body = page.content.decode()
    assert "<strong>Bob Brown</strong>" in body and "2 visits" in body
    details = body.split("<details>")[1].split("</details>")[0]
    assert details.count("<li>") == 2 and "(API)" in details and "(web)" in details
    api_rows = as_alice.get("/api/v1/access-log").json()["items"]
    assert {(r["viewer_id"], r["channel"]) for r in api_rows} == {(bob.pk, "web"), (bob.pk, "api")}
    # Bob's own log is about bob's data only.
    assert as_bob.get("/access-log/").context["groups"] == []


# Bad input on every circle form: a form error, and nothing saved is lost


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"relationship": "boss"}, "relationship"),
        ({"scopes": ["sobriety", "bank_account"]}, "scopes"),
        ({"message": "x" * 501}, "message"),
    ],
)
def test_it_refuses_a_bad_invitation_form_and_keeps_what_was_saved(
    alice: User, as_alice: Client, changes: dict[str, object], field: str
) -> None:
    send_invitation(as_alice)
    earlier = Invitation.objects.get()
    response = send_invitation(as_alice, **changes)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert list(Invitation.objects.all()) == [earlier]
    earlier.refresh_from_db()
    assert (earlier.status, earlier.scopes) == ("pending", ["sobriety", "help"])
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"relationship": "boss", "scopes": ["plan"]}, "relationship"),
        ({"relationship": "family", "scopes": ["plan", "bank_account"]}, "scopes"),
        ({"scopes": ["plan"]}, "relationship"),
    ],
)
def test_it_refuses_a_bad_membership_form_and_keeps_the_consent(
    as_alice: Client, as_bob: Client, bob_membership: Membership, data: dict[str, Any], field: str
) -> None:
    response = as_alice.post(f"/circle/members/{bob_membership.pk}/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    bob_membership.refresh_from_db()
    assert bob_membership.relationship == "friend"
    assert bob_membership.scopes == ["sobriety", "checkin_summary"]
    assert bob_membership.status == "active"


@pytest.mark.parametrize("status", ["active", "paused"])
@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_it_refuses_a_bad_pause_form_and_keeps_the_status(
    as_alice: Client, bob_membership: Membership, status: str, value: str
) -> None:
    bob_membership.status = status
    bob_membership.save()
    response = as_alice.post(f"/circle/members/{bob_membership.pk}/pause/", {"paused": value})
    assert response.status_code == 400
    assert "pause or resume" in response.content.decode()
    bob_membership.refresh_from_db()
    assert bob_membership.status == status


def test_it_refuses_a_bad_answer_to_an_invitation(
    alice: User, as_alice: Client, nina: User
) -> None:
    send_invitation(as_alice)
    response = answer(client_for(nina), invite_link(), "maybe")
    assert response.status_code == 400
    assert "Choose accept or decline" in response.content.decode()
    assert Invitation.objects.get().status == "pending"
    assert memberships_of(nina) == []
