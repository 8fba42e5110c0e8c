"""The meeting forms (meetings.forms), called directly: the search form and the query it makes,
a place given by both coordinates or neither, "I'm going" once or every week, and the staff's
feed form (an address or a file, never both)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from meetings.forms import FeedForm, GoingForm, MeetingSearchForm, WentForm, feed_zone_choices
from meetings.search import MeetingQuery


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The words are checked in English, whatever language an earlier test's request left
    active in this thread."""
    with translation.override("en"):
        yield


def search(**data: object) -> MeetingSearchForm:
    return MeetingSearchForm(data)


def test_it_searches_everything_when_nothing_is_given() -> None:
    form = search()
    assert form.is_valid()
    assert form.query() == MeetingQuery()


def test_it_turns_every_field_into_the_query() -> None:
    form = search(
        q="  Serenity ",
        day="0",
        time_from="18:00",
        time_to="21:30",
        attendance="in_person",
        types=["O", "BE"],
        lat="41.88",
        lng="-87.63",
        radius_km="5",
    )
    assert form.is_valid(), form.errors
    assert form.query() == MeetingQuery(
        day=0,
        time_from=time(18),
        time_to=time(21, 30),
        types=["O", "BE"],
        online=False,
        lat=41.88,
        lng=-87.63,
        radius_km=5.0,
        text="Serenity",
    )


@pytest.mark.parametrize(("attendance", "online"), [("", None), ("online", True)])
def test_it_asks_for_online_or_either(attendance: str, online: bool | None) -> None:
    form = search(attendance=attendance)
    assert form.is_valid() and form.query().online is online


def test_it_keeps_the_equator_and_the_prime_meridian_as_a_place() -> None:
    form = search(lat="0", lng="0", radius_km="10")
    assert form.is_valid(), form.errors
    assert (form.query().lat, form.query().lng) == (0.0, 0.0)


@pytest.mark.parametrize(("data", "field"), [({"lat": "41.88"}, "lng"), ({"lng": "-87.63"}, "lat")])
def test_it_asks_for_the_missing_coordinate(data: dict[str, str], field: str) -> None:
    form = search(**data)
    assert not form.is_valid()
    assert form.errors == {field: ["Give both latitude and longitude."]}


def test_it_does_not_ask_for_the_other_coordinate_when_one_is_wrong() -> None:
    form = search(lat="91", lng="")
    assert not form.is_valid()
    assert list(form.errors) == ["lat"]  # only the real mistake, not "give both" too


def test_it_needs_a_place_for_a_distance() -> None:
    form = search(radius_km="10")
    assert not form.is_valid()
    assert form.errors == {"radius_km": ["A distance needs a place: give latitude and longitude."]}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "7"}, "day"),
        ({"day": "Monday"}, "day"),
        ({"time_from": "25:00"}, "time_from"),
        ({"attendance": "hybrid"}, "attendance"),
        ({"types": ["NOT-A-CODE"]}, "types"),
        ({"lat": "nan", "lng": "0"}, "lat"),
        ({"lat": "0", "lng": "inf"}, "lng"),
        ({"lat": "0", "lng": "181"}, "lng"),
        ({"lat": "0", "lng": "0", "radius_km": "0"}, "radius_km"),
        ({"lat": "0", "lng": "0", "radius_km": "2000.1"}, "radius_km"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_it_refuses_what_is_not_a_search(data: dict[str, object], field: str) -> None:
    form = search(**data)
    assert not form.is_valid()
    assert field in form.errors


def test_it_offers_the_common_kinds_by_name() -> None:
    field = MeetingSearchForm().fields["types"]
    assert isinstance(field, forms.MultipleChoiceField)
    choices = dict(field.choices)  # type: ignore[arg-type]  # the stubs allow callable choices
    assert choices["O"] == "Open" and choices["BE"] == "Newcomer"


def test_it_goes_every_week_without_a_date() -> None:
    form = GoingForm({"repeat": "weekly", "on_date": "2026-03-03"})
    assert form.is_valid()
    assert form.cleaned_data == {"repeat": "weekly", "on_date": None}


def test_it_goes_once_on_a_date_it_needs() -> None:
    once = GoingForm({"repeat": "once", "on_date": "2026-03-03"})
    assert once.is_valid() and once.cleaned_data["on_date"] == date(2026, 3, 3)
    dateless = GoingForm({"repeat": "once"})
    assert not dateless.is_valid()
    assert dateless.errors == {"on_date": ["Choose the date you are going."]}
    assert not GoingForm({"repeat": "monthly"}).is_valid()


def test_it_gives_the_went_form_its_own_ids() -> None:
    went = WentForm()
    assert 'id="went_on_date"' in str(went["on_date"])
    assert 'id="id_on_date"' in str(GoingForm()["on_date"])
    assert WentForm(auto_id="x_%s").auto_id == "x_%s"
    assert not WentForm({}).is_valid()
    assert WentForm({"on_date": "2026-03-03"}).is_valid()


def feed(**data: object) -> dict[str, object]:
    return {"name": "Area 9", "refresh_hours": "24", **data}


def test_it_takes_a_feed_by_address_or_by_file() -> None:
    by_url = FeedForm(feed(url="example.org/meetings.json"))
    assert by_url.is_valid(), by_url.errors
    assert by_url.cleaned_data["url"] == "https://example.org/meetings.json"
    upload = SimpleUploadedFile("feed.json", b"[]", content_type="application/json")
    by_file = FeedForm(feed(timezone="America/Chicago"), MultiValueDict({"file": [upload]}))
    assert by_file.is_valid(), by_file.errors
    assert by_file.cleaned_data["timezone"] == "America/Chicago"


def test_it_refuses_both_an_address_and_a_file_or_neither() -> None:
    upload = SimpleUploadedFile("feed.json", b"[]", content_type="application/json")
    both = FeedForm(feed(url="https://example.org/f.json"), MultiValueDict({"file": [upload]}))
    neither = FeedForm(feed())
    for form in (both, neither):
        assert not form.is_valid()
        assert form.non_field_errors() == ["Give either a feed address or a file, not both."]


@pytest.mark.parametrize(
    "data",
    [
        {"url": "https://example.org/f.json", "refresh_hours": "0"},
        {"url": "https://example.org/f.json", "refresh_hours": "721"},
        {"url": "https://example.org/f.json", "timezone": "Mars/Olympus"},
        {"url": "https://example.org/f.json", "name": ""},
    ],
)
def test_it_refuses_a_feed_off_the_limits(data: dict[str, object]) -> None:
    assert not FeedForm(feed(**data)).is_valid()


def test_it_offers_no_zone_first_then_every_zone() -> None:
    choices = feed_zone_choices()
    assert choices[0] == ("", "None: only from each meeting's position")
    assert ("America/New_York", "America/New York") in choices
    with translation.override("es"):
        assert feed_zone_choices()[0][1] != choices[0][1]
