"""Time zones to choose from: about a hundred, one per clock people live by today, instead of
600 names in alphabetical order.

The list is tzdata's `zonenow.tab` ("one line per zone for timestamps from now on"), in its
order from west to east, each shown with its offset today, a city and the area it covers
("UTC−05:00 · New York: Eastern (EST/EDT) - US & Canada"). Any IANA name is still accepted,
so the name a browser reports (America/Detroit) is kept as it is and added to the list.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

DEFAULT = "UTC"


@cache
def listed() -> tuple[tuple[str, str], ...]:
    """(zone, area it covers) from zonenow.tab, west to east."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zonenow.tab").read_text("utf-8")
    found = []
    for line in table.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            found.append((fields[2], fields[3] if len(fields) > 3 else ""))
    return tuple(found)


@cache
def known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def offset(zone: str, now: datetime) -> str:
    shift = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    assert shift is not None  # an aware datetime in a ZoneInfo always has an offset
    minutes = int(shift.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def label(zone: str, area: str = "", now: datetime | None = None) -> str:
    moment = now or timezone.now()
    # tzdata describes the areas in English only; in another language the city says enough.
    in_english = (translation.get_language() or "en").startswith("en")
    if area and in_english:
        where = f"{city(zone)}: {area}"
    else:
        where = city(zone) if area else zone.replace("_", " ")
    return f"{offset(zone, moment)} · {where}"


def choices(current: str = "") -> list[tuple[str, str]]:
    """The list, with `current` (a zone not in it, such as the browser's) first after UTC."""
    now = timezone.now()
    options = [(DEFAULT, "UTC")]
    listed_names = {zone for zone, _area in listed()}
    if current and current != DEFAULT and current in known() and current not in listed_names:
        options.append((current, label(current, now=now)))
    return options + [(zone, label(zone, area, now)) for zone, area in listed()]


class TimeZoneField(forms.ChoiceField):
    """A select of `choices()` that accepts any IANA zone."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault(
            "help_text", _("Your reminders and check-in deadlines follow this zone's clock.")
        )
        super().__init__(choices=choices, **kwargs)

    def include(self, zone: object) -> None:
        """Shows `zone` in the list (the person's own, or the one they sent)."""
        if isinstance(zone, str):
            self.choices = choices(zone)

    def valid_value(self, value: object) -> bool:
        return isinstance(value, str) and value in known()


def browser_zone_widget() -> forms.Select:
    """The select that static/js/timezone.js sets to the browser's zone, and says so."""
    return forms.Select(
        attrs={
            "data-browser-zone": DEFAULT,
            "data-confirm": _(
                "We chose {zone}, the time zone of this device. Change it if that is not "
                "where you live."
            ),
        }
    )
