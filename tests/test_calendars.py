"""Calendar: the registry, recurrences across daylight saving, the private iCalendar feed
(parsed back with icalendar, recurrences expanded), its secret address, and the page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.test import Client
from icalendar import Calendar
from time_machine import Traveller

from accounts.models import User
from audit.models import AccessLog
from calendars import services
from calendars.entries import CalendarEntry, entries_for
from calendars.models import CalendarFeed
from calendars.recurrence import last_start, starts_between
from circle.models import Membership, Scope
from helpboard import services as help_services
from helpboard.models import HelpNeed
from helpboard.occurrences import Repeat, describe
from helpboard.services import NeedDraft
from recoverycircle import registry
from recoverycircle.registry import Registry
from tests.conftest import client_for

NY = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=NY)


@pytest.fixture
def clock() -> Iterator[Traveller]:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def only_help(monkeypatch: pytest.MonkeyPatch) -> Registry[Any]:
    """The registry with the help board's provider alone, so other apps' entries (tested
    in their own suites) don't change the counts here."""
    kept: Registry[Any] = Registry("calendar providers of this test")
    kept.add(*(p for p in registry.calendar_providers if p.__module__.startswith("helpboard.")))
    monkeypatch.setattr(registry, "calendar_providers", kept)
    return kept


@pytest.fixture
def tuesdays(
    clock: Traveller, alice: User, bob: User, bob_membership: Membership, only_help: Registry[Any]
) -> HelpNeed:
    """alice: a ride every Tuesday at 18:00 New York time from 3 March 2026; bob has help."""
    bob_membership.scopes = [*bob_membership.scopes, Scope.HELP]
    bob_membership.save()
    return help_services.post_need(
        alice,
        alice.pk,
        NeedDraft(
            kind="ride",
            title="to my meeting",
            place="St. Mark's hall",
            starts_at=datetime(2026, 3, 3, 18, 0),
            ends_at=datetime(2026, 3, 3, 19, 0),
            repeat=Repeat(),
        ),
    )


def feed_of(user: User) -> Calendar:
    _, raw = services.create_feed(user)
    response = client_for(None).get(f"/calendar/feed/{raw}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


# Recurrence


def test_it_keeps_a_weekly_6pm_at_6pm_local_across_both_dst_changes() -> None:
    start = datetime(2026, 3, 3, 18, 0, tzinfo=NY)
    march = starts_between(
        start, "FREQ=WEEKLY;BYDAY=TU", "America/New_York", start, datetime(2026, 3, 18, tzinfo=UTC)
    )
    assert march == [
        datetime(2026, 3, 3, 23, 0, tzinfo=UTC),  # EST, UTC-5
        datetime(2026, 3, 10, 22, 0, tzinfo=UTC),  # EDT, UTC-4: same 18:00 on the wall
        datetime(2026, 3, 17, 22, 0, tzinfo=UTC),
    ]
    autumn = starts_between(
        start,
        "FREQ=WEEKLY;BYDAY=TU",
        "America/New_York",
        datetime(2026, 10, 26, tzinfo=UTC),
        datetime(2026, 11, 5, tzinfo=UTC),
    )
    assert autumn == [
        datetime(2026, 10, 27, 22, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 23, 0, tzinfo=UTC),
    ]
    assert {m.astimezone(NY).hour for m in march + autumn} == {18}


def test_it_reads_a_local_until_on_the_recurrence_wall_clock() -> None:
    start = datetime(2026, 3, 3, 18, 0, tzinfo=NY)
    assert last_start(start, "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317", "America/New_York") == (
        datetime(2026, 3, 17, 22, 0, tzinfo=UTC)
    )
    assert last_start(start, "FREQ=WEEKLY;BYDAY=TU", "America/New_York") is None
    assert last_start(start, "FREQ=WEEKLY;COUNT=2", "America/New_York") == datetime(
        2026, 3, 10, 22, 0, tzinfo=UTC
    )


def test_it_builds_every_n_weeks_on_chosen_days_with_an_end(
    clock: Traveller, alice: User, only_help: Registry[Any]
) -> None:
    need = help_services.post_need(
        alice,
        alice.pk,
        NeedDraft(
            kind="childcare",
            starts_at=datetime(2026, 3, 2, 15, 0),  # a Monday, not one of the chosen days
            ends_at=datetime(2026, 3, 2, 17, 0),
            repeat=Repeat(every_weeks=2, weekdays=(1, 3), until=date(2026, 3, 31)),
        ),
    )
    # The first occurrence is the first chosen day on or after the date typed in.
    assert need.starts_at == datetime(2026, 3, 3, 15, 0, tzinfo=NY)
    assert need.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20260401T035959Z"
    assert describe(need) == "Every 2 weeks on Tuesday and Thursday, until 31 March 2026"
    starts = starts_between(
        need.starts_at, need.rrule, need.zone, need.starts_at, MONDAY.replace(month=5)
    )
    assert [s.astimezone(NY).date().day for s in starts] == [3, 5, 17, 19, 31]
    assert need.last_start == datetime(2026, 3, 31, 15, 0, tzinfo=NY)


def test_it_counts_occurrences(clock: Traveller, alice: User, only_help: Registry[Any]) -> None:
    need = help_services.post_need(
        alice,
        alice.pk,
        NeedDraft(
            kind="errand",
            starts_at=datetime(2026, 3, 4, 10, 0),
            ends_at=datetime(2026, 3, 4, 11, 0),
            repeat=Repeat(count=3),
        ),
    )
    assert need.rrule == "FREQ=WEEKLY;BYDAY=WE;COUNT=3"
    assert describe(need) == "Every Wednesday, 3 times"
    assert need.last_start == datetime(2026, 3, 18, 10, 0, tzinfo=NY)


# The feed


def test_it_round_trips_a_recurring_need_through_the_feed(tuesdays: HelpNeed, alice: User) -> None:
    calendar = feed_of(alice)
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"
    [event] = calendar.events
    assert str(event["UID"]) == f"help-{tuesdays.pk}@recoverycircle"
    assert str(event["SUMMARY"]) == "Help: A ride: to my meeting"
    assert str(event["LOCATION"]) == "St. Mark's hall"
    assert event["URL"] == f"http://127.0.0.1:8000/help/{tuesdays.pk}/"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 3, 3, 18, 0)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    # The VTIMEZONE in the document, not the zone database, must carry the change to daylight
    # time: build the zone from it alone and expand the rule with it.
    [vtimezone] = calendar.timezones
    assert vtimezone["TZID"] == "America/New_York"
    zone = vtimezone.to_tz(lookup_tzid=False)
    start = event.decoded("DTSTART").replace(tzinfo=zone)
    ical_rule = event["RRULE"].to_ical()
    assert isinstance(ical_rule, bytes)
    rule = rrulestr(ical_rule.decode(), dtstart=start)
    weeks = rule.between(start, start + timedelta(days=14), inc=True)
    assert [w.astimezone(UTC).hour for w in weeks] == [23, 22, 22]
    assert [w.hour for w in weeks] == [18, 18, 18]
    november = rule.between(
        datetime(2026, 10, 26, tzinfo=UTC), datetime(2026, 11, 5, tzinfo=UTC), inc=True
    )
    assert [w.astimezone(UTC).hour for w in november] == [22, 23]


def test_it_puts_a_supporters_claims_in_their_feed_and_logs_it(
    tuesdays: HelpNeed, alice: User, bob: User
) -> None:
    second = datetime(2026, 3, 10, 18, 0, tzinfo=NY)
    help_services.claim(bob, tuesdays.pk, second)
    AccessLog.objects.all().delete()
    calendar = feed_of(bob)
    [event] = calendar.events
    assert str(event["SUMMARY"]) == "Helping Alice Anders: A ride: to my meeting"
    assert event.decoded("DTSTART") == second
    assert "RRULE" not in event  # only the occurrence he offered to help with
    assert AccessLog.objects.filter(viewer=bob, client=alice).count() == 1
    client_for(bob).get("/calendar/")
    assert AccessLog.objects.filter(viewer=bob, client=alice).count() == 1  # once per 6 hours


def test_it_drops_claims_when_the_help_scope_is_withdrawn(
    tuesdays: HelpNeed, bob: User, bob_membership: Membership
) -> None:
    help_services.claim(bob, tuesdays.pk, datetime(2026, 3, 10, 18, 0, tzinfo=NY))
    bob_membership.scopes = [Scope.SOBRIETY]
    bob_membership.save()
    assert feed_of(bob).events == []


def test_it_includes_other_apps_entries_with_their_zone(
    clock: Traveller, alice: User, only_help: Registry[Any]
) -> None:
    def meetings(user: User) -> list[CalendarEntry]:
        start = datetime(2026, 3, 5, 19, 30, tzinfo=ZoneInfo("Europe/Berlin"))
        return [
            CalendarEntry(
                uid="meeting-1@recoverycircle",
                title="Thursday group",
                start=start,
                end=start + timedelta(hours=1),
                rrule="FREQ=WEEKLY;BYDAY=TH",
                tzid="Europe/Berlin",
                kind="meeting",
            )
        ]

    only_help.add(meetings)
    calendar = feed_of(alice)
    assert [str(e["UID"]) for e in calendar.events] == ["meeting-1@recoverycircle"]
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Berlin"]


def test_it_leaves_out_a_broken_provider_and_keeps_the_rest(
    clock: Traveller, alice: User, tuesdays: HelpNeed, only_help: Registry[Any]
) -> None:
    def broken(user: User) -> list[CalendarEntry]:
        raise RuntimeError("boom")

    only_help.add(broken)
    assert [e.kind for e in entries_for(alice)] == ["help"]
    assert len(feed_of(alice).events) == 1


def test_it_registers_a_provider_once(only_help: Registry[Any]) -> None:
    def mine(user: User) -> list[CalendarEntry]:
        return []

    only_help.add(mine)
    only_help.add(mine)
    assert list(only_help).count(mine) == 1


# The secret address


def test_it_stores_only_a_digest_and_answers_404_to_a_wrong_or_revoked_address(alice: User) -> None:
    feed, raw = services.create_feed(alice)
    assert raw not in feed.digest and len(feed.digest) == 64
    anonymous = client_for(None)
    assert anonymous.get(f"/calendar/feed/{raw}.ics").status_code == 200
    assert anonymous.get(f"/calendar/feed/{raw[:-1]}x.ics").status_code == 404
    _, newer = services.create_feed(alice)
    assert anonymous.get(f"/calendar/feed/{raw}.ics").status_code == 404
    assert anonymous.get(f"/calendar/feed/{newer}.ics").status_code == 200
    assert CalendarFeed.objects.filter(user=alice, revoked_at=None).count() == 1
    services.revoke_feed(alice)
    assert anonymous.get(f"/calendar/feed/{newer}.ics").status_code == 404


def test_it_shows_the_address_once_on_the_page_and_revokes_it(
    alice: User, as_alice: Client
) -> None:
    made = as_alice.post("/calendar/feed/")
    assert made.status_code == 302  # post/redirect/get: a reload cannot make a second address
    assert made["Location"] == "/calendar/#feed-title"
    response = as_alice.get("/calendar/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "it will not be shown again" in page
    assert "no-store" in response["Cache-Control"]
    url = page.split('<code class="secret">')[1].split("</code>")[0]
    path = url.removeprefix("http://127.0.0.1:8000")
    assert path.startswith("/calendar/feed/") and path.endswith(".ics")
    assert f'href="webcal://127.0.0.1:8000{path}"' in page
    later = as_alice.get("/calendar/").content.decode()
    assert path not in later and "Your feed is on" in later
    assert path.removeprefix("/calendar/feed/") not in str(dict(as_alice.session))
    assert CalendarFeed.objects.filter(user=alice).count() == 1
    assert as_alice.post("/calendar/feed/revoke/").status_code == 302
    assert client_for(None).get(path).status_code == 404


def test_it_manages_the_feed_over_the_api(alice: User, as_alice: Client) -> None:
    assert as_alice.get("/api/v1/calendar/feed").json() == {
        "active": False,
        "created_at": None,
        "last_used_at": None,
    }
    made = as_alice.post("/api/v1/calendar/feed")
    assert made.status_code == 201
    url = made.json()["url"]
    assert made.json()["webcal_url"].startswith("webcal://")
    assert client_for(None).get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    assert as_alice.get("/api/v1/calendar/feed").json()["active"] is True
    assert as_alice.delete("/api/v1/calendar/feed").status_code == 204
    assert client_for(None).get(url.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert client_for(None).get("/api/v1/calendar/feed").status_code == 401


# The page


def test_it_lists_the_next_30_days_by_day_with_recurrences(
    tuesdays: HelpNeed, alice: User, as_alice: Client
) -> None:
    page = as_alice.get("/calendar/").content.decode()
    for day in ("Tuesday 3 March", "Tuesday 10 March", "Tuesday 31 March"):
        assert day in page, day
    assert "Tuesday 7 April" not in page  # beyond 30 days
    assert page.count("18:00–19:00") == 5  # 3, 10, 17, 24, 31 March, all 18:00 local
    days = services.agenda(alice)
    assert [d.day for d, _ in days] == [3, 10, 17, 24, 31]


def test_it_shows_the_agenda_in_the_viewers_zone_over_the_api(
    tuesdays: HelpNeed, bob: User, as_alice: Client
) -> None:
    help_services.claim(bob, tuesdays.pk, datetime(2026, 3, 3, 18, 0, tzinfo=NY))
    bob.time_zone = "Europe/Berlin"
    bob.save()
    items = client_for(bob).get("/api/v1/calendar?days=7").json()
    assert [(i["kind"], i["local_date"]) for i in items] == [("claim", "2026-03-04")]
    mine = as_alice.get("/api/v1/calendar").json()
    assert {i["kind"] for i in mine} == {"help"} and len(mine) == 5
    assert mine[0]["recurring"] is True


@pytest.mark.parametrize(("how", "channel"), [("api", "api"), ("feed", "feed"), ("page", "web")])
def test_it_logs_a_calendar_read_through_the_door_it_came(
    tuesdays: HelpNeed, alice: User, bob: User, how: str, channel: str
) -> None:
    help_services.claim(bob, tuesdays.pk, datetime(2026, 3, 10, 18, 0, tzinfo=NY))
    AccessLog.objects.all().delete()
    web = client_for(bob)
    if how == "api":
        assert web.get("/api/v1/calendar").status_code == 200
    elif how == "feed":
        _, raw = services.create_feed(bob)
        assert client_for(None).get(f"/calendar/feed/{raw}.ics").status_code == 200
    else:
        assert web.get("/calendar/").status_code == 200
    [row] = AccessLog.objects.filter(viewer=bob, client=alice)
    assert row.channel == channel
