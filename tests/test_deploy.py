"""Production readiness: Django's deploy checks pass with production settings, and every page
carries the security headers (a strict Content-Security-Policy, no framing)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from accounts.models import User
from circle.models import Membership
from tests.conftest import client_for

if TYPE_CHECKING:
    from tests.conftest import Response

ROOT = Path(__file__).resolve().parent.parent


def deploy_check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    # Only what a production start-up would set: nothing inherited from the test run
    # (DEBUG, DATABASE_URL, ...) may make the check pass or fail.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "recoverycircle.settings",
        "SITE_URL": "https://circle.example.org",
        "ALLOWED_HOSTS": "circle.example.org",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATA_DIR": str(tmp_path),
        **overrides,
    }
    assert len(env["SECRET_KEY"]) >= 60
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_passes_the_deploy_checks_with_production_settings(tmp_path: Path) -> None:
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_the_deploy_checks_when_served_over_plain_http(tmp_path: Path) -> None:
    # The check has teeth: without HTTPS the cookie, redirect and HSTS warnings appear.
    result = deploy_check(tmp_path, SITE_URL="http://circle.example.org")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in output, output


def csp_directives(response: Response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_it_sends_a_strict_content_security_policy(db: None) -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def pages(alice: User, bob: User, bob_membership: Membership) -> list[tuple[Client, str]]:
    anonymous, as_alice, as_bob = Client(), client_for(alice), client_for(bob)
    return [
        (anonymous, "/crisis/"),
        (anonymous, "/accounts/login/"),
        (anonymous, "/accounts/signup/"),
        (anonymous, "/accounts/password-reset/"),
        (as_alice, "/"),
        (as_alice, "/accounts/profile/"),
        (as_alice, "/circle/invite/"),
        (as_alice, f"/circle/members/{bob_membership.pk}/"),
        (as_alice, "/access-log/"),
        (as_bob, f"/supporting/{alice.pk}/"),
    ]


def test_it_sends_the_security_headers_on_every_page(pages: list[tuple[Client, str]]) -> None:
    for web, url in pages:
        response = web.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert csp_directives(response)["script-src"] == ["'self'"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_it_has_no_inline_script_or_style_the_policy_would_block(
    pages: list[tuple[Client, str]],
) -> None:
    for web, url in pages:
        body = web.get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", body)
        assert scripts, url
        assert all(" src=" in tag for tag in scripts), (url, scripts)
        assert "<style" not in body, url
        assert not re.search(r"\sstyle=", body), url
        assert not re.search(r"\son[a-z]+=", body), url
        assert "javascript:" not in body, url


def test_it_sends_api_responses_with_the_same_headers(alice: User) -> None:
    response = client_for(alice).get("/api/v1/me")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
