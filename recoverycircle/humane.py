"""Times, durations and time zones in the words a person uses: "just now", not "0 minutes
ago"; "12 hours", not "720 minutes"; "New York time (UTC−4)", not "America/New_York". One place,
so every page and message says them the same way."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import SupportsFloat
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import dateformat, formats, timezone
from django.utils.functional import Promise
from django.utils.timesince import timesince
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext as _

# Dates in each language's own order and words: a translator writes the format ("l j \d\e F"
# gives "martes 1 de diciembre"), in Django's date-format letters.
DATE_FORMATS: dict[str, Promise] = {
    # Translators: a date format (Django's letters; escape literal letters with a backslash).
    # "Tuesday 1 December".
    "weekday": pgettext_lazy("date format", "l j F"),
    # Translators: a date format. "Tuesday 1 December 2026".
    "weekday_year": pgettext_lazy("date format", "l j F Y"),
    # Translators: a date format. "1 December 2026".
    "long": pgettext_lazy("date format", "j F Y"),
    # Translators: a date format. "Tuesday 1 December, 14:30".
    "weekday_time": pgettext_lazy("date format", "l j F, H:i"),
    # Translators: a date format. "1 Dec, 14:30".
    "short_time": pgettext_lazy("date format", "j M, H:i"),
    # Translators: a date format. "1 Dec 2026".
    "short": pgettext_lazy("date format", "j M Y"),
    # Translators: a date format. "Tue 1 Dec".
    "short_weekday": pgettext_lazy("date format", "D j M"),
    # Translators: a date format. "1 Dec".
    "day_short": pgettext_lazy("date format", "j M"),
    # Translators: a date format. "1 December".
    "day_month": pgettext_lazy("date format", "j F"),
}

# Less than this ago is "just now": "0 minutes ago" reads like a fault.
JUST_NOW = timedelta(minutes=1)
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"})
MINUTES_A_DAY = 24 * 60


def ago(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "2 hours ago" (the largest unit only)."""
    now = now or timezone.now()
    if now - moment < JUST_NOW:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment, now, depth=1)}


def dated(value: date | datetime, style: str = "long") -> str:
    """A date (or a moment, in the active time zone) in one of the DATE_FORMATS styles, in
    the active language: "Tuesday 1 December", "martes 1 de diciembre"."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, str(DATE_FORMATS[style]))
    return dated_day(value, style, get_language())


@lru_cache(maxsize=1024)
def dated_day(day: date, style: str, language: str | None) -> str:
    """A day in words, kept per language: the sweep names the same day for thousands of
    clients, and formatting it costs more than the rest of their alert."""
    return dateformat.format(day, str(DATE_FORMATS[style]))


def number(value: SupportsFloat, places: int | None = None) -> str:
    """A number in the active language ("2.5", "2,5"): with `places` decimals, or as few as
    it needs (at most one): "3", "7.5"."""
    value = float(value)
    if places is None:
        rounded = round(value, 1)
        return formats.number_format(int(rounded) if rounded == int(rounded) else rounded)
    return formats.number_format(round(value, places), places)


def weekday(value: date | datetime) -> str:
    """ "Tuesday 1 December"."""
    return dated(value, "weekday")


def duration(minutes: int) -> str:
    """ "no time", "45 minutes", "12 hours", "1 hour 30 minutes", "2 days"."""
    if minutes <= 0:
        return _("no time")
    days, rest = divmod(minutes, MINUTES_A_DAY)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if mins:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", mins) % {"n": mins})
    return " ".join(parts)


def after(minutes: int) -> str:
    """When a delay ends, in words: "at once", "after 12 hours"."""
    return _("after %(time)s") % {"time": duration(minutes)} if minutes > 0 else _("at once")


def utc_offset(zone: ZoneInfo, at: datetime) -> str:
    """ "UTC−4", "UTC+5:30", "UTC" (with a real minus sign)."""
    offset = at.astimezone(zone).utcoffset() or timedelta(0)
    total = int(offset.total_seconds() // 60)
    if total == 0:
        return "UTC"
    sign = "+" if total > 0 else "\u2212"
    hours, mins = divmod(abs(total), 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def zone_name(name: str, at: datetime | None = None) -> str:
    """A time zone as people know it: its place and its offset now, "New York time (UTC−4)",
    "Buenos Aires time (UTC−3)", "UTC". An unknown name is shown as it is."""
    if name in UTC_NAMES:
        return "UTC"
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return name
    offset = utc_offset(zone, at or timezone.now())
    if name.startswith("Etc/"):  # "Etc/GMT+5" is UTC−5: its name says the opposite
        return offset
    place = name.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(place)s time (%(offset)s)") % {"place": place, "offset": offset}
