"""The periodic job that nudges clients after days without contact."""

from __future__ import annotations

from datetime import datetime

from contacts import nudge


def nudge_isolated_clients(now: datetime) -> int:
    return nudge.run(now)
