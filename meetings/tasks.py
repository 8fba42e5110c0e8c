"""Background tasks of the meeting directory."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from meetings import importer


@task()
def refresh_feed(feed_id: int) -> dict[str, Any]:
    """Fetches and imports one URL feed in the task worker, so a slow feed server never holds
    up the alert loop that claimed it."""
    report = importer.refresh(feed_id)
    return report.as_json() if report else {}
