from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class JsonApiErrorsMiddleware:
    """Ninja answers a wrong method with a plain-text 405; the API promises JSON errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            json = JsonResponse(
                {
                    "message": _("Method %(method)s is not allowed here. Allowed: %(allowed)s.")
                    % {"method": request.method, "allowed": allowed}
                },
                status=405,
            )
            if allowed:
                json["Allow"] = allowed
            return json
        return response


class FormOnlyPageMiddleware:
    """A page address that only takes a form (a POST) answers a visit with Django's empty 405,
    which the browser shows as a blank error (a bookmark, a link copied from the address bar).
    This gives it a page that says what happened and where to go, keeping the 405 and its
    `Allow`. Placed after the CSP middleware, so the page gets the same headers as any other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/api/")
            and not response.content
        ):
            page = render(request, "405.html", status=405)
            if allowed := response.get("Allow", ""):
                page["Allow"] = allowed
            return page
        return response
