"""One error for a refused action, raised by services and shown by both doors: the API
answers it as JSON `{"message": ...}` with its status (see recoverycircle/api.py), a web view
as a form error on `field` (or a page message)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """An action the service refused, with a message the person can act on."""

    status = 400

    def __init__(self, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status


class Forbidden(ServiceError, PermissionDenied):
    """The person may see the thing but may not do this to it. A web view that lets it
    through answers Django's 403 page."""

    status = 403


class Conflict(ServiceError):
    """The thing is in a state that does not allow this any more (e.g. an edit window ended)."""

    status = 409


class TooMany(ServiceError):
    """Too many actions in a short time (a rate limit); try again later."""

    status = 429
