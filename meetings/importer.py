"""Importing a feed into the directory: from bytes (a file or an upload) or from a URL.

Upserts by (feed, slug, weekday); a meeting the new list no longer has is marked gone, not
deleted, so people's plans and marks of going keep their meeting. A feed that cannot be read
at all (bad JSON, not an array, unreachable, nothing usable) changes nothing and says why.
"""

from __future__ import annotations

import json
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.feed import (
    ZONE_FROM_FEED,
    ZONE_FROM_POSITION,
    ZONE_FROM_ROW,
    ParsedMeeting,
    RowProblem,
    parse_feed,
)
from meetings.models import Meeting, MeetingFeed
from recoverycircle import safe_fetch
from recoverycircle.errors import Invalid

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 20
RETRY_AFTER_FAILURE = timedelta(hours=1)
MAX_PROBLEMS_KEPT = 500  # a feed with 10,000 bad rows must not make a 10,000-row report
FIELDS = [
    "name",
    "start_time",
    "end_time",
    "duration_minutes",
    "timezone",
    "types",
    "location",
    "address",
    "approximate",
    "region",
    "latitude",
    "longitude",
    "conference_url",
    "conference_phone",
    "notes",
    "group",
    "url",
    "online",
    "in_person",
    "updated",
]


class FeedError(Invalid):
    """The feed as a whole could not be read or saved; the message says why."""


class BadFeed(Exception):
    """The feed's content is not a list of meetings. The reason goes into the import report,
    which is an operator's report in English (the command prints it, staff read it marked as
    English), so it is not translated."""


@dataclass
class ImportReport:
    feed: str
    source: str
    at: datetime
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    fatal: str = ""
    # Good rows by where their time zone came from (row, position, feed) and by attendance.
    zones: dict[str, int] = field(default_factory=dict)
    attendance: dict[str, int] = field(default_factory=dict)
    by_appointment: int = 0
    feed_zone: str = ""

    def count(self, good: list[ParsedMeeting]) -> None:
        for parsed in good:
            if parsed.zone_from:
                self.zones[parsed.zone_from] = self.zones.get(parsed.zone_from, 0) + 1
            self.attendance[parsed.attendance] = self.attendance.get(parsed.attendance, 0) + 1
            self.by_appointment += parsed.weekdays == [None]

    @property
    def ok(self) -> bool:
        return not self.fatal

    @property
    def kept(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_json(self) -> dict[str, Any]:
        return {
            "feed": self.feed,
            "source": self.source,
            "at": self.at.isoformat(),
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "bad_rows": len(self.problems),
            "problems": [p.as_json() for p in self.problems[:MAX_PROBLEMS_KEPT]],
            "fatal": self.fatal,
            "zones": self.zones,
            "attendance": self.attendance,
            "by_appointment": self.by_appointment,
        }

    def lines(self) -> list[str]:
        """The report in words, for the management command and the staff page."""
        if self.fatal:
            return [f"{self.feed}: nothing changed: {self.fatal}"]
        head = (
            f"{self.feed}: {self.rows} rows, {len(self.problems)} bad; meetings (one per "
            f"weekday): {self.created} new, {self.updated} changed, {self.unchanged} unchanged, "
            f"{self.removed} no longer listed"
        )
        return [head, self.zone_line(), self.attendance_line()] + [
            f"  row {p.index}{f' ({p.slug})' if p.slug else ''}: {p.reason}" for p in self.problems
        ]

    def zone_line(self) -> str:
        feed_zone = f"--timezone {self.feed_zone}" if self.feed_zone else "no --timezone given"
        return (
            f"  time zones of good rows: {self.zones.get(ZONE_FROM_POSITION, 0)} from their "
            f"position, {self.zones.get(ZONE_FROM_ROW, 0)} named in the row, "
            f"{self.zones.get(ZONE_FROM_FEED, 0)} from the feed ({feed_zone})"
        )

    def attendance_line(self) -> str:
        seen = self.attendance
        return (
            f"  good rows: {seen.get('in_person', 0)} in person, {seen.get('hybrid', 0)} hybrid, "
            f"{seen.get('online', 0)} online, {seen.get('inactive', 0)} inactive (not listed); "
            f"{self.by_appointment} by appointment"
        )


def check_url(url: str) -> str:
    try:
        safe_fetch.parse_target(url)
    except safe_fetch.FetchError as error:
        raise FeedError(str(error)) from None
    return url.strip()


def check_destination(url: str) -> str:
    """The URL, refused at once when its host leads to a private or local network."""
    try:
        safe_fetch.check_destination(url)
    except safe_fetch.FetchError as error:
        raise FeedError(str(error)) from None
    return url.strip()


def fetch(url: str, limit: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The feed's bytes, or FeedError: only http(s) on the public internet, bounded in time and
    size (see recoverycircle.safe_fetch)."""
    headers = {"Accept": "application/json", "User-Agent": "RecoveryCircle meeting import"}
    try:
        return safe_fetch.fetch(url, safe_fetch.Limits(limit, timeout), headers)
    except safe_fetch.FetchError as error:
        raise FeedError(str(error)) from None


def decode(raw: bytes | str) -> list[object]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadFeed(f"not valid JSON ({error})") from None
    if not isinstance(data, list):
        raise BadFeed(f"expected a JSON array of meetings, found {type(data).__name__}")
    return data


def import_feed(
    feed: MeetingFeed, raw: bytes | str, source: str = "", now: datetime | None = None
) -> ImportReport:
    """Reads the feed's new content and brings the directory in line with it."""
    now = now or timezone.now()
    report = ImportReport(
        feed=feed.name, source=source or feed.url or "file", at=now, feed_zone=feed.timezone
    )
    try:
        rows = decode(raw)
    except BadFeed as error:
        report.fatal = str(error)
        return finish(feed, report)
    report.rows = len(rows)
    good, report.problems = parse_feed(rows, feed.timezone)
    report.count(good)
    if rows and not good:
        # Every row bad is far more likely a broken feed than a region with no meetings left;
        # keeping yesterday's list is kinder than an empty finder.
        report.fatal = "no usable meetings in the feed; the previous list is kept"
        return finish(feed, report)
    with transaction.atomic():
        upsert(feed, good, report, now)
    return finish(feed, report, imported=True)


def upsert(
    feed: MeetingFeed, good: list[ParsedMeeting], report: ImportReport, now: datetime
) -> None:
    existing = {(m.slug, m.weekday): m for m in Meeting.objects.filter(feed=feed)}
    new, changed = [], []
    for parsed in good:
        for day in parsed.weekdays:
            meeting = existing.pop((parsed.slug, day), None)
            if meeting is None:
                new.append(
                    Meeting(
                        feed=feed, slug=parsed.slug, weekday=day, imported_at=now, **parsed.fields
                    )
                )
                continue
            differs = any(getattr(meeting, k) != v for k, v in parsed.fields.items())
            if differs or meeting.gone_at is not None:
                for key, value in parsed.fields.items():
                    setattr(meeting, key, value)
                meeting.gone_at = None
                meeting.imported_at = now
                changed.append(meeting)
            else:
                report.unchanged += 1
    Meeting.objects.bulk_create(new, batch_size=500)
    Meeting.objects.bulk_update(changed, [*FIELDS, "gone_at", "imported_at"], batch_size=500)
    report.created, report.updated = len(new), len(changed)
    gone = [m.pk for m in existing.values() if m.gone_at is None]
    report.removed = Meeting.objects.filter(pk__in=gone).update(gone_at=now)


def finish(feed: MeetingFeed, report: ImportReport, imported: bool = False) -> ImportReport:
    feed.last_report = report.as_json()
    fields = ["last_report"]
    if imported:
        feed.last_imported_at = report.at
        fields.append("last_imported_at")
    MeetingFeed.objects.filter(pk=feed.pk).update(**{f: getattr(feed, f) for f in fields})
    return report


def refresh(feed_id: int, now: datetime | None = None) -> ImportReport | None:
    """Fetches a URL feed and imports it; on failure, tries again sooner than usual."""
    feed = MeetingFeed.objects.filter(pk=feed_id).first()
    if feed is None or not feed.url:
        return None
    now = now or timezone.now()
    try:
        raw = fetch(feed.url)
    except FeedError as error:
        report = finish(feed, ImportReport(feed.name, feed.url, now, fatal=str(error)))
    else:
        report = import_feed(feed, raw, feed.url, now)
    rows = MeetingFeed.objects.filter(pk=feed.pk)
    if report.ok:
        # Read by hand (the command): the next scheduled read is a full period away.
        rows.filter(next_refresh_at__lte=now).update(
            next_refresh_at=now + timedelta(hours=feed.refresh_hours)
        )
    else:
        rows.filter(next_refresh_at__gt=now + RETRY_AFTER_FAILURE).update(
            next_refresh_at=now + RETRY_AFTER_FAILURE
        )
    return report


def save_feed(
    name: str,
    url: str = "",
    zone: str | None = None,
    refresh_hours: int | None = None,
    now: datetime | None = None,
) -> MeetingFeed:
    """The feed of that name, created or changed; a URL feed is due for a refresh at once."""
    now = now or timezone.now()
    name = " ".join(name.split())[:120]
    if not name:
        raise FeedError(_("Give the feed a name."), "name")
    url = check_destination(url) if url else ""
    if zone:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise FeedError(
                _("%(zone)s is not a time zone we know.") % {"zone": zone}, "timezone"
            ) from None
    if refresh_hours is not None and not 1 <= refresh_hours <= 24 * 30:
        raise FeedError(_("Refresh it every 1 to 720 hours."), "refresh_hours")
    feed, created = MeetingFeed.objects.get_or_create(name=name)
    if url and (created or url != feed.url or feed.next_refresh_at is None):
        feed.next_refresh_at = now
    feed.url = url or feed.url
    feed.timezone = zone or feed.timezone
    feed.refresh_hours = refresh_hours or feed.refresh_hours
    feed.save()
    return feed


def refresh_now(feed_id: int, now: datetime | None = None) -> bool:
    """Asks the background job to refresh a URL feed on its next pass."""
    return bool(
        MeetingFeed.objects.filter(pk=feed_id)
        .exclude(url="")
        .update(next_refresh_at=now or timezone.now())
    )
