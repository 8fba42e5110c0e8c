"""The periodic job that keeps URL feeds fresh."""

from __future__ import annotations

from datetime import datetime, timedelta

from meetings.models import MeetingFeed
from meetings.tasks import refresh_feed

BATCH = 20


def refresh_due_feeds(now: datetime) -> int:
    """Claims every URL feed whose refresh is due and hands it to the task worker.

    The claim is a conditional UPDATE of `next_refresh_at` (still holding the value we read),
    so with several loops running, exactly one of them enqueues each refresh.
    """
    due = (
        MeetingFeed.objects.filter(next_refresh_at__lte=now)
        .exclude(url="")
        .order_by("next_refresh_at")
        .values_list("pk", "next_refresh_at", "refresh_hours")[:BATCH]
    )
    claimed = 0
    for pk, old, hours in due:
        won = MeetingFeed.objects.filter(pk=pk, next_refresh_at=old).update(
            next_refresh_at=now + timedelta(hours=hours)
        )
        if won:
            refresh_feed.enqueue(pk)
            claimed += 1
    return claimed
