"""Searching meetings: distance from a point, day and time in the searcher's own time zone,
type codes, online or in person, and input checks, on the page and in the API."""

from __future__ import annotations

from datetime import datetime, time
from typing import TypedDict, Unpack
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from meetings import importer, search
from meetings.models import Meeting
from tests.test_meetings_import import NOW, sample_feed

NEW_YORK = ZoneInfo("America/New_York")  # alice's zone (tests/conftest.py)
CHICAGO = (41.8781, -87.6298)
NEW_YORK_CITY_HALL = (40.7128, -74.0060)


@pytest.fixture
def directory(db: None, time_machine: TimeMachineFixture) -> None:
    # Thursday 26 November 2026, 10:00 in New York.
    time_machine.move_to(NOW, tick=False)
    sample_feed()


def slugs(found: list[search.Found]) -> list[str]:
    return [f.meeting.slug for f in found]


class Criteria(TypedDict, total=False):
    """The fields of search.MeetingQuery, as keywords of `find`."""

    day: int
    time_from: time
    time_to: time
    types: list[str]
    online: bool
    lat: float
    lng: float
    radius_km: float
    text: str


def find(**criteria: Unpack[Criteria]) -> list[search.Found]:
    return search.search(search.MeetingQuery(**criteria), NEW_YORK, NOW)


def test_it_measures_the_distance_between_two_cities() -> None:
    # Chicago and New York city halls are about 1,144 km apart on the globe.
    assert search.haversine_km(*CHICAGO, *NEW_YORK_CITY_HALL) == pytest.approx(1144.3, abs=0.5)
    assert search.haversine_km(*CHICAGO, *CHICAGO) == 0


def test_it_finds_meetings_within_a_radius_nearest_first(directory: None) -> None:
    near = find(lat=CHICAGO[0], lng=CHICAGO[1], radius_km=15)
    assert slugs(near) == [
        *["early-birds"] * 5,
        "loop-serenity",
        "wicker-park-big-book",
        "lakeview-womens-step-study",
        "hyde-park-speaker",  # closed for repairs, online only: after the places to go
    ]
    # An online-only meeting is never "9.9 km away": there is nowhere to walk to.
    assert [f.distance_km for f in near][4:] == [1.4, 1.9, 5.4, 7.5, None]
    # Evanston is 19 km north: in at 25 km; New York (1,144 km) only within 1,200 km.
    assert "evanston-newcomers" in slugs(find(lat=CHICAGO[0], lng=CHICAGO[1], radius_km=25))
    within_1000 = find(lat=CHICAGO[0], lng=CHICAGO[1], radius_km=1000)
    assert "chelsea-noon" not in slugs(within_1000) and len(within_1000) == 10
    far = find(lat=CHICAGO[0], lng=CHICAGO[1], radius_km=1200)
    assert slugs(far)[-5:] == [
        "chelsea-noon",
        "uws-hybrid",
        "brooklyn-heights-step",
        "harlem-hope",
        "hyde-park-speaker",
    ]
    assert far[-5].distance_km == pytest.approx(1144.0, abs=0.5)
    # Meetings without a position (online ones here) are never "near".
    assert "night-owls-online" not in slugs(far)


def test_it_finds_across_the_antimeridian_and_near_a_pole(directory: None) -> None:
    feed = importer.save_feed("Far away")
    rows = [
        {
            "name": "Suva",
            "slug": "suva",
            "day": 1,
            "time": "18:00",
            "timezone": "Pacific/Fiji",
            "latitude": -17.7,
            "longitude": 179.95,
            "address": "Main St",
        },
        {
            "name": "Station",
            "slug": "station",
            "day": 1,
            "time": "18:00",
            "timezone": "UTC",
            "latitude": 89.9,
            "longitude": 100,
            "address": "Ice",
        },
    ]
    importer.import_feed(feed, str(rows).replace("'", '"'), now=NOW)
    across = find(lat=-17.7, lng=-179.95, radius_km=50)
    assert slugs(across) == ["suva"] and across[0].distance_km == pytest.approx(10.6, abs=0.2)
    assert slugs(find(lat=89.9, lng=-80, radius_km=50)) == ["station"]


def test_it_shows_a_chicago_meeting_in_new_york_time(directory: None, as_alice: Client) -> None:
    # Loop Serenity: Tuesdays 19:00 in Chicago, which is 20:00 in New York.
    found = as_alice.get("/api/v1/meetings", {"day": "2", "time_from": "19:30", "time_to": "20:30"})
    assert found.status_code == 200
    assert found.json()["count"] == 1
    [loop] = found.json()["items"]
    assert (loop["name"], loop["time"], loop["timezone"]) == (
        "Loop Serenity",
        "19:00",
        "America/Chicago",
    )
    assert (loop["local_weekday"], loop["local_time"]) == (2, "20:00")
    assert loop["next_start"] == "2026-12-01T20:00:00-05:00"
    page = as_alice.get("/meetings/", {"day": "2", "time_from": "19:30", "time_to": "20:30"})
    html = page.content.decode()
    assert page.status_code == 200 and "Loop Serenity" in html and "Harlem Hope" not in html
    assert "Tuesday 20:00" in html and "19:00 Chicago time (UTC−6)" in html
    detail = as_alice.get(f"/meetings/{loop['id']}/").content.decode()
    assert "Every Tuesday, 19:00 to 20:00, Chicago time (UTC−6)" in detail
    assert "Tuesdays at 20:00 your time" in detail


def test_it_searches_days_in_the_searchers_zone(directory: None, as_alice: Client) -> None:
    # Night Owls: Saturday 23:00 in Los Angeles is Sunday 02:00 in New York.
    sunday = find(day=0)
    assert slugs(sunday) == [
        "night-owls-online",
        "sunrise-meditation-phone",
        "brooklyn-heights-step",
    ]
    assert sunday[0].starts == datetime(2026, 11, 29, 2, 0, tzinfo=NEW_YORK)
    assert "night-owls-online" not in slugs(find(day=6))
    # A window across midnight.
    assert slugs(find(time_from=time(22, 0), time_to=time(3, 0))) == ["night-owls-online"]
    late = as_alice.get("/api/v1/meetings", {"time_from": "22:00", "time_to": "03:00"}).json()
    assert [(m["slug"], m["weekday"], m["local_weekday"]) for m in late["items"]] == [
        ("night-owls-online", 6, 0)
    ]


def test_it_filters_by_types_and_by_how_to_attend(directory: None, as_alice: Client) -> None:
    assert slugs(find(types=["O", "SP"])) == ["hyde-park-speaker", "harlem-hope"]
    assert slugs(find(online=True)) == [
        "uws-hybrid",
        "hyde-park-speaker",
        "night-owls-online",
        "sunrise-meditation-phone",
    ]
    in_person = slugs(find(online=False))
    assert "uws-hybrid" in in_person and len(in_person) == 13
    assert not {"hyde-park-speaker", "night-owls-online"} & set(in_person)
    api = as_alice.get("/api/v1/meetings", {"types": "O,SP", "online": "true"}).json()
    assert [(m["slug"], m["type_names"]) for m in api["items"]] == [
        ("hyde-park-speaker", ["Open", "Speaker", "Location Temporarily Closed"])
    ]
    assert slugs(find(text="lakeview")) == ["lakeview-womens-step-study"]


def test_it_leaves_out_meetings_no_longer_listed(directory: None) -> None:
    Meeting.objects.filter(slug="harlem-hope").update(gone_at=NOW)
    assert slugs(find(types=["O", "SP"])) == ["hyde-park-speaker"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"lat": "41.9"}, "give both lat and lng"),
        ({"radius_km": "10"}, "radius_km needs lat and lng"),
        ({"day": "7"}, "day: Input should be less than or equal to 6"),
        ({"lat": "91", "lng": "0"}, "lat: Input should be less than or equal to 90"),
        ({"time_from": "7pm"}, "time_from"),
        ({"radius_km": "5000", "lat": "1", "lng": "1"}, "radius_km"),
    ],
)
def test_it_answers_bad_searches_with_422(
    directory: None, as_alice: Client, query: dict[str, str], message: str
) -> None:
    response = as_alice.get("/api/v1/meetings", query)
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_it_shows_search_form_errors_on_the_page(directory: None, as_alice: Client) -> None:
    response = as_alice.get("/meetings/", {"lat": "41.9", "day": "2"})
    assert response.status_code == 400
    assert "Give both latitude and longitude." in response.content.decode()
    assert as_alice.get("/meetings/").status_code == 200
    assert as_alice.get("/api/v1/meetings/999999").status_code == 404
