"""Importing Meeting Guide feeds: bad rows reported with their reason and good rows kept, upserts,
meetings no longer listed, URL fetching with its limits, the refresh job, the staff views."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pytest_django import Settings
from time_machine import TimeMachineFixture

from accounts.models import User
from meetings import importer
from meetings.jobs import refresh_due_feeds
from meetings.models import Meeting, MeetingFeed
from tests.conftest import client_for

SAMPLE = Path(__file__).parent / "fixtures" / "meeting-guide-sample.json"
UTC = ZoneInfo("UTC")
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def row(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "Good One",
        "slug": "good-one",
        "day": 1,
        "time": "18:00",
        "timezone": "America/Chicago",
        "address": "1 Main St",
        "city": "Springfield",
    }
    return {**base, **fields}


BROKEN = [
    row(),
    "not an object",
    row(name="", slug="no-name"),
    row(name="No time", slug="no-time", time=None),
    row(name="No day", slug="no-day", day=None),
    row(name="Bad time", slug="bad-time", time="7pm"),
    row(name="Twelve-hour", slug="twelve-hour", time="8:00 PM"),
    row(name="Late", slug="late", time="25:00"),
    row(name="Bad zone", slug="bad-zone", timezone="Mars/Olympus"),
    row(name="Far north", slug="far-north", latitude=91, longitude=0),
    row(name="Far east", slug="far-east", latitude=10, longitude="east"),
    row(name="Bad day", slug="bad-day", day=7),
    row(name="Copy", slug="good-one"),
    row(name="Good Two", slug="good-two", day=[2, "4"], types="O, D"),
    None,
]


def sample_feed(now: datetime = NOW) -> MeetingFeed:
    feed = importer.save_feed("Sample", now=now)
    importer.import_feed(feed, SAMPLE.read_bytes(), "sample", now)
    return feed


@pytest.mark.django_db
def test_it_reports_each_bad_row_with_its_reason_and_keeps_the_good_ones() -> None:
    feed = importer.save_feed("Broken")
    report = importer.import_feed(feed, json.dumps(BROKEN), now=NOW)
    assert report.ok and report.rows == len(BROKEN)
    assert [(p.index, p.slug, p.reason) for p in report.problems] == [
        (1, "", "not a meeting object but str"),
        (2, "no-name", "missing name"),
        (3, "no-time", "missing time (leave out both day and time for a meeting by appointment)"),
        (
            5,
            "bad-time",
            "time must be a 24-hour time like 19:30, not '7pm' (the format wants 19:00)",
        ),
        (
            6,
            "twelve-hour",
            "time must be a 24-hour time like 19:30, not '8:00 PM' (the format wants 20:00)",
        ),
        (7, "late", "time '25:00' is not a time of day"),
        (8, "bad-zone", "unknown timezone 'Mars/Olympus'"),
        (9, "far-north", "latitude 91 is out of range (-90 to 90)"),
        (10, "far-east", "longitude must be a number, not 'east'"),
        (11, "bad-day", "day must be 0 (Sunday) to 6 (Saturday), not 7"),
        (12, "good-one", "duplicate slug 'good-one' (already used at index 0)"),
        (14, "", "not a meeting object but NoneType"),
    ]
    kept = Meeting.objects.filter(feed=feed).order_by("slug", "weekday")
    # A row without a day is a meeting by appointment: valid, with no day or time.
    assert [(m.slug, m.weekday, m.start_time, m.types) for m in kept] == [
        ("good-one", 1, time(18), []),
        ("good-two", 2, time(18), ["O", "D"]),
        ("good-two", 4, time(18), ["O", "D"]),
        ("no-day", None, None, []),
    ]
    stored = MeetingFeed.objects.get(pk=feed.pk).last_report
    assert stored["bad_rows"] == 12 and stored["created"] == 4 and stored["by_appointment"] == 1
    assert stored["problems"][0] == {
        "index": 1,
        "slug": "",
        "name": "",
        "reason": report.problems[0].reason,
    }


@pytest.mark.django_db
def test_it_imports_the_sample_feed_with_online_and_in_person_derived() -> None:
    feed = sample_feed()
    meetings = {
        m.slug: m for m in Meeting.objects.filter(feed=feed, weekday__in=[0, 1, 2, 3, 4, 5, 6])
    }
    assert Meeting.objects.filter(feed=feed).count() == 16  # 12 rows, Early Birds on 5 days
    days = Meeting.objects.filter(slug="early-birds").values_list("weekday", flat=True)
    assert sorted(d for d in days if d is not None) == [
        1,
        2,
        3,
        4,
        5,
    ]
    loop = meetings["loop-serenity"]
    assert (loop.start_time, loop.duration_minutes, loop.timezone) == (
        time(19, 0),
        60,
        "America/Chicago",
    )
    assert loop.address == "1500 S Michigan Ave, Chicago, IL, 60605, US"
    assert (loop.in_person, loop.online) == (True, False)
    # Temporarily closed but meeting online: online only.
    assert (meetings["hyde-park-speaker"].in_person, meetings["hyde-park-speaker"].online) == (
        False,
        True,
    )
    assert (meetings["uws-hybrid"].in_person, meetings["uws-hybrid"].online) == (True, True)
    # An online meeting with only a city is not a place to walk into.
    assert (meetings["night-owls-online"].in_person, meetings["night-owls-online"].online) == (
        False,
        True,
    )
    assert meetings["night-owls-online"].duration_minutes == 60  # 23:00 to 00:00
    assert meetings["sunrise-meditation-phone"].conference_phone == "+13035550123"
    assert meetings["sunrise-meditation-phone"].duration_minutes == 60  # no end time: one hour


@pytest.mark.django_db
def test_it_updates_by_slug_and_marks_meetings_no_longer_listed_as_gone() -> None:
    feed = sample_feed()
    rows = json.loads(SAMPLE.read_text())
    rows = [r for r in rows if r["slug"] != "chelsea-noon"]
    rows[0]["time"] = "19:30"
    rows[2]["day"] = [1, 2]  # Early Birds on two days only now
    later = NOW + timedelta(days=1)
    report = importer.import_feed(feed, json.dumps(rows), now=later)
    assert (report.created, report.updated, report.removed) == (0, 1, 4)
    assert report.unchanged == 11
    assert Meeting.objects.get(slug="loop-serenity").start_time == time(19, 30)
    gone = Meeting.objects.filter(gone_at=later).values_list("slug", "weekday")
    assert sorted(gone) == [
        ("chelsea-noon", 3),
        ("early-birds", 3),
        ("early-birds", 4),
        ("early-birds", 5),
    ]
    # Listed again: it comes back, keeping its id.
    chelsea = Meeting.objects.get(slug="chelsea-noon")
    back = importer.import_feed(feed, SAMPLE.read_bytes(), now=later + timedelta(days=1))
    assert back.updated == 5 and back.created == 0
    assert Meeting.objects.get(pk=chelsea.pk).gone_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"meetings": []}', "expected a JSON array of meetings, found dict"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (json.dumps([{"name": "x"}, 3]).encode(), "no usable meetings in the feed"),
    ],
)
def test_it_changes_nothing_when_the_feed_cannot_be_read(content: bytes, reason: str) -> None:
    feed = sample_feed()
    report = importer.import_feed(feed, content, now=NOW + timedelta(hours=1))
    assert not report.ok and reason in report.fatal
    assert Meeting.objects.filter(gone_at=None).count() == 16
    feed.refresh_from_db()
    assert feed.last_imported_at == NOW and reason in feed.last_report["fatal"]


@pytest.mark.django_db
def test_it_imports_from_a_file_with_the_management_command(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(BROKEN))
    out = StringIO()
    call_command("import_meetings", file=str(broken), timezone="America/Chicago", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("broken: 15 rows, 12 bad; meetings (one per weekday): 4 new")
    # Every rejected row is printed with its reason.
    assert "  row 8 (bad-zone): unknown timezone 'Mars/Olympus'" in lines
    assert (
        "  row 6 (twelve-hour): time must be a 24-hour time like 19:30, not '8:00 PM' "
        "(the format wants 20:00)"
    ) in lines
    assert len([line for line in lines if line.startswith("  row ")]) == 12
    assert MeetingFeed.objects.get(name="broken").timezone == "America/Chicago"
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_meetings", file=str(tmp_path / "nope.json"))
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(CommandError, match="no usable meetings"):
        call_command("import_meetings", file=str(tmp_path / "list.json"), stdout=StringIO())


# From a URL: a real HTTP server on localhost


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/feed.json":
            self.answer(200, SAMPLE.read_bytes())
        elif self.path == "/big.json":
            self.answer(200, b"[" + b" " * 5000 + b"]")
        elif self.path in {"/to-file", "/to-ftp"}:
            self.send_response(302)
            where = "file:///etc/passwd" if self.path == "/to-file" else "ftp://127.0.0.1/x"
            self.send_header("Location", where)
            self.end_headers()
        else:
            self.answer(404, b"gone")

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    # A feed on this machine is refused unless the operator allows it (recoverycircle.safe_fetch).
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_it_fetches_only_web_addresses_within_the_limits(server: str) -> None:
    assert json.loads(importer.fetch(f"{server}/feed.json"))[0]["slug"] == "loop-serenity"
    with pytest.raises(importer.FeedError, match="larger than"):
        importer.fetch(f"{server}/big.json", limit=1000)
    with pytest.raises(importer.FeedError, match="non-web address"):
        importer.fetch(f"{server}/to-ftp")
    with pytest.raises(importer.FeedError, match="non-web address"):
        importer.fetch(f"{server}/to-file")
    with pytest.raises(importer.FeedError, match="answered 404"):
        importer.fetch(f"{server}/missing")
    for url in ("file:///etc/passwd", "ftp://example.org/x.json", "javascript:alert(1)"):
        with pytest.raises(importer.FeedError, match="must start with http"):
            importer.fetch(url)


@pytest.mark.django_db
def test_it_refreshes_due_url_feeds_once_from_the_job(
    server: str, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    feed = importer.save_feed("Remote", url=f"{server}/feed.json", refresh_hours=6, now=NOW)
    assert feed.next_refresh_at == NOW
    assert refresh_due_feeds(NOW - timedelta(seconds=1)) == 0
    assert refresh_due_feeds(NOW) == 1  # the task runs at once in tests
    assert Meeting.objects.filter(feed=feed).count() == 16
    feed.refresh_from_db()
    assert feed.next_refresh_at == NOW + timedelta(hours=6)
    assert refresh_due_feeds(NOW + timedelta(hours=5)) == 0  # claimed: nothing until due again
    assert refresh_due_feeds(NOW + timedelta(hours=6)) == 1


@pytest.mark.django_db
def test_it_keeps_the_meetings_and_retries_sooner_when_a_feed_is_down(
    server: str, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    feed = sample_feed()
    importer.save_feed("Sample", url=f"{server}/missing", refresh_hours=24, now=NOW)
    assert refresh_due_feeds(NOW) == 1
    feed.refresh_from_db()
    assert "answered 404" in feed.last_report["fatal"]
    assert feed.next_refresh_at == NOW + importer.RETRY_AFTER_FAILURE
    assert Meeting.objects.filter(feed=feed, gone_at=None).count() == 16


@pytest.mark.django_db
def test_it_imports_from_a_url_with_the_management_command(server: str) -> None:
    out = StringIO()
    call_command("import_meetings", url=f"{server}/feed.json", name="Remote", stdout=out)
    assert "16 new" in out.getvalue()
    feed = MeetingFeed.objects.get(name="Remote")
    assert feed.url.endswith("/feed.json") and feed.last_imported_at is not None
    assert feed.next_refresh_at == feed.last_imported_at + timedelta(hours=24)
    with pytest.raises(CommandError, match="answered 404"):
        call_command("import_meetings", url=f"{server}/missing", name="Down", stdout=StringIO())


def test_it_shows_feeds_to_staff_only(alice: User, charlie: User) -> None:
    sample_feed()
    assert client_for(alice).get("/meetings/feeds/").status_code == 404
    assert client_for(alice).get("/api/v1/meeting-feeds").status_code == 404
    charlie.is_staff = True
    charlie.save()
    page = client_for(charlie).get("/meetings/feeds/")
    assert page.status_code == 200 and "12 rows: 16 new" in page.content.decode()
    [feed] = client_for(charlie).get("/api/v1/meeting-feeds").json()
    assert (feed["name"], feed["meetings"], feed["last_report"]["rows"]) == ("Sample", 16, 12)


def test_it_lets_staff_upload_a_feed_and_lists_its_bad_rows(charlie: User) -> None:
    charlie.is_staff = True
    charlie.save()
    upload = SimpleUploadedFile("broken.json", json.dumps(BROKEN).encode())
    form = {"name": "Upload", "file": upload, "timezone": "America/Chicago", "refresh_hours": 24}
    response = client_for(charlie).post("/meetings/feeds/", form)
    assert response.status_code == 302
    assert Meeting.objects.filter(feed__name="Upload").count() == 4
    page = client_for(charlie).get("/meetings/feeds/").content.decode()
    assert "unknown timezone &#x27;Mars/Olympus&#x27;" in page
    neither = client_for(charlie).post("/meetings/feeds/", {**form, "file": ""})
    assert neither.status_code == 400
    assert "Give either a feed address or a file" in neither.content.decode()
