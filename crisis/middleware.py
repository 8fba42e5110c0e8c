"""Shows crisis resources on the next page whenever a request saved crisis words, whatever
view saved them: the scanning save hook (crisis/scanning.py) reports its matches here."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from crisis.detect import CrisisMatch
from crisis.scanning import FOUND
from crisis.web import show_crisis_resources


class CrisisResourcesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found: list[CrisisMatch] = []
        token = FOUND.set(found)
        try:
            response = self.get_response(request)
        finally:
            FOUND.reset(token)
        if found and hasattr(request, "_messages"):
            show_crisis_resources(request)
        return response
