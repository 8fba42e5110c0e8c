"""A meeting's time zone from where it is held, offline.

No real feed names a `timezone`, and a time without its zone sends people to the wrong hour.
The position decides it (tzfpy: the time zone boundary polygons, bundled in the package, no
network); a zone named in the row wins, and the feed's own `--timezone` is the last resort.
"""

from __future__ import annotations

import zoneinfo

import tzfpy


def zone_at(latitude: float, longitude: float) -> str:
    """The IANA zone at a point, or "" at sea or where the name is unknown to this Python.

    The sea's "Etc/GMT+5"-style zones are no answer: a meeting far out at sea is a wrong
    position (0, 0 is the classic), and its nominal offset would not be the group's clock.
    """
    name = tzfpy.get_tz(longitude, latitude)
    if not name or name.startswith("Etc/"):
        return ""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""
    return name
