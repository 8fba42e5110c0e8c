"""Account actions: sign-up, e-mail verification, personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import ApiToken, User
from alerts.account_mail import Purpose, queue_account_email
from recoverycircle import durability, rawsql

VERIFY_SALT = "accounts.verify-email"
VERIFY_MAX_AGE = 60 * 60 * 24 * 3
TOKEN_PREFIX = "rc_"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_templated_email(
    to: str,
    template: str,
    context: dict[str, object],
    purpose: str = Purpose.OTHER,
    language: str | None = None,
) -> None:
    """Queues an account e-mail (the outbox: alerts.account_mail), in the caller's transaction.
    The template's first line is the subject. Written in `language` (the recipient's), or in
    the active one."""
    with translation.override(language or translation.get_language()):
        text = render_to_string(template, context)
    subject, _sep, body = text.strip().partition("\n")
    queue_account_email(to, subject.strip(), body.strip() + "\n", purpose)


def supported_language(code: str | None) -> str:
    """One of settings.LANGUAGES for a language code ("es-mx" is "es"), else the default."""
    offered = {language for language, _name in settings.LANGUAGES}
    for candidate in (code or "", (code or "").split("-")[0]):
        if candidate in offered:
            return candidate
    return str(settings.LANGUAGE_CODE)


@transaction.atomic
def sign_up(
    email: str,
    password: str,
    display_name: str,
    time_zone: str = "UTC",
    language: str | None = None,
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        time_zone=time_zone,
        language=supported_language(language),
    )
    send_verification(user)
    return user


def request_sign_up(
    email: str,
    password: str,
    display_name: str,
    time_zone: str = "UTC",
    language: str | None = None,
) -> None:
    """Sign-up that does not tell whether an address has an account: a new address gets an
    account and a confirmation link; the owner of a known one gets a note that someone tried.

    Both take the same work (a password hash, one e-mail queued), so neither the page nor its
    timing tells the two apart."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            sign_up(email, password, display_name, time_zone, language)
            return
        except IntegrityError:  # signed up a moment ago by a parallel request
            existing = User.objects.get(email__iexact=email)
    make_password(password)
    links = {
        "login_link": absolute(reverse("accounts:login")),
        "reset_link": absolute(reverse("accounts:password_reset")),
    }
    send_templated_email(
        existing.email,
        "accounts/email/signup_existing.txt",
        {"user": existing, **links},
        language=existing.language,
    )


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def send_verification(user: User) -> None:
    link = absolute(reverse("accounts:verify", args=[verification_token(user)]))
    context = {"user": user, "link": link}
    send_templated_email(
        user.email,
        "accounts/email/verify.txt",
        context,
        Purpose.VERIFICATION,
        language=user.language,
    )


def verify_email(token: str) -> User | None:
    """Marks the address verified; None when the link is forged, stale or for an old address."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is not None and user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the stored token and the secret, which is shown once and never again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=token_digest(raw))
    return token, raw


def revoke_api_token(user: User, token_id: int) -> bool:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    return updated == 1


@cache
def token_user_sql() -> str:
    # Runs on every API call, so it is written once rather than compiled by the ORM each time.
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"SELECT t.{rawsql.column(ApiToken, 'id')}, t.{rawsql.column(ApiToken, 'last_used_at')}, "  # noqa: S608
        f"{rawsql.column_list(User, 'u')} FROM {rawsql.table(ApiToken)} t "
        f"JOIN {rawsql.table(User)} u ON u.{rawsql.column(User, 'id')} = "
        f"t.{rawsql.column(ApiToken, 'user')} WHERE t.{rawsql.column(ApiToken, 'digest')} = %s "
        f"AND t.{rawsql.column(ApiToken, 'revoked_at')} IS NULL "
        f"AND u.{rawsql.column(User, 'is_active')} = %s"
    )


@cache
def touch_token_sql() -> str:
    used, key = rawsql.column(ApiToken, "last_used_at"), rawsql.column(ApiToken, "id")
    return f"UPDATE {rawsql.table(ApiToken)} SET {used} = %s WHERE {key} = %s"  # noqa: S608


def user_for_api_token(raw: str) -> User | None:
    """The active owner of an unrevoked token (a revocation counts from the next call)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    row = rawsql.fetch_one(token_user_sql(), [token_digest(raw), True])
    if row is None:
        return None
    token_id, last_used_at = row[0], rawsql.converted(ApiToken, "last_used_at", row[1])
    now = timezone.now()
    # Write the last-used time at most once a minute so a busy script does not write on every call.
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        used = rawsql.prepared(ApiToken, "last_used_at", now)
        # Bookkeeping: it rides along in the call's own write (a check-in), or is written when
        # the request ends (recoverycircle.durability).
        durability.defer(touch_token_sql(), [used, token_id])
    return rawsql.instance(User, row[2:])
