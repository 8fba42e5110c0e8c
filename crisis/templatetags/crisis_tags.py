from typing import Any

from django import template

from crisis.models import CrisisEvent
from crisis.resources import RESOURCES, Resource

register = template.Library()


@register.simple_tag
def crisis_resources() -> tuple[Resource, ...]:
    """The crisis lines, for templates/crisis/_resources.html (needs no view context)."""
    return RESOURCES


@register.simple_tag(takes_context=True)
def crisis_questions(context: dict[str, Any]) -> list[CrisisEvent]:
    """The questions waiting for the signed-in client's answer; asked only where crisis
    resources are being shown after a save, never on an ordinary page."""
    from crisis.services import pending_questions

    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(pending_questions(user)[:3])
