"""Connectedness: the contact log, last contact per person from the log and from what happens in
the app, days since any contact, and the isolation nudge (once per quiet spell, daytime only)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert, Encouragement, ReachOut
from alerts.reachout import claim, encourage, reach_out
from circle.models import Membership, Relationship, Scope
from contacts import nudge, services
from contacts.models import ContactLog, NudgeState
from events import services as events
from helpboard.models import HelpNeed, HelpOccurrence
from tests.conftest import client_for, make_user

NEW_YORK = ZoneInfo("America/New_York")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in New York (alice's zone) in November/December 2026."""
    month, day = (11, day) if day > 20 else (12, day)
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


MONDAY = at(30, 10)  # Monday 30 November 2026, 10:00 in New York


@pytest.fixture
def circle(
    alice: User,
    bob: User,
    dana: User,
    bob_membership: Membership,
    dana_membership: Membership,
    time_machine: TimeMachineFixture,
) -> User:
    time_machine.move_to(at(23, 9), tick=False)
    Membership.objects.filter(client=alice).update(created_at=at(23, 9))
    return alice


def log(client: User, who: Membership | str, when: datetime, channel: str = "call") -> ContactLog:
    membership = who if isinstance(who, Membership) else None
    name = who if isinstance(who, str) else ""
    draft = services.ContactDraft(
        channel=channel, membership_id=getattr(membership, "pk", None), name=name, at=when
    )
    return services.log_contact(client, draft, now=when)


def nudges(client: User) -> list[Alert]:
    return list(Alert.objects.filter(client=client, kind="isolation_nudge").order_by("created_at"))


def test_it_reads_the_nudge_days_from_settings_with_a_default_of_three() -> None:
    assert services.ISOLATION_NUDGE_DAYS == 3


def test_it_logs_contact_from_the_page(
    circle: User, bob_membership: Membership, as_alice: Client
) -> None:
    saved = as_alice.post("/contacts/", {"person": bob_membership.pk, "channel": "call"})
    assert saved.status_code == 302
    other = as_alice.post(
        "/contacts/", {"person": "other", "name": "Sam from the meeting", "channel": "meeting"}
    )
    assert other.status_code == 302
    assert list(ContactLog.objects.order_by("id").values_list("name", "channel", "membership")) == [
        ("Bob Brown", "call", bob_membership.pk),
        ("Sam from the meeting", "meeting", None),
    ]
    nameless = as_alice.post("/contacts/", {"person": "other", "channel": "text", "note": "hi"})
    assert nameless.status_code == 400 and "Write their name." in nameless.content.decode()
    future = as_alice.post(
        "/contacts/", {"person": bob_membership.pk, "channel": "call", "at": "2026-11-24T09:00"}
    )
    assert future.status_code == 400 and "That time is still to come." in future.content.decode()
    page = as_alice.get("/contacts/").content.decode()
    assert "Sam from the meeting" in page and "Nudges are on." in page


def last_by_name(client: User, now: datetime) -> dict[str, datetime | None]:
    return {str(m.supporter): w for m, w in services.last_contact_by_person(client, now)}


def test_it_combines_the_log_with_what_happens_in_the_app(
    circle: User, alice: User, bob: User, dana: User, time_machine: TimeMachineFixture
) -> None:
    erin = make_user("erin@example.org", "Erin Eze")
    frank = make_user("frank@example.org", "Frank Fox")
    for person in (erin, frank):
        Membership.objects.create(
            client=alice,
            supporter=person,
            relationship=Relationship.FRIEND,
            scopes=[Scope.ALERTS, Scope.HELP],
        )
    Membership.objects.filter(supporter=dana).update(scopes=[Scope.ALERTS])
    time_machine.move_to(at(24, 12), tick=False)
    encourage(bob, alice.pk, "Thinking of you")
    time_machine.move_to(at(25, 20), tick=False)
    claim(dana, reach_out(alice, "rough night").pk)
    need = HelpNeed.objects.create(
        client=alice,
        kind="ride",
        starts_at=at(27, 9),
        ends_at=at(27, 10),
        zone="America/New_York",
        materialized_until=at(27, 9),
    )
    HelpOccurrence.objects.create(
        need=need, starts_at=at(27, 9), claimed_by=erin, claimed_at=at(25, 21)
    )
    time_machine.move_to(at(26, 9), tick=False)
    log(alice, "My sister", at(26, 9))  # not in the circle: only "any contact"
    people = services.last_contact_by_person(alice, at(26, 9))
    assert [(str(m.supporter), when) for m, when in people] == [
        ("Frank Fox", None),
        ("Bob Brown", at(24, 12)),
        ("Dana Diaz", at(25, 20)),
        ("Erin Eze", at(25, 21)),
    ]
    # Answering alice's invitation is contact; the event both said yes to, once it begins.
    event = events.propose(alice, alice.pk, events.EventDraft("Bowling", at(26, 18)))
    time_machine.move_to(at(26, 10), tick=False)
    events.rsvp(frank, event.pk, "yes")
    assert last_by_name(alice, at(26, 17))["Frank Fox"] == at(26, 10)
    assert last_by_name(alice, at(26, 19))["Frank Fox"] == at(26, 18)
    # Help done later than it was claimed.
    HelpOccurrence.objects.filter(claimed_by=erin).update(done_at=at(26, 11))
    assert last_by_name(alice, at(26, 19))["Erin Eze"] == at(26, 11)
    assert services.last_contact_at(alice, at(26, 19)) == at(26, 18)


def test_it_counts_days_since_any_contact_in_the_clients_calendar(
    circle: User, alice: User, bob_membership: Membership
) -> None:
    assert services.days_since_any_contact(alice, MONDAY) is None
    log(alice, bob_membership, at(30, 23, 30))
    assert services.days_since_any_contact(alice, at(1, 0, 30)) == 1  # an hour later, next day
    assert services.days_since_any_contact(alice, at(3, 23, 59)) == 3


def test_it_nudges_once_after_three_days_and_again_after_a_new_spell(
    circle: User,
    alice: User,
    bob: User,
    dana: User,
    bob_membership: Membership,
    time_machine: TimeMachineFixture,
) -> None:
    log(alice, bob_membership, MONDAY)
    assert nudge.run(at(3, 8, 59)) == 0  # Thursday, before 09:00: not yet
    assert nudges(alice) == []
    assert nudge.run(at(3, 9)) == 1
    [first] = nudges(alice)
    assert first.dedupe_key == f"isolation:{alice.pk}:2026-11-30"
    assert first.link == "/contacts/"
    # Dana (never in touch) before Bob (Monday), least recent first.
    assert "You could get in touch with Dana Diaz or Bob Brown today." in first.body
    assert "It's been 3 days" in first.body
    NudgeState.objects.update(next_check_at=at(3, 9))  # look again at once: still one
    assert nudge.run(at(3, 10)) == 0
    assert nudge.run(at(5, 10)) == 0
    assert len(nudges(alice)) == 1
    # Bob's note on Saturday starts the clock again: the next nudge is Tuesday 09:00.
    time_machine.move_to(at(5, 12), tick=False)
    encourage(bob, alice.pk, "Coffee soon?")
    assert nudge.run(at(8, 8, 59)) == 0
    assert nudge.run(at(8, 9)) == 1
    assert [a.dedupe_key for a in nudges(alice)][1] == f"isolation:{alice.pk}:2026-12-05"


def test_it_waits_for_the_morning_when_a_nudge_falls_due_at_night(
    circle: User, alice: User, bob_membership: Membership
) -> None:
    log(alice, bob_membership, MONDAY)
    assert nudge.run(at(3, 22)) == 0  # the job was down all day: not at 22:00
    state = NudgeState.objects.get(client=alice)
    assert state.next_check_at == at(4, 9)
    assert nudge.run(at(4, 9)) == 1


def test_it_names_three_people_at_most(
    circle: User, alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    for name in ("Erin Eze", "Frank Fox"):
        person = make_user(f"{name.split()[0].lower()}@example.org", name)
        Membership.objects.create(
            client=alice, supporter=person, relationship="friend", created_at=at(23, 9)
        )
    log(alice, dana_membership, at(29, 10))
    log(alice, bob_membership, MONDAY)
    assert nudge.run(at(3, 9)) == 1
    assert "with Erin Eze, Frank Fox or Dana Diaz today" in nudges(alice)[0].body


def test_it_counts_from_the_start_of_the_circle_when_nobody_was_ever_in_touch(
    circle: User, alice: User
) -> None:
    assert nudge.run(at(26, 8, 59)) == 0
    assert nudge.run(at(26, 9)) == 1  # circle since Monday 23rd: three days
    assert nudges(alice)[0].dedupe_key == f"isolation:{alice.pk}:2026-11-23"


def test_it_sends_no_nudge_when_turned_off_or_without_a_circle(
    circle: User, alice: User, charlie: User, as_alice: Client
) -> None:
    assert as_alice.post("/contacts/nudges/", {"enabled": "0"}).status_code == 302
    assert nudge.run(at(3, 9)) == 0 and nudges(alice) == []
    assert not NudgeState.objects.filter(client=charlie).exists()
    assert as_alice.post("/contacts/nudges/", {"enabled": "maybe"}).status_code == 302
    assert NudgeState.objects.get(client=alice).enabled is False
    response = as_alice.put(
        "/api/v1/contacts/nudges", {"enabled": True}, content_type="application/json"
    )
    assert response.json() == {"enabled": True}
    assert nudge.run(at(3, 9)) == 1


def test_it_answers_the_contact_log_in_the_api(
    circle: User, alice: User, bob_membership: Membership, charlie: User, as_alice: Client
) -> None:
    made = as_alice.post(
        "/api/v1/contacts",
        {"channel": "video", "membership_id": bob_membership.pk, "note": "long chat"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["name"] == "Bob Brown"
    nobody = as_alice.post("/api/v1/contacts", {"channel": "call"}, content_type="application/json")
    assert nobody.status_code == 400
    # A refusal that names its field says so first, like a validation error, and on its own.
    assert nobody.json() == {
        "message": "name: Choose someone from your circle or write a name.",
        "field": "name",
    }
    wrong = as_alice.post(
        "/api/v1/contacts", {"channel": "pigeon", "name": "x"}, content_type="application/json"
    )
    assert wrong.status_code == 422
    summary = as_alice.get("/api/v1/contacts/summary").json()
    assert summary["days_since_any_contact"] == 0 and summary["nudge_after_days"] == 3
    assert [p["name"] for p in summary["people"]] == ["Dana Diaz", "Bob Brown"]
    listed = as_alice.get("/api/v1/contacts").json()
    assert listed["count"] == 1 and listed["items"][0]["channel"] == "video"
    entry = made.json()["id"]
    assert client_for(charlie).delete(f"/api/v1/contacts/{entry}").status_code == 404
    assert as_alice.delete(f"/api/v1/contacts/{entry}").status_code == 204
    assert not ContactLog.objects.exists()


def test_it_shows_when_i_last_connected_on_my_home(
    circle: User, alice: User, bob: User, as_alice: Client, charlie: User
) -> None:
    encourage(bob, alice.pk, "Proud of you")
    home = as_alice.get("/").content.decode()
    assert "Keeping in touch" in home and "no contact noted yet" in home  # Dana
    assert "last connected" in home
    assert "Keeping in touch" not in client_for(charlie).get("/").content.decode()
    assert Encouragement.objects.count() == 1 and ReachOut.objects.count() == 0
