"""A shorter middleware stack for API calls made with a personal access token.

A call with `Authorization: Bearer …` to /api/ is decided by the token alone: it never reads
the session, so CSRF, messages, HTMX, the login lockout, static files and the browser's
language have nothing to do. Those layers cost about a fifth of a check-in's CPU time, and
scripts and apps that check in every day are the busiest callers. Such calls go through
`API_TOKEN_MIDDLEWARE` instead, which keeps what protects every response: the allowed-host
check, the security headers, the Content-Security-Policy and JSON errors.

Everything else (pages, and API calls signed in by session) goes through `MIDDLEWARE` as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from recoverycircle.django_private import HandlerWithMiddleware

Handler = Callable[[HttpRequest], HttpResponse]


def is_token_api_call(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/") and request.META.get(
        "HTTP_AUTHORIZATION", ""
    ).startswith("Bearer ")


class TokenApiLaneMiddleware:
    """First in `MIDDLEWARE`: sends token API calls down the short stack."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        # Django's request handling with API_TOKEN_MIDDLEWARE around it instead of MIDDLEWARE.
        self.lane = HandlerWithMiddleware(settings.API_TOKEN_MIDDLEWARE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_token_api_call(request):
            return self.get_response(request)
        # The token sets the real user; public routes see an anonymous caller, as without one.
        request.user = AnonymousUser()
        # The language is per thread: without this, Django's own messages would come in the
        # language of whoever this thread served last.
        translation.activate(settings.LANGUAGE_CODE)
        response: HttpResponse = self.lane.chain(request)
        return response


class StaticCSPMiddleware:
    """The site's Content-Security-Policy on every API response, built once (API responses
    use no nonce and no per-view policy)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.header = build_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and CSP_HEADER not in response:
            response[CSP_HEADER] = self.header
        return response
