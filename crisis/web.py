"""Showing crisis resources on the very next page after a save, wherever crisis words were
written: a message with the "crisis" tag, which the base layout renders as the resources (and
any question waiting for the client's answer)."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

CRISIS_MESSAGE = _(
    "What you wrote sounds very hard. You don't have to carry it alone: the people below "
    "are there for you right now, free and 24/7. What you wrote is saved as you wrote it."
)


def show_crisis_resources(request: HttpRequest) -> None:
    """Once per request, however many saves found crisis words."""
    if getattr(request, "_crisis_shown", False):
        return
    request._crisis_shown = True  # type: ignore[attr-defined]  # a flag for this request only
    messages.warning(request, CRISIS_MESSAGE, extra_tags="crisis")
