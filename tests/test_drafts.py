"""The checks a help-board need, a sober event and a contact-log entry pass before anything is
saved, called directly: each refusal names the field at fault, and a good draft comes back
tidied and in UTC."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from circle.models import Membership
from contacts.models import ContactLog
from contacts.services import ContactDraft, ContactError, log_contact
from events.services import EventDraft, EventError, check_draft
from helpboard.occurrences import Repeat
from helpboard.services import HelpError, NeedDraft, validate

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # Monday 2 March, 07:00 in New York
TUESDAY = datetime(2026, 3, 3, 18, 0)  # the client's wall clock
NEED = NeedDraft(kind="ride", starts_at=TUESDAY, ends_at=TUESDAY + timedelta(hours=1))


def test_it_turns_a_one_off_need_into_utc() -> None:
    assert validate(NEED, NEW_YORK, NOW) == (
        datetime(2026, 3, 3, 23, 0, tzinfo=UTC),
        datetime(2026, 3, 4, 0, 0, tzinfo=UTC),
        "",
    )


def test_it_starts_a_series_on_its_first_chosen_weekday() -> None:
    thursdays = replace(NEED, repeat=Repeat(weekdays=(3,), count=4))
    start, end, rule = validate(thursdays, NEW_YORK, NOW)
    assert start == datetime(2026, 3, 5, 23, 0, tzinfo=UTC) and end - start == timedelta(hours=1)
    assert "BYDAY=TH" in rule and "COUNT=4" in rule


LONG = "x" * 121


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "spaceship"}, "kind"),
        ({"title": LONG}, "title"),
        ({"place": "x" * 201}, "place"),
        ({"notes": "x" * 2001}, "notes"),
        ({"ends_at": TUESDAY}, "ends_at"),
        ({"ends_at": TUESDAY + timedelta(hours=25)}, "ends_at"),
        ({"starts_at": datetime(2026, 3, 1, 18), "ends_at": datetime(2026, 3, 1, 19)}, "starts_at"),
        ({"starts_at": datetime(2027, 4, 1, 18), "ends_at": datetime(2027, 4, 1, 19)}, "starts_at"),
        ({"repeat": Repeat(every_weeks=9)}, "every_weeks"),
        ({"repeat": Repeat(weekdays=(7,))}, "weekdays"),
        ({"repeat": Repeat(until=date(2026, 4, 1), count=3)}, "until"),
        ({"repeat": Repeat(count=201)}, "count"),
        ({"repeat": Repeat(until=date(2026, 3, 1))}, "until"),
        ({"repeat": Repeat(until=date(2028, 6, 1))}, "until"),
        ({"repeat": Repeat(weekdays=(3,), until=date(2026, 3, 4))}, "until"),  # no Thursday
    ],
)
def test_it_refuses_a_need_it_cannot_post(change: dict[str, Any], field: str) -> None:
    with pytest.raises(HelpError) as refused:
        validate(replace(NEED, **change), NEW_YORK, NOW)
    assert (refused.value.field, refused.value.status) == (field, 422)


EVENT = EventDraft(title="  Picnic   in the park ", starts_at=NOW + timedelta(days=2))


def test_it_tidies_an_event_and_gives_it_a_default_length() -> None:
    assert check_draft(EVENT, NOW) == (
        "Picnic in the park",
        NOW + timedelta(days=2),
        NOW + timedelta(days=2, hours=2),
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": LONG}, "title"),
        ({"place": "x" * 201}, "place"),
        ({"notes": "x" * 2001}, "notes"),
        ({"starts_at": datetime(2026, 3, 5, 18)}, "starts_at"),  # no time zone
        ({"starts_at": NOW}, "starts_at"),
        ({"starts_at": NOW + timedelta(days=400)}, "starts_at"),
        ({"ends_at": NOW + timedelta(days=1)}, "ends_at"),
        ({"ends_at": NOW + timedelta(days=6)}, "ends_at"),
    ],
)
def test_it_refuses_an_event_it_cannot_plan(change: dict[str, Any], field: str) -> None:
    with pytest.raises(EventError) as refused:
        check_draft(replace(EVENT, **change), NOW)
    assert refused.value.field == field


CONTACT = ContactDraft(channel="call", name="  Sam   from group ")


def test_it_logs_a_contact_by_name_tidied(alice: User) -> None:
    logged = log_contact(alice, CONTACT, NOW)
    assert (logged.name, logged.at, logged.channel) == ("Sam from group", NOW, "call")


def test_it_names_a_contact_in_the_circle_after_the_supporter(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    logged = log_contact(alice, replace(CONTACT, membership_id=bob_membership.pk), NOW)
    assert logged.name == "Bob Brown"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"membership_id": 10**9}, "membership"),
        ({"at": datetime(2026, 3, 2, 11, 0)}, "at"),  # no time zone
        ({"at": NOW + timedelta(minutes=6)}, "at"),
        ({"at": NOW - timedelta(days=367)}, "at"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_it_refuses_a_contact_it_cannot_log(
    alice: User, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ContactError) as refused:
        log_contact(alice, replace(CONTACT, **change), NOW)
    assert refused.value.field == field
    assert not ContactLog.objects.exists()


def test_it_refuses_a_contact_with_someone_from_another_circle(
    alice: User, bob: User, dana: User, dana_membership: Membership
) -> None:
    theirs = Membership.objects.create(client=bob, supporter=dana)
    with pytest.raises(ContactError):
        log_contact(alice, replace(CONTACT, membership_id=theirs.pk), NOW)
