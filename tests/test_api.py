"""The JSON API: CSRF for session calls, Bearer tokens without it, JSON errors, OpenAPI."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from accounts.services import create_api_token
from circle.models import Invitation, Membership
from recoverycircle.api import ERRORS
from tests.conftest import client_for

if TYPE_CHECKING:
    from tests.conftest import Response

INVITATION = {"email": "new@example.org", "relationship": "friend", "scopes": ["sobriety"]}


def send(web: Client, method: str, url: str, body: object = None, **extra: Any) -> Response:
    data = "" if body is None else json.dumps(body)
    return web.generic(method, url, data=data, content_type="application/json", **extra)


def strict_client(user: User) -> Client:
    """A browser session whose requests are checked for CSRF, as in production."""
    web = Client(enforce_csrf_checks=True)
    web.force_login(user)
    return web


def csrf_token(web: Client) -> str:
    assert web.get("/crisis/").status_code == 200
    return str(web.cookies["csrftoken"].value)


def assert_error(response: Response, status: int, words: str = "") -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["message"], str) and body["message"]
    assert words in body["message"]
    return dict(body)


# CSRF


def test_it_refuses_a_session_post_without_the_csrf_token(alice: User) -> None:
    web = strict_client(alice)
    csrf_token(web)  # the browser holds the cookie, but the request does not echo it
    assert_error(send(web, "POST", "/api/v1/circle/invitations", INVITATION), 403, "CSRF")
    assert_error(
        send(web, "POST", "/api/v1/circle/invitations", INVITATION, HTTP_X_CSRFTOKEN="wrong"),
        403,
        "CSRF",
    )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_accepts_a_session_post_with_the_csrf_header(alice: User) -> None:
    web = strict_client(alice)
    token = csrf_token(web)
    response = send(web, "POST", "/api/v1/circle/invitations", INVITATION, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "new@example.org"
    assert Invitation.objects.get().client == alice


def test_it_refuses_a_session_patch_without_the_csrf_token(
    alice: User, bob_membership: Membership
) -> None:
    web = strict_client(alice)
    url = f"/api/v1/circle/members/{bob_membership.pk}"
    change = {"scopes": ["plan"], "paused": True}
    assert_error(send(web, "PATCH", url, change), 403)
    bob_membership.refresh_from_db()
    assert (bob_membership.scopes, bob_membership.status) == (
        ["sobriety", "checkin_summary"],
        "active",
    )
    response = send(web, "PATCH", url, change, HTTP_X_CSRFTOKEN=csrf_token(web))
    assert response.status_code == 200
    assert response.json()["scopes"] == ["plan"]
    assert response.json()["status"] == "paused"
    bob_membership.refresh_from_db()
    assert (bob_membership.scopes, bob_membership.status) == (["plan"], "paused")


def test_it_refuses_a_session_delete_without_the_csrf_token(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    invitation = Invitation.objects.create(
        client=alice,
        email="new@example.org",
        relationship="friend",
        expires_at=bob_membership.created_at.replace(year=2100),
    )
    owner = strict_client(alice)
    supporter = strict_client(bob)
    deletes = [
        (owner, f"/api/v1/circle/invitations/{invitation.pk}"),
        (owner, f"/api/v1/circle/members/{bob_membership.pk}"),
        (supporter, f"/api/v1/supporting/{alice.pk}"),
    ]
    for web, url in deletes:
        assert_error(send(web, "DELETE", url), 403)
    invitation.refresh_from_db()
    bob_membership.refresh_from_db()
    assert (invitation.status, bob_membership.status) == ("pending", "active")

    cancelled = send(owner, "DELETE", deletes[0][1], HTTP_X_CSRFTOKEN=csrf_token(owner))
    assert cancelled.status_code == 204
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"
    left = send(supporter, "DELETE", deletes[2][1], HTTP_X_CSRFTOKEN=csrf_token(supporter))
    assert left.status_code == 204
    bob_membership.refresh_from_db()
    assert bob_membership.status == "ended"


def test_it_needs_no_csrf_token_with_a_bearer_token(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    _, secret = create_api_token(alice, "script")
    script = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    created = send(script, "POST", "/api/v1/circle/invitations", INVITATION, **auth)
    assert created.status_code == 201, created.content
    changed = send(
        script, "PATCH", f"/api/v1/circle/members/{bob_membership.pk}", {"scopes": []}, **auth
    )
    assert changed.status_code == 200
    assert changed.json()["scopes"] == []
    cancelled = send(script, "DELETE", f"/api/v1/circle/invitations/{created.json()['id']}", **auth)
    assert cancelled.status_code == 204
    assert Invitation.objects.get().status == "cancelled"
    bob_membership.refresh_from_db()
    assert bob_membership.scopes == []


def test_it_lets_a_supporter_leave_through_the_api(
    alice: User, bob: User, bob_membership: Membership, as_bob: Client
) -> None:
    assert as_bob.get(f"/api/v1/supporting/{alice.pk}").status_code == 200
    assert send(as_bob, "DELETE", f"/api/v1/supporting/{alice.pk}").status_code == 204
    bob_membership.refresh_from_db()
    assert bob_membership.status == "ended"
    assert_error(as_bob.get(f"/api/v1/supporting/{alice.pk}"), 404)
    assert_error(send(as_bob, "DELETE", f"/api/v1/supporting/{alice.pk}"), 404)


def test_it_lets_a_paused_supporter_leave_through_the_api(
    alice: User, bob_membership: Membership, as_bob: Client
) -> None:
    bob_membership.status = "paused"
    bob_membership.save()
    assert send(as_bob, "DELETE", f"/api/v1/supporting/{alice.pk}").status_code == 204
    bob_membership.refresh_from_db()
    assert bob_membership.status == "ended"


def test_it_answers_401_to_a_post_with_a_revoked_token(alice: User) -> None:
    token, secret = create_api_token(alice, "script")
    token.revoked_at = token.created_at
    token.save()
    script = Client(enforce_csrf_checks=True)
    response = send(
        script,
        "POST",
        "/api/v1/circle/invitations",
        INVITATION,
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert_error(response, 401)


# Errors are JSON with a message


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/api/v1/me", None),
        ("GET", "/api/v1/circle", None),
        ("GET", "/api/v1/supporting", None),
        ("GET", "/api/v1/access-log", None),
        ("POST", "/api/v1/circle/invitations", INVITATION),
        ("PATCH", "/api/v1/circle/members/1", {"scopes": []}),
    ],
)
def test_it_answers_401_without_a_session_or_token(
    db: None, method: str, url: str, body: object
) -> None:
    assert_error(send(Client(), method, url, body), 401)
    assert not Invitation.objects.exists()


def test_it_answers_404_for_another_clients_membership(
    alice: User, charlie: User, bob_membership: Membership
) -> None:
    stranger = client_for(charlie)
    url = f"/api/v1/circle/members/{bob_membership.pk}"
    assert_error(send(stranger, "PATCH", url, {"scopes": ["plan"], "paused": True}), 404)
    assert_error(send(stranger, "DELETE", url), 404)
    assert_error(stranger.get(f"/api/v1/supporting/{alice.pk}"), 404)
    assert_error(send(stranger, "DELETE", f"/api/v1/supporting/{alice.pk}"), 404)
    assert_error(send(client_for(alice), "PATCH", "/api/v1/circle/members/999999", {}), 404)
    bob_membership.refresh_from_db()
    assert (bob_membership.status, bob_membership.scopes) == (
        "active",
        ["sobriety", "checkin_summary"],
    )


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"scopes": ["sobriety", "bank_account"]}, "scopes"),
        ({"relationship": "boss"}, "relationship"),
        ({"email": "not-an-address"}, "email"),
        ({"email": None}, "email"),
        ({"message": "x" * 501}, "message"),
    ],
)
def test_it_answers_422_to_a_bad_invitation(
    alice: User, as_alice: Client, changes: dict[str, Any], where: str
) -> None:
    body = {**INVITATION, **changes}
    error = assert_error(send(as_alice, "POST", "/api/v1/circle/invitations", body), 422)
    assert error["message"].startswith(where)
    assert any(where in e["loc"] for e in error["errors"])
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change", [{"scopes": ["bank_account"]}, {"relationship": "boss"}, {"paused": "maybe"}]
)
def test_it_answers_422_to_a_bad_membership_change(
    as_alice: Client, bob_membership: Membership, change: dict[str, Any]
) -> None:
    url = f"/api/v1/circle/members/{bob_membership.pk}"
    assert_error(send(as_alice, "PATCH", url, change), 422)
    bob_membership.refresh_from_db()
    assert (bob_membership.status, bob_membership.relationship, bob_membership.scopes) == (
        "active",
        "friend",
        ["sobriety", "checkin_summary"],
    )


def test_it_answers_400_to_a_body_that_is_not_json(alice: User, as_alice: Client) -> None:
    response = as_alice.generic(
        "POST", "/api/v1/circle/invitations", data="{not json", content_type="application/json"
    )
    assert_error(response, 400)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("email", "words"),
    [("alice@example.org", "cannot invite yourself"), ("BOB@example.org", "already in your")],
)
def test_it_answers_400_to_a_refused_invitation(
    alice: User, as_alice: Client, bob_membership: Membership, email: str, words: str
) -> None:
    body = {**INVITATION, "email": email}
    assert_error(send(as_alice, "POST", "/api/v1/circle/invitations", body), 400, words)
    assert not Invitation.objects.exists()


def test_it_answers_400_to_an_unverified_client_inviting(alice: User, as_alice: Client) -> None:
    alice.email_verified_at = None
    alice.save()
    response = send(as_alice, "POST", "/api/v1/circle/invitations", INVITATION)
    assert_error(response, 400, "verify your e-mail address")
    assert not Invitation.objects.exists()


def test_it_answers_400_to_cancelling_an_answered_invitation(alice: User, as_alice: Client) -> None:
    created = send(as_alice, "POST", "/api/v1/circle/invitations", INVITATION).json()
    url = f"/api/v1/circle/invitations/{created['id']}"
    assert send(as_alice, "DELETE", url).status_code == 204
    assert_error(send(as_alice, "DELETE", url), 400, "no longer waiting")


def test_it_does_not_let_a_stranger_cancel_an_invitation(
    alice: User, as_alice: Client, charlie: User
) -> None:
    created = send(as_alice, "POST", "/api/v1/circle/invitations", INVITATION).json()
    response = send(client_for(charlie), "DELETE", f"/api/v1/circle/invitations/{created['id']}")
    assert response.status_code in {400, 404}
    assert_error(response, response.status_code)
    assert Invitation.objects.get().status == "pending"


def test_it_answers_json_for_an_unknown_api_path(alice: User, as_alice: Client) -> None:
    assert_error(as_alice.get("/api/v1/no-such-thing"), 404)


def test_it_answers_json_for_a_wrong_method(alice: User, as_alice: Client) -> None:
    assert_error(send(as_alice, "PUT", "/api/v1/me", {}), 405)


# OpenAPI


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def test_it_lists_the_paths_in_openapi(openapi: dict[str, Any]) -> None:
    paths = openapi["paths"]
    expected = {
        "/api/v1/me": {"get"},
        "/api/v1/circle": {"get"},
        "/api/v1/circle/invitations": {"post"},
        "/api/v1/circle/invitations/{invitation_id}": {"delete"},
        "/api/v1/circle/members/{membership_id}": {"patch", "delete"},
        "/api/v1/supporting": {"get"},
        "/api/v1/supporting/{client_id}": {"get", "delete"},
        "/api/v1/access-log": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert set(paths[path]) == methods, path


def test_it_gives_no_two_openapi_paths_the_same_shape(openapi: dict[str, Any]) -> None:
    shapes = [
        "/".join("{}" if part.startswith("{") else part for part in path.split("/"))
        for path in openapi["paths"]
    ]
    assert len(shapes) == len(set(shapes)), sorted(shapes)


def test_it_declares_the_json_errors_of_every_operation(openapi: dict[str, Any]) -> None:
    assert set(openapi["components"]["schemas"]["ErrorOut"]["required"]) == {"message"}
    operations = [
        (path, method, operation)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) >= 10
    for path, method, operation in operations:
        for status in ERRORS:
            declared = operation["responses"].get(str(status))
            assert declared is not None, (path, method, status)
            schema = declared["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, method, status)


def test_it_documents_both_ways_to_authenticate(openapi: dict[str, Any]) -> None:
    schemes = openapi["components"]["securitySchemes"]
    kinds = {(s["type"], s.get("scheme") or s.get("in")) for s in schemes.values()}
    assert kinds == {("http", "bearer"), ("apiKey", "cookie")}
    me = openapi["paths"]["/api/v1/me"]["get"]
    assert len(me["security"]) == 2
