"""The account forms (accounts.forms), called directly: sign-up's password rules and the
address as stored, the time zone a browser reports, the login form's wording and its address
in lower case, and a password-reset e-mail in the account's own language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

import pytest
from django import forms
from django.core import mail
from django.test import RequestFactory
from django.utils import translation

from accounts.forms import LoginForm, ProfileForm, QueuedPasswordResetForm, SignUpForm
from accounts.models import User
from alerts.models import AccountEmail

PASSWORD = "a-long-test-password"


def choices_of(form: forms.BaseForm, name: str) -> list[tuple[Any, Any]]:
    """The (value, label) pairs a choice field offers."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return list(cast(Iterable[tuple[Any, Any]], field.choices))


def sign_up(**changes: str) -> SignUpForm:
    data = {
        "display_name": "Robin Reyes",
        "email": "robin@example.org",
        "time_zone": "America/New_York",
        "password1": "quiet harbour lantern",
        "password2": "quiet harbour lantern",
        **changes,
    }
    return SignUpForm(data)


def test_it_signs_up_with_a_good_password() -> None:
    form = sign_up()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == "America/New_York"


def test_it_stores_the_address_trimmed_and_in_lower_case() -> None:
    form = sign_up(email="  Robin@Example.ORG ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "robin@example.org"


def test_it_says_when_the_two_passwords_differ() -> None:
    form = sign_up(password2="quiet harbour lanterns")
    assert not form.is_valid()
    assert form.errors["password2"] == ["The two passwords are not the same."]
    assert "password1" not in form.errors


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("4815162342", "This password is entirely numeric."),
    ],
)
def test_it_says_what_is_wrong_with_a_weak_password(password: str, message: str) -> None:
    form = sign_up(password1=password, password2=password)
    assert not form.is_valid()
    assert message in form.errors["password1"]


def test_it_refuses_a_password_like_the_name_or_address() -> None:
    form = sign_up(password1="robinreyes1", password2="robinreyes1")
    assert not form.is_valid()
    assert any("too similar" in m for m in form.errors["password1"])
    mailbox = sign_up(
        email="harbourlantern@example.org",
        password1="harbourlantern",
        password2="harbourlantern",
    )
    assert not mailbox.is_valid()
    assert any("too similar" in m for m in mailbox.errors["password1"])


def test_it_checks_the_password_even_without_the_second() -> None:
    form = sign_up(password1="short", password2="")
    assert not form.is_valid()
    assert form.errors["password2"] == ["This field is required."]
    assert "password1" in form.errors


def test_it_takes_a_time_zone_the_list_does_not_show() -> None:
    # A browser may report a zone that the list of one per clock leaves out.
    form = sign_up(time_zone="America/Detroit")
    assert form.is_valid(), form.errors
    offered = [value for value, _ in choices_of(form, "time_zone")]
    assert "America/Detroit" in offered


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "EST5EDT; DROP"])
def test_it_refuses_a_time_zone_that_does_not_exist(zone: str) -> None:
    form = sign_up(time_zone=zone)
    assert not form.is_valid()
    assert "time_zone" in form.errors


def test_it_lists_the_profiles_own_zone(alice: User) -> None:
    alice.time_zone = "America/Detroit"
    form = ProfileForm(instance=alice)
    offered = [value for value, _ in choices_of(form, "time_zone")]
    assert "America/Detroit" in offered


def test_it_saves_the_profile(alice: User) -> None:
    form = ProfileForm(
        {"display_name": "Alice A.", "time_zone": "Europe/Madrid", "language": "es"},
        instance=alice,
    )
    assert form.is_valid(), form.errors
    form.save()
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone, alice.language) == (
        "Alice A.",
        "Europe/Madrid",
        "es",
    )


# Logging in


def login(username: str, password: str = PASSWORD) -> LoginForm:
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.7")
    return LoginForm(request, {"username": username, "password": password})


def test_it_logs_in_whatever_the_addresss_spelling(alice: User) -> None:
    form = login("  ALICE@Example.org ")
    assert form.is_valid(), form.errors
    assert form.get_user() == alice
    assert form.cleaned_data["username"] == "alice@example.org"


def test_it_says_plainly_when_the_password_is_wrong(alice: User) -> None:
    form = login("alice@example.org", "not-the-password")
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "That e-mail address and password do not match an account. Check them and try again."
    ]


def test_it_gives_an_unknown_address_the_same_answer(db: None) -> None:
    form = login("nobody@example.org")
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "That e-mail address and password do not match an account. Check them and try again."
    ]


def test_it_labels_the_login_field_as_an_address(db: None) -> None:
    assert str(login("x@example.org").fields["username"].label) == "E-mail address"


# Resetting a password


def reset(address: str) -> None:
    form = QueuedPasswordResetForm({"email": address})
    assert form.is_valid(), form.errors
    form.save(
        domain_override="example.org",
        use_https=True,
        subject_template_name="accounts/email/password_reset_subject.txt",
        email_template_name="accounts/email/password_reset.txt",
    )


def test_it_queues_the_reset_mail_in_the_accounts_language(alice: User) -> None:
    alice.language = "es"
    alice.save(update_fields=["language"])
    with translation.override("en"):  # the page that asked was in English
        reset("alice@example.org")
    (queued,) = AccountEmail.objects.filter(to="alice@example.org")
    assert queued.subject == "Elige una contraseña nueva para Recovery Circle"
    (sent,) = mail.outbox  # sent at once in tests, and then not kept in the outbox
    assert sent.subject == queued.subject
    assert sent.body.startswith("Hola, Alice Anders:")
    assert re.search(r"/password-reset/\w+/[\w-]+/$", str(sent.body), re.MULTILINE)


def test_it_queues_the_reset_mail_on_one_line_in_english(alice: User) -> None:
    with translation.override("es"):
        reset("alice@example.org")
    (queued,) = AccountEmail.objects.filter(to="alice@example.org")
    assert queued.subject == "Choose a new Recovery Circle password"
    assert mail.outbox[0].body.startswith("Hello Alice Anders,")


def test_it_queues_no_reset_mail_for_an_unknown_address(db: None) -> None:
    reset("nobody@example.org")
    assert not AccountEmail.objects.exists() and mail.outbox == []
