"""A secret shown once after a redirect (post/redirect/get).

A page that creates a secret (an API token, a calendar feed address) must not answer the POST
with the secret itself: reloading that page would POST again and make a second one. The view
keeps the secret in the server-side session and redirects; the page that follows takes it out
(so it is gone from the session at once) and shows it this one time.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

PREFIX = "show-once:"


def keep_for_next_page(request: HttpRequest, name: str, value: dict[str, Any]) -> None:
    request.session[PREFIX + name] = value


def take(request: HttpRequest, name: str) -> dict[str, Any] | None:
    """The kept value, removed from the session; None when there is none (any later view)."""
    value = request.session.pop(PREFIX + name, None)
    return value if isinstance(value, dict) else None
