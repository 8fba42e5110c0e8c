"""The JSON API at /api/v1/: one NinjaAPI, a router per app, JSON errors with a message."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security import django_auth as session_auth

from accounts.services import user_for_api_token
from circle.policy import PUBLIC, access_rule
from recoverycircle import strict_input
from recoverycircle.errors import ServiceError, api_body, with_retry_after


class ErrorOut(Schema):
    message: str
    field: str | None = Field(None, description="The input at fault, when there is one")
    errors: list[dict[str, Any]] | None = None


class PersonOut(Schema):
    """Someone named in an answer: a client, a supporter, whoever claimed or wrote something."""

    id: int
    display_name: str


# An id in a request body: a database key, so never above 2**63 - 1.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Pagination(LimitOffsetPagination):
    """Limit and offset with upper bounds: a huge number is a clear 422, not a database error."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000_000)


class TokenAuth(HttpBearer):
    """Personal access tokens, sent as `Authorization: Bearer rc_…`. No cookie, so no CSRF."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_api_token(token)
        if user is None:
            # A wrong token is a 401 at once, not a fall-through to cookie auth (whose CSRF
            # check would answer 403 and hide the real problem).
            raise AuthenticationError()
        request.user = user
        return user


# Session auth is Ninja's cookie auth class, which checks CSRF on every unsafe method; a test
# proves a session POST without the token is refused.
assert isinstance(session_auth, APIKeyCookie) and session_auth.csrf


class RecoveryCircleAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(*args, **kwargs)
        strict_input.local_times(document)
        return document


# Bodies and query strings are read as strictly as the document describes them.
strict_input.install()

api = RecoveryCircleAPI(
    title="Recovery Circle API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), session_auth],
    docs_url="/docs",
)

logger = logging.getLogger(__name__)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}

# For the operations behind a rate limit (ratelimits): the answer also says Retry-After.
RATE_LIMITED: dict[int, type[Schema]] = {429: ErrorOut}


def error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"message": message, **extra}, status=status)


def unvalidated_response(request: HttpRequest, data: Any, status: int) -> HttpResponse:
    """`data` rendered as JSON as Ninja renders an answer, without validating it against the
    route's response schema first. Only for an answer built key by key from that schema's
    fields on a call busy enough for the validation to show in its profile (a check-in),
    with a test that compares both renderings."""
    return api.create_response(request, data, status=status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in {"body", "payload"})
    what = first.get("msg") or _("invalid value")
    # Without a field, the body as a whole is wrong (e.g. a list where an object belongs).
    message = f"{where}: {what}" if where else _("Invalid request: %(what)s") % {"what": what}
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors]
    return error(request, 422, message, errors=errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, _("Sign in, or send a valid personal access token."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, str(exc.message))


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """Every app's refusals (recoverycircle/errors.py): its status, its message."""
    return with_retry_after(api.create_response(request, api_body(exc), status=exc.status), exc)


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # An id far beyond any the database holds (SQLite refuses integers above 2**63).
    return error(request, 404, _("Not found."))


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback, answered in JSON like every other API error."""
    logger.exception("unexpected error in %s %s", request.method, request.path)
    return error(request, 500, _("Something went wrong on our side; nothing you sent is lost."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, _("Not found."))


@access_rule(PUBLIC)
def unknown_api_path(request: HttpRequest, rest: str) -> HttpResponse:
    return error(request, 404, _("Not found."))


def register_routers() -> None:
    """Adds the router of every app that has an API, once (recoverycircle/apps.py calls it
    when the apps are ready). URL resolution tries the routes in this order."""
    from importlib import import_module

    from recoverycircle.apps import project_apps

    with_api = sorted((app for app in project_apps() if app.has_api), key=lambda a: a.api_order)
    for app in with_api:
        api.add_router("", import_module(f"{app.name}.api").router)
