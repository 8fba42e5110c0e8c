from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A request behind login_required or API auth: `user` is a real account."""

    user: User
    htmx: HtmxDetails  # set by django_htmx's middleware
