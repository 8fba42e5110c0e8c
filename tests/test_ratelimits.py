"""Rate limits on the actions that send e-mail to a typed address: invitations, password reset,
verification and sign-up. Per account and per IP, with a clear error and Retry-After, on the
web (the form again, 429) and in the API (429 JSON); nothing is sent or saved past the limit."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django import Settings
from time_machine import TimeMachineFixture

from accounts.models import User
from accounts.services import create_api_token
from circle.models import Invitation
from ratelimits import services
from ratelimits.models import Counter
from tests.conftest import client_for

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

SMALL = {"account": (2, 3600), "ip": (3, 3600)}


@pytest.fixture
def small_limits(settings: Settings) -> None:
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, SMALL)


def invite_api(script: Client, n: int) -> _MonkeyPatchedWSGIResponse:
    return script.post(
        "/api/v1/circle/invitations",
        {"email": f"friend{n}@example.org", "relationship": "friend", "message": "http://x"},
        content_type="application/json",
    )


def test_it_stops_a_burst_of_invitations_from_one_account(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    """The spam relay: 30 invitations with a link-bearing note in a moment."""
    time_machine.move_to(timezone.now(), tick=False)
    _, secret = create_api_token(alice, "script")
    script = Client(headers={"Authorization": f"Bearer {secret}"})
    answers = [invite_api(script, n) for n in range(30)]
    assert [a.status_code for a in answers] == [201] * 20 + [429] * 10
    refused = answers[-1]
    assert "Too many attempts" in refused.json()["message"]
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert Invitation.objects.count() == 20 and len(mail.outbox) == 20
    time_machine.shift(timedelta(seconds=int(refused["Retry-After"])))
    assert invite_api(script, 99).status_code == 201


def test_it_documents_the_429_of_a_rate_limited_operation(db: None) -> None:
    from tests.routes import openapi_document

    responses = openapi_document()["paths"]["/api/v1/circle/invitations"]["post"]["responses"]
    assert 429 in responses


def test_it_refuses_a_web_invitation_with_the_form_and_retry_after(
    alice: User, small_limits: None, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    web = client_for(alice)
    sent = [
        web.post("/circle/invite/", {"email": f"f{n}@example.org", "relationship": "friend"})
        for n in range(3)
    ]
    assert [r.status_code for r in sent] == [302, 302, 429]
    page = sent[-1]
    assert "Too many attempts in a short time" in page.content.decode()
    assert page.context["form"]["email"].value() == "f2@example.org"  # nothing typed is lost
    assert page["Retry-After"] == "3600"
    assert Invitation.objects.count() == 2


def test_it_counts_per_ip_across_accounts(
    alice: User, bob: User, charlie: User, dana: User, small_limits: None
) -> None:
    for user in (alice, bob, charlie, dana):
        user.email_verified_at = None
        user.save()
    answers = [client_for(u).post("/accounts/verify-again/") for u in (alice, bob, charlie, dana)]
    # One each, but all from one address: the fourth is one too many for it.
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    elsewhere = client_for(dana)
    elsewhere.defaults["REMOTE_ADDR"] = "198.51.100.7"
    assert elsewhere.post("/accounts/verify-again/").status_code == 302


def test_it_limits_verification_e_mails_per_account(alice: User, small_limits: None) -> None:
    alice.email_verified_at = None
    alice.save()
    web = client_for(alice)
    answers = []
    for n in range(3):
        web.defaults["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        answers.append(web.post("/accounts/verify-again/"))
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Too many attempts" in answers[-1].content.decode()
    assert 3500 < int(answers[-1]["Retry-After"]) <= 3600
    assert len(mail.outbox) == 2


def test_it_limits_password_resets_per_address_whatever_the_forwarded_for(
    alice: User, small_limits: None
) -> None:
    answers = []
    for n in range(3):
        # Without a proxy (PROXY_COUNT=0) X-Forwarded-For is the client's own claim: ignored.
        web = Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        answers.append(web.post("/accounts/password-reset/", {"email": "alice@example.org"}))
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert answers[-1]["Retry-After"]
    assert "Too many attempts" in answers[-1].content.decode()
    assert len(mail.outbox) == 2
    # Another address from another place is not held up by them.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post("/accounts/password-reset/", {"email": "bob@example.org"}).status_code == 302


def test_it_limits_sign_ups_per_ip_and_per_address(db: None, small_limits: None) -> None:
    def sign_up(email: str, ip: str = "127.0.0.1") -> _MonkeyPatchedWSGIResponse:
        return Client(REMOTE_ADDR=ip).post(
            "/accounts/signup/",
            {
                "display_name": "Sam",
                "email": email,
                "time_zone": "UTC",
                "password1": "correct horse battery",
                "password2": "correct horse battery",
            },
        )

    per_ip = [sign_up(f"s{n}@example.org").status_code for n in range(4)]
    assert per_ip == [302, 302, 302, 429]
    per_address = [sign_up("x@example.org", ip=f"198.51.100.{n}").status_code for n in range(3)]
    assert per_address == [302, 302, 429]
    refused = sign_up("new@example.org")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert refused.context["form"]["email"].value() == "new@example.org"
    assert not User.objects.filter(email="new@example.org").exists()


def test_it_drops_counters_of_windows_long_over(db: None, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    services.check("signup", account="a@example.org", ip="198.51.100.1")
    assert Counter.objects.count() == 2
    assert not Counter.objects.filter(key__contains="a@example.org").exists()  # hashed
    time_machine.shift(timedelta(hours=2))
    services.check("signup", account="b@example.org", ip="")
    assert Counter.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_counts_parallel_attempts_exactly(settings: Settings) -> None:
    """Eight threads (each its own database connection) try 5 times each against a limit of
    20: exactly 20 pass, whatever the interleaving."""
    settings.RATE_LIMITS = {"invitation": {"account": (20, 3600)}}
    passed: list[int] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            for _ in range(5):
                try:
                    services.check("invitation", account=7, ip="")
                except services.RateLimited:
                    continue
                with lock:
                    passed.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(passed) == 20
    assert Counter.objects.get().count == 40
