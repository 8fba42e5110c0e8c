from django import template

from crisis.resources import RESOURCES, Resource

register = template.Library()


@register.simple_tag
def crisis_resources() -> tuple[Resource, ...]:
    """The crisis lines, for templates/crisis/_resources.html (needs no view context)."""
    return RESOURCES
