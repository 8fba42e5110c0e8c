"""Accounts: sign-up, e-mail verification, login and lockout, password reset, profile, tokens."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.services import verification_token
from tests.conftest import client_for

if TYPE_CHECKING:
    from tests.conftest import Response

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "another-quite-long-password"


def signup_data(**changes: str) -> dict[str, str]:
    data = {
        "display_name": "Sam Silva",
        "email": "sam@example.org",
        "time_zone": "Europe/Lisbon",
        "password1": "correct horse battery",
        "password2": "correct horse battery",
    }
    data.update(changes)
    return data


def only_link(body: object) -> str:
    links: list[str] = re.findall(r"https?://\S+", str(body))
    assert len(links) == 1, body
    return links[0]


def path_of(link: str) -> str:
    assert link.startswith(settings.SITE_URL + "/"), link
    return link.removeprefix(settings.SITE_URL)


def login(web: Client, email: str, password: str, **extra: Any) -> Response:
    return web.post("/accounts/login/", {"username": email, "password": password}, **extra)


def logged_in_user(web: Client) -> int | None:
    value = web.session.get("_auth_user_id")
    return None if value is None else int(value)


# Sign-up


SENT = "/accounts/signup/sent/?next=%2F"


def without_csrf_token(response: Any) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_it_never_sends_a_new_person_to_another_site(db: None, target: str) -> None:
    web = Client()
    response = web.post(f"/accounts/signup/?next={target}", signup_data(next=target))
    assert response.status_code == 302
    assert response["Location"] == SENT
    assert "evil" not in web.get(f"/accounts/signup/sent/?next={target}").content.decode()


def test_it_signs_up_a_new_person_who_then_logs_in(db: None) -> None:
    web = Client()
    response = web.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == SENT
    user = User.objects.get(email="sam@example.org")
    assert user.display_name == "Sam Silva"
    assert user.time_zone == "Europe/Lisbon"
    assert user.check_password("correct horse battery")
    assert user.email_verified_at is None
    # Not logged in by the sign-up itself: that would tell a new address from a known one.
    assert logged_in_user(web) is None
    page = web.get(response["Location"]).content.decode()
    assert "Check your e-mail" in page and 'href="/accounts/login/?next=/"' in page
    assert login(web, "sam@example.org", "correct horse battery").status_code == 302
    assert logged_in_user(web) == user.pk


def test_it_answers_a_sign_up_with_a_known_address_exactly_like_a_new_one(alice: User) -> None:
    """The page says nothing about the account; its owner gets an e-mail instead."""
    new, known = Client(), Client()
    new_answer = new.post("/accounts/signup/", signup_data())
    known_answer = known.post(
        "/accounts/signup/", signup_data(email="ALICE@example.org", display_name="Mallory")
    )
    assert (known_answer.status_code, known_answer["Location"]) == (302, SENT)
    assert (new_answer.status_code, new_answer["Location"]) == (302, SENT)
    assert without_csrf_token(new.get(SENT)) == without_csrf_token(known.get(SENT))
    assert logged_in_user(known) is None
    assert [m.to for m in mail.outbox] == [["sam@example.org"], ["alice@example.org"]]
    note = mail.outbox[1]
    assert "Someone tried to sign up with your address" in note.subject
    assert "nothing was changed" in note.body and "/accounts/password-reset/" in note.body
    alice.refresh_from_db()
    assert alice.display_name == "Alice Anders"
    assert alice.check_password(PASSWORD)
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


def test_it_stores_a_new_address_in_lower_case(db: None) -> None:
    Client().post("/accounts/signup/", signup_data(email="Sam.Silva@Example.ORG"))
    assert list(User.objects.values_list("email", flat=True)) == ["sam.silva@example.org"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"password2": "correct horse battery!"}, "password2", "not the same"),
        ({"password1": "1234567890", "password2": "1234567890"}, "password1", "too common"),
        ({"password1": "short1", "password2": "short1"}, "password1", "too short"),
        (
            {"password1": "sam@example.org", "password2": "sam@example.org"},
            "password1",
            "too similar",
        ),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "valid choice"),
    ],
)
def test_it_refuses_a_bad_sign_up_with_a_form_error(
    alice: User, changes: dict[str, str], field: str, words: str
) -> None:
    web = Client()
    response = web.post("/accounts/signup/", signup_data(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert list(User.objects.values_list("email", flat=True)) == ["alice@example.org"]
    assert mail.outbox == []
    assert logged_in_user(web) is None


def test_it_refuses_a_password_like_the_persons_name(db: None) -> None:
    response = Client().post(
        "/accounts/signup/", signup_data(password1="sam silva 1", password2="sam silva 1")
    )
    assert response.status_code == 200
    assert "too similar" in " ".join(response.context["form"].errors["password1"])
    assert not User.objects.exists()


def test_it_sends_a_verification_link_that_verifies(db: None) -> None:
    web = Client()
    web.post("/accounts/signup/", signup_data())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert "Confirm your e-mail address" in message.subject
    link = only_link(message.body)
    assert path_of(link).startswith("/accounts/verify/")
    response = web.get(path_of(link))
    assert response.status_code == 302
    assert User.objects.get(email="sam@example.org").email_verified


def test_it_verifies_from_a_link_opened_without_logging_in(db: None) -> None:
    Client().post("/accounts/signup/", signup_data())
    response = Client().get(path_of(only_link(mail.outbox[0].body)))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert User.objects.get(email="sam@example.org").email_verified


def test_it_refuses_a_forged_verification_link(alice: User, charlie: User) -> None:
    charlie.email_verified_at = None
    charlie.save()
    forged = verification_token(charlie)[:-4] + "abcd"
    response = Client().get(f"/accounts/verify/{forged}/")
    assert response.status_code == 302
    charlie.refresh_from_db()
    assert charlie.email_verified_at is None
    # A link made for another account does not verify this one either.
    Client().get(f"/accounts/verify/{verification_token(alice)}/")
    charlie.refresh_from_db()
    assert charlie.email_verified_at is None


def test_it_refuses_an_expired_verification_link(charlie: User) -> None:
    charlie.email_verified_at = None
    charlie.save()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        token = verification_token(charlie)
        traveller.shift(timedelta(days=3, minutes=1))
        Client().get(f"/accounts/verify/{token}/")
    charlie.refresh_from_db()
    assert charlie.email_verified_at is None


def test_it_refuses_a_link_sent_to_an_old_address(charlie: User) -> None:
    charlie.email_verified_at = None
    charlie.save()
    token = verification_token(charlie)
    charlie.email = "charlie.new@example.org"
    charlie.save()
    Client().get(f"/accounts/verify/{token}/")
    charlie.refresh_from_db()
    assert charlie.email_verified_at is None


def test_it_resends_the_verification_link(charlie: User) -> None:
    charlie.email_verified_at = None
    charlie.save()
    web = client_for(charlie)
    assert web.post("/accounts/verify-again/").status_code == 302
    assert [m.to for m in mail.outbox] == [["charlie@example.org"]]
    web.get(path_of(only_link(mail.outbox[0].body)))
    charlie.refresh_from_db()
    assert charlie.email_verified


# Login and lockout


def test_it_logs_in_with_the_right_password(alice: User) -> None:
    web = Client()
    response = login(web, "alice@example.org", PASSWORD)
    assert response.status_code == 302
    assert logged_in_user(web) == alice.pk


def test_it_logs_in_whatever_the_case_of_the_address(alice: User) -> None:
    web = Client()
    assert login(web, "Alice@Example.org", PASSWORD).status_code == 302
    assert logged_in_user(web) == alice.pk


def test_it_refuses_a_wrong_password_with_a_form_error(alice: User) -> None:
    web = Client()
    response = login(web, "alice@example.org", "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert logged_in_user(web) is None


def test_it_locks_an_account_after_five_failures_until_the_cool_off_ends(alice: User) -> None:
    web = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        statuses = [login(web, "alice@example.org", f"wrong-{n}").status_code for n in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        locked = login(web, "alice@example.org", PASSWORD)
        assert locked.status_code == 429
        assert "Too many attempts" in locked.content.decode()
        assert "accounts/locked_out.html" in [t.name for t in locked.templates]
        assert logged_in_user(web) is None

        traveller.shift(timedelta(minutes=16))
        response = login(web, "alice@example.org", PASSWORD)
        assert response.status_code == 302
        assert logged_in_user(web) == alice.pk


def test_it_ends_a_lockout_by_itself_even_when_someone_keeps_trying(alice: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for n in range(5):
            login(Client(), "alice@example.org", f"wrong-{n}")
        traveller.shift(timedelta(minutes=10))
        assert login(Client(), "alice@example.org", PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=6))
        assert login(Client(), "alice@example.org", PASSWORD).status_code == 302


def test_it_counts_failures_across_spellings_of_one_address(alice: User) -> None:
    spellings = ["alice@example.org", "ALICE@example.org", "Alice@Example.org", "aLiCe@example.org"]
    for n in range(5):
        login(Client(), spellings[n % len(spellings)], f"wrong-{n}")
    assert login(Client(), "alice@example.org", PASSWORD).status_code == 429
    assert login(Client(), "ALICE@EXAMPLE.ORG", PASSWORD).status_code == 429


def test_it_keys_the_lockout_on_account_and_ip(alice: User, bob: User) -> None:
    for n in range(5):
        login(Client(), "alice@example.org", f"wrong-{n}")
    assert login(Client(), "alice@example.org", PASSWORD).status_code == 429
    # Another account from the same address is not locked...
    other_account = Client()
    assert login(other_account, "bob@example.org", PASSWORD).status_code == 302
    assert logged_in_user(other_account) == bob.pk
    # ...and neither is the same account from another address.
    other_ip = Client()
    assert login(other_ip, "alice@example.org", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302
    assert logged_in_user(other_ip) == alice.pk


def test_it_forgets_earlier_failures_after_a_good_login(alice: User) -> None:
    for n in range(4):
        login(Client(), "alice@example.org", f"wrong-{n}")
    assert login(Client(), "alice@example.org", PASSWORD).status_code == 302
    for n in range(4):
        login(Client(), "alice@example.org", f"wrong-again-{n}")
    assert login(Client(), "alice@example.org", PASSWORD).status_code == 302


# Password reset


def test_it_resets_a_password_through_the_emailed_link(alice: User) -> None:
    web = Client()
    response = web.post("/accounts/password-reset/", {"email": "Alice@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Choose a new Recovery Circle password"
    link = only_link(message.body)
    assert link.startswith(settings.SITE_URL + "/accounts/password-reset/")

    form_page = web.get(path_of(link), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = web.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert login(Client(), "alice@example.org", NEW_PASSWORD).status_code == 302
    assert login(Client(), "alice@example.org", PASSWORD).status_code == 200

    # The link works once.
    again = Client().get(path_of(link), follow=True)
    assert again.context["validlink"] is False


def test_it_lifts_a_lockout_when_the_password_is_reset(alice: User) -> None:
    # The lockout page offers a reset as the way back in; the link proves the person reads
    # the account's mail.
    for n in range(5):
        login(Client(), "alice@example.org", f"wrong-{n}")
    assert login(Client(), "alice@example.org", PASSWORD).status_code == 429
    web = Client()
    web.post("/accounts/password-reset/", {"email": "alice@example.org"})
    form_page = web.get(path_of(only_link(mail.outbox[0].body)), follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    web.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert login(Client(), "alice@example.org", NEW_PASSWORD).status_code == 302


def test_it_keeps_a_lockout_when_a_reset_is_only_asked_for(alice: User) -> None:
    for n in range(5):
        login(Client(), "alice@example.org", f"wrong-{n}")
    Client().post("/accounts/password-reset/", {"email": "alice@example.org"})
    assert login(Client(), "alice@example.org", PASSWORD).status_code == 429


def test_it_sends_no_reset_mail_for_an_unknown_address(db: None) -> None:
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


# Profile


def test_it_saves_the_profile(alice: User, as_alice: Client) -> None:
    response = as_alice.post(
        "/accounts/profile/",
        {"display_name": "Alice A.", "time_zone": "Europe/Madrid", "language": "es"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone, alice.language) == (
        "Alice A.",
        "Europe/Madrid",
        "es",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"language": "xx"}, "language"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_it_refuses_a_bad_profile_and_saves_nothing(
    alice: User, as_alice: Client, changes: dict[str, str], field: str
) -> None:
    data = {"display_name": "Alice A.", "time_zone": "Europe/Madrid", "language": "es"}
    data.update(changes)
    response = as_alice.post("/accounts/profile/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone, alice.language) == (
        "Alice Anders",
        "America/New_York",
        "en",
    )


# Personal access tokens


def make_token(web: Client, name: str = "backup script") -> str:
    made = web.post("/accounts/tokens/", {"name": name})
    assert made.status_code == 302  # post/redirect/get: a reload cannot make a second token
    assert made["Location"] == "/accounts/profile/#tokens"
    response = web.get("/accounts/profile/")
    assert "no-store" in response["Cache-Control"]
    secret = response.context["new_secret"]
    assert secret.startswith("rc_")
    assert secret in response.content.decode()
    return str(secret)


def test_it_shows_a_new_token_once_and_stores_only_its_digest(
    alice: User, as_alice: Client
) -> None:
    secret = make_token(as_alice)
    token = ApiToken.objects.get(user=alice)
    assert token.name == "backup script"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    # No column holds the secret, nor its part after the displayed prefix.
    assert token.prefix == secret[:10]
    assert not any(secret[10:] in value for value in stored)
    # The profile page never shows it again, and the session no longer holds it.
    assert secret not in as_alice.get("/accounts/profile/").content.decode()
    assert secret not in str(dict(as_alice.session))
    assert ApiToken.objects.filter(user=alice).count() == 1


def test_it_refuses_a_token_without_a_name(alice: User, as_alice: Client) -> None:
    response = as_alice.post("/accounts/tokens/", {"name": ""})
    assert response.status_code == 400
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_it_accepts_a_bearer_token_on_the_api(alice: User, as_alice: Client) -> None:
    secret = make_token(as_alice)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.org"
    assert response.json()["id"] == alice.pk
    assert ApiToken.objects.get(user=alice).last_used_at is not None


def test_it_refuses_a_revoked_token(alice: User, as_alice: Client) -> None:
    secret = make_token(as_alice)
    token = ApiToken.objects.get(user=alice)
    assert as_alice.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response.json()["message"]


@pytest.mark.parametrize(
    "header",
    ["Bearer rc_not-a-real-token", "Bearer nonsense", "Bearer ", "Basic YWxpY2U6cGFzcw=="],
)
def test_it_refuses_a_bad_token(alice: User, header: str) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["message"]


def test_it_does_not_let_one_person_revoke_anothers_token(
    alice: User, as_alice: Client, charlie: User
) -> None:
    secret = make_token(as_alice)
    token = ApiToken.objects.get(user=alice)
    client_for(charlie).post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_it_moves_the_checkin_deadline_when_the_time_zone_changes(
    alice: User, as_alice: Client
) -> None:
    from datetime import time

    from checkins.models import CheckInSchedule
    from checkins.schedule import refresh

    schedule = CheckInSchedule(client=alice, due_time=time(20, 0), grace_minutes=0)
    refresh(schedule, alice.zone, timezone.now())
    schedule.save()
    before = schedule.next_deadline_at
    response = as_alice.post(
        "/accounts/profile/",
        {"display_name": "Alice Anders", "time_zone": "Europe/Berlin", "language": "en"},
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.next_deadline_at is not None and before is not None
    assert schedule.next_deadline_at.astimezone(alice.zone.__class__("Europe/Berlin")).hour == 20
    assert schedule.next_deadline_at != before
