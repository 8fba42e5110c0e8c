"""The periodic job that reminds people of the events they said yes to."""

from __future__ import annotations

from datetime import datetime

from events.services import remind_due


def remind_events(now: datetime) -> int:
    return remind_due(now)
