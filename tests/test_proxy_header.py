"""X-Forwarded-Proto is trusted only when the operator says a proxy is in front (PROXY_COUNT)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from pytest_django import Settings

ROOT = Path(__file__).resolve().parent.parent


def proxy_header(tmp_path: Path, **overrides: str) -> str:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "recoverycircle.settings",
        "SITE_URL": "https://circle.example.org",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATA_DIR": str(tmp_path),
        **overrides,
    }
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_it_ignores_x_forwarded_proto_without_a_proxy(tmp_path: Path) -> None:
    assert proxy_header(tmp_path) == "None"
    assert proxy_header(tmp_path, SITE_URL="http://127.0.0.1:8000") == "None"


def test_it_trusts_x_forwarded_proto_behind_a_proxy(tmp_path: Path) -> None:
    assert proxy_header(tmp_path, PROXY_COUNT="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.parametrize(
    ("header", "secure"), [(None, False), (("HTTP_X_FORWARDED_PROTO", "https"), True)]
)
def test_it_decides_is_secure_by_that_setting(
    settings: Settings, header: tuple[str, str] | None, secure: bool
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = header
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.is_secure() is secure
