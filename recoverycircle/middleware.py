from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
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
