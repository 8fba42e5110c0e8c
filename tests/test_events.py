"""Sober events: proposing to all or part of the circle, who may see them, answers, reminders
two hours before to those who said yes, cancelling, calendars and home."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert, Notification
from audit.models import AccessLog
from calendars.entries import entries_for
from circle.models import Membership
from events import services
from events.models import RSVP, Event
from tests.conftest import client_for

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=ZoneInfo("UTC"))  # Thursday 10:00 in New York
SATURDAY = datetime(2026, 11, 28, 18, 0, tzinfo=NEW_YORK)


@pytest.fixture
def circle(
    alice: User,
    bob: User,
    dana: User,
    bob_membership: Membership,
    dana_membership: Membership,
    time_machine: TimeMachineFixture,
) -> User:
    time_machine.move_to(NOW, tick=False)
    return alice


def propose(
    organiser: User,
    client: User,
    invitees: list[int] | None = None,
    start: datetime = SATURDAY,
    title: str = "Bowling",
) -> Event:
    draft = services.EventDraft(title=title, starts_at=start, place="Lanes", invitee_ids=invitees)
    return services.propose(organiser, client.pk, draft)


def told(event: Event, kind: str) -> list[str]:
    rows = Notification.objects.filter(alert__kind=kind, alert__link=f"/events/{event.pk}/")
    return sorted(rows.filter(channel="inbox").values_list("recipient__email", flat=True))


def test_it_invites_the_whole_circle_from_the_page(circle: User, as_alice: Client) -> None:
    form = {"title": "Bowling", "starts_at": "2026-11-28T18:00", "place": "Lanes", "invite": "all"}
    response = as_alice.post(f"/events/new/{circle.pk}/", form)
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/events/{event.pk}/"
    assert event.starts_at == SATURDAY and event.ends_at == SATURDAY + timedelta(hours=2)
    assert event.remind_at == SATURDAY - timedelta(hours=2)
    assert told(event, "event_invite") == ["bob@example.org", "dana@clinic.example.org"]
    alert = Alert.objects.get(kind="event_invite")
    assert alert.subject == "Alice Anders proposes: Bowling"
    assert alert.body.startswith("Saturday 28 November, 18:00\u201320:00 (America/New York time)")
    assert list(RSVP.objects.values_list("person__email", "answer")) == [
        ("alice@example.org", "yes")
    ]


def test_it_shows_an_event_only_to_those_invited(
    circle: User, bob: User, dana: User, charlie: User, bob_membership: Membership
) -> None:
    event = propose(circle, circle, invitees=[bob_membership.pk])
    assert told(event, "event_invite") == ["bob@example.org"]
    for person, web, api in [
        (circle, 200, 200),
        (bob, 200, 200),
        (dana, 404, 404),
        (charlie, 404, 404),
    ]:
        assert client_for(person).get(f"/events/{event.pk}/").status_code == web, person
        assert client_for(person).get(f"/api/v1/events/{event.pk}").status_code == api, person
    assert client_for(dana).get("/api/v1/events").json() == []
    assert [e["id"] for e in client_for(bob).get("/api/v1/events").json()] == [event.pk]
    answer = client_for(dana).post(
        f"/api/v1/events/{event.pk}/rsvp", {"answer": "yes"}, content_type="application/json"
    )
    assert answer.status_code == 404 and not RSVP.objects.filter(person=dana).exists()
    assert AccessLog.objects.filter(viewer=bob, what__contains="sober event: Bowling").exists()
    assert not AccessLog.objects.filter(viewer=dana).exists()
    bob_membership.status = Membership.Status.PAUSED
    bob_membership.save()
    assert client_for(bob).get(f"/events/{event.pk}/").status_code == 404


def test_it_lets_a_supporter_invite_everyone_or_just_the_client(
    circle: User, bob: User, dana: User, dana_membership: Membership
) -> None:
    web = client_for(bob)
    base = {"title": "Walk", "starts_at": "2026-11-29T10:00:00-05:00"}
    url = f"/api/v1/clients/{circle.pk}/events"
    chosen = web.post(
        url, {**base, "invitee_ids": [dana_membership.pk]}, content_type="application/json"
    )
    assert chosen.status_code == 403 and "Only Alice Anders can choose" in chosen.json()["message"]
    just = web.post(url, {**base, "invitee_ids": []}, content_type="application/json")
    assert just.status_code == 201
    event = Event.objects.get(pk=just.json()["id"])
    assert (event.organiser, event.invite_all) == (bob, False)
    assert told(event, "event_invite") == ["alice@example.org"]
    assert client_for(dana).get(f"/events/{event.pk}/").status_code == 404
    assert client_for(circle).get(f"/events/{event.pk}/").status_code == 200
    everyone = web.post(url, base, content_type="application/json")
    assert everyone.status_code == 201 and everyone.json()["invite_all"] is True
    page = web.get(f"/events/new/{circle.pk}/").content.decode()
    assert "Just Alice Anders" in page and "Dana Diaz" not in page  # no list of the others
    assert (
        client_for(dana)
        .post(f"/api/v1/clients/{bob.pk}/events", base, content_type="application/json")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"starts_at": "2026-11-25T18:00:00-05:00"}, 400, "Choose a time in the future."),
        ({"ends_at": "2026-11-28T17:00:00-05:00"}, 400, "The end must be after the start."),
        ({"starts_at": "2026-11-28T18:00:00"}, 400, "Times need a time zone."),
        ({"ends_at": "2026-12-08T18:00:00-05:00"}, 400, "at most three days"),
        ({"title": ""}, 422, "title"),
        ({"invitee_ids": [999]}, 400, "Choose people who are in the circle now."),
    ],
)
def test_it_refuses_a_bad_event(
    circle: User, as_alice: Client, changes: dict[str, object], status: int, message: str
) -> None:
    body = {"title": "Film", "starts_at": "2026-11-28T18:00:00-05:00", **changes}
    response = as_alice.post(
        f"/api/v1/clients/{circle.pk}/events", body, content_type="application/json"
    )
    assert response.status_code == status and message in response.json()["message"]
    assert not Event.objects.exists()


def test_it_keeps_the_form_on_a_bad_event_page(circle: User, as_alice: Client) -> None:
    form = {"title": "Film", "starts_at": "2026-11-25T18:00", "invite": "some"}
    response = as_alice.post(f"/events/new/{circle.pk}/", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one person." in html and 'value="Film"' in html


def test_it_records_answers_and_shows_a_no_only_to_the_client_and_organiser(
    circle: User, bob: User, dana: User
) -> None:
    event = propose(circle, circle)
    assert client_for(bob).post(f"/events/{event.pk}/answer/", {"answer": "yes"}).status_code == 302
    answer = client_for(dana).post(
        f"/api/v1/events/{event.pk}/rsvp", {"answer": "no"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["my_answer"] == "no"
    seen_by_bob = client_for(bob).get(f"/api/v1/events/{event.pk}").json()
    assert [(a["person"]["display_name"], a["answer"]) for a in seen_by_bob["answers"]] == [
        ("Alice Anders", "yes"),
        ("Bob Brown", "yes"),
    ]
    seen_by_alice = client_for(circle).get(f"/api/v1/events/{event.pk}").json()
    assert len(seen_by_alice["answers"]) == 3
    bad = client_for(bob).post(f"/events/{event.pk}/answer/", {"answer": "accept"})
    assert bad.status_code == 400 and RSVP.objects.get(person=bob).answer == "yes"
    wrong = client_for(bob).post(
        f"/api/v1/events/{event.pk}/rsvp", {"answer": "sure"}, content_type="application/json"
    )
    assert wrong.status_code == 422


def test_it_reminds_those_who_said_yes_two_hours_before_once(
    circle: User, bob: User, dana: User, time_machine: TimeMachineFixture
) -> None:
    event = propose(circle, circle)
    services.rsvp(bob, event.pk, "yes")
    services.rsvp(dana, event.pk, "maybe")
    assert services.remind_due(SATURDAY - timedelta(hours=2, minutes=1)) == 0
    assert told(event, "event_reminder") == []
    assert services.remind_due(SATURDAY - timedelta(hours=2)) == 1
    assert told(event, "event_reminder") == ["alice@example.org", "bob@example.org"]
    assert Alert.objects.get(kind="event_reminder").subject == "Reminder: Bowling starts in 2 hours"
    assert services.remind_due(SATURDAY - timedelta(hours=1)) == 0
    assert Alert.objects.filter(kind="event_reminder").count() == 1


def test_it_skips_reminders_for_late_cancelled_and_missed_events(circle: User, bob: User) -> None:
    soon = propose(circle, circle, start=NOW + timedelta(hours=1), title="Coffee")
    assert soon.remind_at is None
    cancelled = propose(circle, circle, title="Film")
    services.cancel(circle, cancelled.pk)
    missed = propose(circle, circle, start=SATURDAY + timedelta(days=1), title="Hike")
    assert services.remind_due(SATURDAY + timedelta(days=1, minutes=1)) == 0
    missed.refresh_from_db()
    assert missed.remind_at is None and not Alert.objects.filter(kind="event_reminder").exists()


def test_it_lets_only_the_organiser_or_client_cancel(circle: User, bob: User, dana: User) -> None:
    event = propose(circle, circle)
    services.rsvp(bob, event.pk, "yes")
    services.rsvp(dana, event.pk, "no")
    refused = client_for(bob).post(f"/api/v1/events/{event.pk}/cancel")
    assert refused.status_code == 403
    page = client_for(bob).post(f"/events/{event.pk}/cancel/", follow=True)
    assert "Only Alice Anders can cancel it." in page.content.decode()
    assert client_for(circle).post(f"/events/{event.pk}/cancel/").status_code == 302
    event.refresh_from_db()
    assert event.cancelled_at == NOW
    assert told(event, "event_cancelled") == ["bob@example.org"]
    late = client_for(bob).post(
        f"/api/v1/events/{event.pk}/rsvp", {"answer": "maybe"}, content_type="application/json"
    )
    assert late.status_code == 400 and late.json()["message"] == "This event was cancelled."


def test_it_puts_events_answered_yes_or_maybe_on_the_calendar(
    circle: User, bob: User, dana: User, bob_membership: Membership
) -> None:
    event = propose(circle, circle)
    assert [e for e in entries_for(bob) if e.kind == "event"] == []
    services.rsvp(bob, event.pk, "maybe")
    [entry] = [e for e in entries_for(bob) if e.kind == "event"]
    assert (entry.uid, entry.title, entry.start, entry.location) == (
        f"event-{event.pk}@recoverycircle",
        "Bowling",
        SATURDAY,
        "Lanes",
    )
    assert entry.description.startswith("You said maybe.")
    services.rsvp(dana, event.pk, "no")
    assert [e for e in entries_for(dana) if e.kind == "event"] == []
    bob_membership.status = Membership.Status.ENDED
    bob_membership.save()
    assert [e for e in entries_for(bob) if e.kind == "event"] == []


def test_it_shows_invitations_on_the_home_and_the_supporter_page(
    circle: User, bob: User, as_bob: Client
) -> None:
    event = propose(circle, circle)
    home = as_bob.get("/").content.decode()
    assert "Bowling" in home and "You haven't answered yet." in home
    assert f'action="/events/{event.pk}/answer/"' in home
    assert AccessLog.objects.filter(viewer=bob, what__contains="upcoming sober events").count() == 1
    page = as_bob.get(f"/supporting/{circle.pk}/").content.decode()
    assert "Sober events with Alice Anders" in page and "Bowling" in page
    assert f"/events/new/{circle.pk}/" in page


def test_it_lets_a_supporter_propose_from_the_page(circle: User, bob: User, dana: User) -> None:
    form = {"title": "Lunch", "starts_at": "2026-11-29T12:30", "invite": "client"}
    assert client_for(bob).post(f"/events/new/{circle.pk}/", form).status_code == 302
    event = Event.objects.get()
    assert (event.organiser, event.invite_all, event.starts_at) == (
        bob,
        False,
        datetime(2026, 11, 29, 12, 30, tzinfo=NEW_YORK),
    )
    assert told(event, "event_invite") == ["alice@example.org"]
    chosen = client_for(bob).post(f"/events/new/{circle.pk}/", {**form, "invite": "some"})
    assert chosen.status_code == 400 and Event.objects.count() == 1


def test_it_logs_the_event_list_a_supporter_reads(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from audit.models import AccessLog
    from tests.conftest import client_for

    start = timezone.now() + timedelta(days=3)
    response = client_for(alice).post(
        f"/api/v1/clients/{alice.pk}/events",
        {
            "title": "Hike",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert "Hike" in client_for(bob).get("/events/").content.decode()
    assert client_for(bob).get("/api/v1/events").status_code == 200
    rows = AccessLog.objects.filter(viewer=bob, client=alice, what__contains="sober events")
    assert sorted(rows.values_list("channel", flat=True)) == ["api", "web"]
