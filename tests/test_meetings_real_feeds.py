"""The importer and the finder on three real, public Meeting Guide feeds (see
tests/fixtures/meeting-guide/README.md): per-row reasons, time zones from positions, online and
hybrid meetings told apart, local times right for people in another zone."""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from meetings import search
from meetings.models import Meeting
from tests.conftest import client_for, make_user

FEEDS = Path(__file__).parent / "fixtures" / "meeting-guide"
SAMPLE = Path(__file__).parent / "fixtures" / "meeting-guide-sample.json"
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=ZoneInfo("UTC"))  # a Thursday
NEW_YORK = ZoneInfo("America/New_York")
PHILADELPHIA_CITY_HALL = (39.9526, -75.1636)


def run_import(path: Path, **options: object) -> list[str]:
    out = StringIO()
    call_command("import_meetings", file=str(path), stdout=out, **options)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_it_imports_the_three_real_feeds_and_reports_every_row() -> None:
    assert run_import(FEEDS / "aasepia.json") == [
        "aasepia: 2038 rows, 3 bad; meetings (one per weekday): 2035 new, 0 changed, "
        "0 unchanged, 0 no longer listed",
        "  time zones of good rows: 2035 from their position, 0 named in the row, 0 from the "
        "feed (no --timezone given)",
        "  good rows: 1291 in person, 305 hybrid, 305 online, 134 inactive (not listed); "
        "0 by appointment",
        *(
            f"  row {index} (westown-{day}-night-online): no specific address and no online "
            "link or phone: nobody could find it"
            for index, day in [(540, "Monday"), (846, "Tuesday"), (1151, "Wednesday")]
        ),
    ]
    assert run_import(FEEDS / "sussexaa.json")[1:] == [
        "  time zones of good rows: 123 from their position, 0 named in the row, 0 from the "
        "feed (no --timezone given)",
        "  good rows: 94 in person, 1 hybrid, 28 online, 0 inactive (not listed); 0 by appointment",
    ]
    assert run_import(FEEDS / "al-anon.json")[2] == (
        "  good rows: 156 in person, 60 hybrid, 113 online, 31 inactive (not listed); "
        "0 by appointment"
    )
    # The zone of each meeting is where it is: all three are on Eastern time.
    assert set(Meeting.objects.values_list("timezone", flat=True)) == {"America/New_York"}


@pytest.mark.django_db
def test_it_never_lists_an_online_meeting_as_an_in_person_walk_in() -> None:
    run_import(FEEDS / "aasepia.json")
    lat, lng = PHILADELPHIA_CITY_HALL
    # "In person, Sunday, within 2 km of City Hall": 30 of 43 used to be "Virtual Only"
    # meetings at 0.0 km.
    in_person = search.search(
        search.MeetingQuery(day=0, lat=lat, lng=lng, online=False, radius_km=2), NEW_YORK, NOW
    )
    assert len(in_person) == 12
    assert not [f for f in in_person if "Virtual" in f.meeting.location]
    assert all(f.distance_km is not None and f.meeting.in_person for f in in_person)
    # Asked for any meeting, the online ones come after the places to go, without a distance.
    anyhow = search.search(search.MeetingQuery(day=0, lat=lat, lng=lng, radius_km=2), NEW_YORK, NOW)
    virtual = [f for f in anyhow if "Virtual" in f.meeting.location]
    assert len(anyhow) == 44 and len(virtual) == 31
    assert all(f.distance_km is None and not f.meeting.in_person for f in virtual)
    assert anyhow[: len(in_person)] == in_person
    one = Meeting.objects.get(slug="shoulder-shoulder-group-Sun12am")
    assert (one.attendance_option, one.approximate) == ("online", True)


@pytest.mark.django_db
def test_it_honours_the_feeds_attendance_option_and_hides_inactive_meetings(
    as_alice: Client,
) -> None:
    run_import(FEEDS / "al-anon.json")
    assert Meeting.objects.filter(in_person=True, online=True).count() == 60
    inactive = Meeting.objects.filter(in_person=False, online=False)
    assert inactive.count() == 31
    found = search.search(search.MeetingQuery(), NEW_YORK, NOW)
    assert len(found) == 360 - 31
    assert not {f.meeting.pk for f in found} & set(inactive.values_list("pk", flat=True))
    # Online and hybrid meetings show how to join; in-person ones do not.
    rows = {r["slug"]: r for r in json.loads((FEEDS / "al-anon.json").read_text())}
    hybrid = Meeting.objects.filter(in_person=True, online=True).exclude(conference_url="")[0]
    page = as_alice.get(f"/meetings/{hybrid.pk}/").content.decode()
    assert "Join the online meeting" in page and hybrid.conference_url in page
    assert rows[hybrid.slug]["attendance_option"] == "hybrid"
    walk_in = Meeting.objects.filter(in_person=True, online=False)[0]
    assert (
        "Join the online meeting" not in as_alice.get(f"/meetings/{walk_in.pk}/").content.decode()
    )
    api = as_alice.get("/api/v1/meetings", {"online": "true", "limit": "200"}).json()
    assert api["count"] == 60 + 113
    assert {m["attendance"] for m in api["items"]} == {"hybrid", "online"}


@pytest.mark.django_db
def test_it_shows_local_times_right_across_two_time_zones() -> None:
    run_import(FEEDS / "sussexaa.json")
    meeting = Meeting.objects.get(slug="one-page-at-a-time")  # Tuesdays 19:00 in Delaware
    assert (meeting.weekday, f"{meeting.start_time:%H:%M}", meeting.timezone) == (
        2,
        "19:00",
        "America/New_York",
    )
    eastern = client_for(make_user("erin@example.org", "Erin", zone="America/New_York"))
    central = client_for(make_user("carl@example.org", "Carl", zone="America/Chicago"))
    for web, local in ((eastern, "19:00"), (central, "18:00")):
        found = web.get(f"/api/v1/meetings/{meeting.pk}").json()
        assert (found["time"], found["local_time"], found["local_weekday"]) == ("19:00", local, 2)
    page = central.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Every Tuesday, 19:00 to 20:00, New York time (UTC−" in page
    assert "Tuesdays at 18:00 your time" in page
    assert "your time" not in eastern.get(f"/meetings/{meeting.pk}/").content.decode()


@pytest.mark.django_db
def test_it_takes_zones_from_positions_then_the_feed_and_names_rows_with_neither(
    tmp_path: Path,
) -> None:
    rows = json.loads(SAMPLE.read_text())
    for row in rows:
        del row["timezone"]  # as in the real feeds
    path = tmp_path / "no-zones.json"
    path.write_text(json.dumps(rows))
    lines = run_import(path, name="No zones")
    # Chicago and New York meetings have positions; the two online ones do not.
    assert (
        "  time zones of good rows: 10 from their position, 0 named in the row, 0 from "
        in (lines[1])
    )
    neither = [line for line in lines if "no time zone" in line]
    assert [line.split(":")[0] for line in neither] == [
        "  row 10 (night-owls-online)",
        "  row 11 (sunrise-meditation-phone)",
    ]
    zones = dict(Meeting.objects.filter(weekday__isnull=False).values_list("slug", "timezone"))
    assert zones["loop-serenity"] == "America/Chicago"
    assert zones["harlem-hope"] == "America/New_York"
    # With the feed's own --timezone, those rows are kept in it.
    again = run_import(path, name="No zones", timezone="America/Los_Angeles")
    assert "0 named in the row, 2 from the feed (--timezone America/Los_Angeles)" in again[1]
    assert Meeting.objects.get(slug="night-owls-online").timezone == "America/Los_Angeles"
    assert Meeting.objects.get(slug="loop-serenity").timezone == "America/Chicago"


@pytest.mark.django_db
def test_it_pages_results_instead_of_cutting_them(as_alice: Client) -> None:
    run_import(FEEDS / "sussexaa.json")
    first = as_alice.get("/meetings/", {"attendance": "in_person"}).content.decode()
    assert "95 meetings" in first and "Showing 1 to 50." in first
    assert first.count('class="meeting"') == 50
    assert 'href="?attendance=in_person&amp;page=2"' in first
    second = as_alice.get("/meetings/", {"attendance": "in_person", "page": "2"}).content.decode()
    assert second.count('class="meeting"') == 45 and "Page 2 of 2" in second
    api = as_alice.get("/api/v1/meetings", {"online": "false", "offset": "90"}).json()
    assert api["count"] == 95 and len(api["items"]) == 5
    everything = as_alice.get("/api/v1/meetings", {"limit": 200}).json()
    assert everything["count"] == len(everything["items"]) == 123


def test_it_labels_every_type_code_of_the_specification() -> None:
    from meetings.types import TYPES, label

    assert len(TYPES) == 77  # the specification's 76 codes and the older ONL
    used = {
        code
        for name in ("aasepia", "sussexaa", "al-anon")
        for row in json.loads((FEEDS / f"{name}.json").read_text())
        for code in row.get("types") or []
    }
    # Only codes the specification does not have are shown as they are.
    assert {code for code in used if code not in TYPES} == {"ASBI", "AC", "LGBTQIA"}
    assert label("ASBI") == "ASBI"
    assert label("POA") == "Proof of Attendance" and label("RUS") == "Russian"


@pytest.mark.django_db
def test_it_lists_meetings_by_appointment(tmp_path: Path, as_alice: Client) -> None:
    rows = [
        {"name": "Call Us", "slug": "call-us", "conference_phone": "+13025550100"},
        {
            "name": "Weekly",
            "slug": "weekly",
            "day": 1,
            "time": "19:00",
            "formatted_address": "1 Main St, Dover, DE 19901, USA",
            "latitude": 39.158,
            "longitude": -75.524,
        },
    ]
    path = tmp_path / "appointments.json"
    path.write_text(json.dumps(rows))
    assert "1 by appointment" in run_import(path)[2]
    found = as_alice.get("/meetings/", {"q": "", "attendance": "online"}).content.decode()
    assert "Call Us" in found and "By appointment" in found
    listed = search.search(search.MeetingQuery(), NEW_YORK, NOW)
    assert [f.meeting.slug for f in listed] == ["weekly", "call-us"]  # by appointment last
    assert search.search(search.MeetingQuery(day=1), NEW_YORK, NOW)[0].meeting.slug == "weekly"
    assert len(search.search(search.MeetingQuery(day=1), NEW_YORK, NOW)) == 1
    call_us = Meeting.objects.get(slug="call-us")
    page = as_alice.get(f"/meetings/{call_us.pk}/").content.decode()
    assert "By appointment: contact the group" in page and "Put it on my calendar" not in page
    refused = as_alice.post(
        f"/api/v1/meetings/{call_us.pk}/going", {}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "by appointment" in refused.json()["message"]
    api = as_alice.get(f"/api/v1/meetings/{call_us.pk}").json()
    assert (api["by_appointment"], api["weekday"], api["time"], api["next_start"]) == (
        True,
        None,
        None,
        None,
    )
