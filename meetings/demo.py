"""The demo's meeting directory: the sample Meeting Guide feed the tests use."""

from __future__ import annotations

from django.conf import settings

from accounts.models import User
from meetings.importer import import_feed, save_feed


def fill_demo_meetings(client: User) -> None:
    sample = settings.BASE_DIR / "tests" / "fixtures" / "meeting-guide-sample.json"
    feed = save_feed("Sample meetings (Chicago, Evanston, New York, online)")
    import_feed(feed, sample.read_bytes(), sample.name)
