"""Template filters for recoverycircle.humane: {{ moment|ago }}, {{ minutes|duration }},
{{ minutes|after }}, {{ user.time_zone|zone_name }}, {{ day|dated:"weekday" }}."""

from __future__ import annotations

from datetime import date, datetime

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


@register.filter(expects_localtime=True)
def dated(value: date | datetime | None, style: str = "long") -> str:
    """A date in the active language's own order: {{ day|dated:"weekday" }} gives "Tuesday 1
    December" or "martes 1 de diciembre" (styles: recoverycircle.humane.DATE_FORMATS)."""
    return humane.dated(value, style) if value else ""
