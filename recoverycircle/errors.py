"""The one error vocabulary: an action a service refused, with the HTTP status and the message
(translated, one the person can act on) that both doors show.

Services raise a `ServiceError` (or an app's subclass of it); nothing else turns them into
answers:
- the API answers it as JSON `{"message": ..., "field": ...}` with its status, one handler for
  every app (`recoverycircle/api.py`), with `Retry-After` for a `TooMany`;
- a web view passes it to `form_error` (the message on its field of the form shown again),
  `form_page` (that, rendered with the refusal's status) or `page_message` (a message on the
  next page).
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class ServiceError(Exception):
    """An action the service refused, with a message the person can act on. `field` names the
    input at fault, when there is one; `status` is the API's answer (400 unless the class or
    the raiser says otherwise)."""

    status = 400

    def __init__(self, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field or None
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message


class Invalid(ServiceError):
    """Input that cannot be used as it is (the API's 422, like a schema's validation error)."""

    status = 422


class Forbidden(ServiceError, PermissionDenied):
    """The person may see the thing but may not do this to it. A web view that lets it
    through answers Django's 403 page."""

    status = 403


class NotFound(ServiceError):
    """The thing is not there (or not for this person)."""

    status = 404


class Conflict(ServiceError):
    """The thing is in a state that does not allow this any more (e.g. an edit window ended)."""

    status = 409


class TooMany(ServiceError):
    """Too many actions in a short time (a rate limit). `retry_after`, when known, is the
    seconds until the next is allowed, sent as the Retry-After header by both doors."""

    status = 429

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = None if retry_after is None else max(1, retry_after)


def api_body(error: ServiceError) -> dict[str, str]:
    """The API's JSON for a refusal. A field's name leads the message, as in a validation
    error ("text: Write something first."), and is given on its own too."""
    if error.field is None:
        return {"message": error.message}
    return {"message": f"{error.field}: {error.message}", "field": error.field}


def form_error(
    form: forms.BaseForm, error: ServiceError, fields: Mapping[str, str] | None = None
) -> None:
    """A refusal as a form error: on its field when the form has one (`fields` maps a service's
    field names to the form's where they differ), else above the form."""
    name = (fields or {}).get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, error.message)


def form_page(
    request: HttpRequest,
    template: str,
    form: forms.BaseForm,
    error: ServiceError,
    context: dict[str, object] | None = None,
) -> HttpResponse:
    """The form's page again with the refusal on the form, answered with the refusal's status
    (and Retry-After for a rate limit)."""
    form_error(form, error)
    page = render(request, template, {"form": form, **(context or {})}, status=error.status)
    return with_retry_after(page, error)


def page_message(request: HttpRequest, error: ServiceError) -> None:
    """A refusal as a message shown on the next page."""
    messages.error(request, error.message)


def with_retry_after(response: HttpResponse, error: ServiceError) -> HttpResponse:
    """Adds Retry-After to an answer to a refusal that has one (a rate limit)."""
    if isinstance(error, TooMany) and error.retry_after is not None:
        response["Retry-After"] = str(error.retry_after)
    return response
