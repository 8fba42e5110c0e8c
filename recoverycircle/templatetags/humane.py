"""Template filters for recoverycircle.humane: {{ moment|ago }}, {{ minutes|duration }},
{{ minutes|after }}, {{ user.time_zone|zone_name }}."""

from __future__ import annotations

from datetime import datetime

from django import template

from recoverycircle import humane

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    return humane.ago(moment) if moment else ""


@register.filter
def duration(minutes: int | None) -> str:
    return humane.duration(int(minutes or 0))


@register.filter
def zone_name(name: str | None) -> str:
    return humane.zone_name(name) if name else ""


@register.filter
def after(minutes: int | None) -> str:
    return humane.after(int(minutes or 0))
