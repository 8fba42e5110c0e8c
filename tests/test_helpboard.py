"""Help board: posting needs, help-scope enforcement, claims per occurrence, unclaim, done,
thanks, history, and the home and supporter sections."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from time_machine import Traveller

from accounts.models import User
from alerts.models import Alert, Notification
from audit.models import AccessLog
from circle import services as circle_services
from circle.models import Membership, Scope
from helpboard import services
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import Repeat, key_of
from helpboard.services import HelpError, NeedDraft
from recoverycircle import registry
from tests.conftest import client_for

NY = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
# Monday 2 March 2026, 09:00 in New York; the next Tuesday is 3 March.
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=NY)
TUESDAY_6PM = datetime(2026, 3, 3, 18, 0, tzinfo=NY)
NEXT_TUESDAY_6PM = datetime(2026, 3, 10, 18, 0, tzinfo=NY)


@pytest.fixture
def clock() -> Iterator[Traveller]:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def circle(
    alice: User, bob: User, dana: User, bob_membership: Membership, dana_membership: Membership
) -> User:
    """bob shares help; dana (the therapist) does not."""
    bob_membership.scopes = [*bob_membership.scopes, Scope.HELP]
    bob_membership.save()
    return alice


@pytest.fixture
def helpers(circle: User, dana_membership: Membership) -> User:
    """bob and dana both share help."""
    dana_membership.scopes = [*dana_membership.scopes, Scope.HELP]
    dana_membership.save()
    return circle


def weekly_ride(client: User, poster: User | None = None, **repeat: Any) -> HelpNeed:
    return services.post_need(
        poster or client,
        client.pk,
        NeedDraft(
            kind="ride",
            title="to therapy",
            place="Riverside Clinic",
            starts_at=datetime(2026, 3, 3, 18, 0),
            ends_at=datetime(2026, 3, 3, 19, 0),
            repeat=Repeat(**repeat),
        ),
    )


def one_ride(client: User, when: datetime = TUESDAY_6PM) -> HelpNeed:
    return services.post_need(
        client,
        client.pk,
        NeedDraft(kind="ride", starts_at=when, ends_at=when.replace(hour=when.hour + 1)),
    )


def told(person: User, kind: str) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=person, channel="inbox", alert__kind=kind
        ).values_list("alert__subject", flat=True)
    )


def test_it_posts_a_need_and_tells_the_supporters_with_help(
    clock: Traveller, circle: User, bob: User, dana: User
) -> None:
    response = client_for(circle).post(
        "/help/new/",
        {
            "kind": "ride",
            "title": "to therapy",
            "date": "2026-03-03",
            "start_time": "18:00",
            "end_time": "19:00",
            "place": "Riverside Clinic",
            "repeat": "1",
            "weekdays": ["1"],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/help/"
    need = HelpNeed.objects.get()
    assert (need.client, need.posted_by, need.zone) == (circle, circle, "America/New_York")
    assert need.starts_at == TUESDAY_6PM and need.rrule == "FREQ=WEEKLY;BYDAY=TU"
    assert told(bob, "help_needed") == ["Alice Anders could use a hand: A ride: to therapy"]
    assert told(dana, "help_needed") == []
    assert Notification.objects.get(recipient=bob, channel="inbox").required_scope == "help"


def test_it_keeps_what_was_typed_when_the_form_is_invalid(
    clock: Traveller, as_alice: Client
) -> None:
    response = as_alice.post(
        "/help/new/",
        {
            "kind": "meal",
            "title": "soup night",
            "date": "2026-03-03",
            "start_time": "19:00",
            "end_time": "18:00",
            "notes": "no onions please",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The end must be after the start." in page
    assert 'value="soup night"' in page and "no onions please" in page
    assert not HelpNeed.objects.exists()


def test_it_refuses_a_start_in_the_past_with_a_field_error(
    clock: Traveller, alice: User, as_alice: Client
) -> None:
    response = as_alice.post(
        "/help/new/",
        {"kind": "errand", "date": "2026-03-01", "start_time": "10:00", "end_time": "11:00"},
    )
    assert response.status_code == 400
    assert "Pick a time that is still ahead." in response.content.decode()
    with pytest.raises(HelpError) as refused:
        one_ride(alice, datetime(2026, 3, 1, 18, 0, tzinfo=NY))
    assert (refused.value.field, refused.value.status) == ("starts_at", 422)


def test_it_lets_a_supporter_with_help_post_for_the_client(
    clock: Traveller, circle: User, bob: User
) -> None:
    response = client_for(bob).post(
        f"/supporting/{circle.pk}/help/new/",
        {"kind": "groceries", "date": "2026-03-04", "start_time": "10:00", "end_time": "11:00"},
    )
    assert response.status_code == 302
    need = HelpNeed.objects.get()
    assert (need.client, need.posted_by) == (circle, bob)
    assert told(circle, "help_needed") == ["Bob Brown posted a need for you: Groceries"]
    assert told(bob, "help_needed") == []  # the poster is not told about their own post
    assert AccessLog.objects.filter(viewer=bob, client=circle).exists()


def test_it_hides_the_help_board_from_a_supporter_without_help(
    clock: Traveller, circle: User, dana: User
) -> None:
    need = weekly_ride(circle)
    occurrence = key_of(TUESDAY_6PM)
    therapist = client_for(dana)
    for url in (
        f"/supporting/{circle.pk}/help/",
        f"/supporting/{circle.pk}/help/new/",
        f"/help/{need.pk}/",
    ):
        assert therapist.get(url).status_code == 404, url
    for action in ("claim", "unclaim", "done"):
        assert therapist.post(f"/help/{need.pk}/{occurrence}/{action}/").status_code == 404
    assert therapist.post(f"/help/{need.pk}/cancel/").status_code == 404
    api = f"/api/v1/help-needs/{need.pk}/occurrences/{occurrence}/claim"
    assert therapist.post(api).status_code == 404
    assert therapist.get(f"/api/v1/clients/{circle.pk}/help-needs").status_code == 404
    assert not HelpOccurrence.objects.exclude(claimed_by=None).exists()
    assert not AccessLog.objects.filter(viewer=dana).exists()


def test_it_claims_one_occurrence_of_a_recurring_need_only(
    clock: Traveller, circle: User, bob: User
) -> None:
    need = weekly_ride(circle)
    response = client_for(bob).post(f"/help/{need.pk}/{key_of(NEXT_TUESDAY_6PM)}/claim/")
    assert response.status_code == 302
    board = {s.starts_at: s.claimed_by for s in services.upcoming(circle)}
    assert board[TUESDAY_6PM] is None
    assert board[NEXT_TUESDAY_6PM] == bob
    assert board[datetime(2026, 3, 17, 18, 0, tzinfo=NY)] is None
    assert told(circle, "help_claimed") == ["Bob Brown will help: A ride: to therapy"]


def test_it_lets_only_the_first_of_two_claims_win(
    clock: Traveller, helpers: User, bob: User, dana: User
) -> None:
    need = weekly_ride(helpers)
    services.claim(bob, need.pk, TUESDAY_6PM)
    with pytest.raises(HelpError, match="Bob Brown has already offered"):
        services.claim(dana, need.pk, TUESDAY_6PM)
    assert HelpOccurrence.objects.get().claimed_by == bob
    # Claiming again is harmless for the winner.
    assert services.claim(bob, need.pk, TUESDAY_6PM).claimed_by == bob
    assert len(told(helpers, "help_claimed")) == 1


def test_it_decides_the_claim_in_the_conditional_update(
    clock: Traveller, helpers: User, bob: User, dana: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both supporters pass every check while the occurrence is still free; the claim that
    updates the row first wins, whatever the loser read a moment before."""
    need = weekly_ride(helpers)
    real_check = services.refuse_if_closed
    raced: list[bool] = []

    def dana_claims_in_between(row: HelpOccurrence, now: datetime) -> None:
        real_check(row, now)
        if not raced:
            raced.append(True)
            assert row.claimed_by_id is None  # bob's copy says "free"
            services.claim(dana, need.pk, TUESDAY_6PM)

    monkeypatch.setattr(services, "refuse_if_closed", dana_claims_in_between)
    # (dana's claim ran inside bob's transaction, so bob's refusal rolls both back; the
    # threaded test in test_helpboard_race.py shows the committed outcome.)
    with pytest.raises(HelpError, match="Dana Diaz has already offered"):
        services.claim(bob, need.pk, TUESDAY_6PM)
    assert raced == [True]


def test_it_answers_409_to_the_second_api_claim(
    clock: Traveller, helpers: User, bob: User, dana: User
) -> None:
    need = weekly_ride(helpers)
    url = f"/api/v1/help-needs/{need.pk}/occurrences/{key_of(TUESDAY_6PM)}/claim"
    answers = [client_for(person).post(url) for person in (dana, bob)]
    assert [a.status_code for a in answers] == [200, 409]
    assert answers[0].json()["claimed_by"]["display_name"] == "Dana Diaz"
    assert answers[1].json() == {"message": "Dana Diaz has already offered to help with this."}


def test_it_unclaims_and_opens_it_for_others(
    clock: Traveller, helpers: User, bob: User, dana: User
) -> None:
    need = weekly_ride(helpers)
    services.claim(bob, need.pk, NEXT_TUESDAY_6PM)
    with pytest.raises(HelpError, match="You have not offered"):
        services.unclaim(dana, need.pk, NEXT_TUESDAY_6PM)
    response = client_for(bob).post(f"/help/{need.pk}/{key_of(NEXT_TUESDAY_6PM)}/unclaim/")
    assert response.status_code == 302
    assert HelpOccurrence.objects.get().claimed_by is None
    assert told(helpers, "help_released") == ["Bob Brown can no longer help: A ride: to therapy"]
    # A week ahead there is time: the circle is asked again by the job, the day before.
    assert told(dana, "help_unclaimed") == []
    assert services.claim(dana, need.pk, NEXT_TUESDAY_6PM).claimed_by == dana


def test_it_asks_the_circle_at_once_when_a_helper_drops_out_late(
    clock: Traveller, helpers: User, bob: User, dana: User
) -> None:
    need = weekly_ride(helpers)
    services.claim(bob, need.pk, TUESDAY_6PM)
    clock.move_to(datetime(2026, 3, 3, 9, 0, tzinfo=NY))
    services.unclaim(bob, need.pk, TUESDAY_6PM)
    assert told(dana, "help_unclaimed") == ["Still needed: A ride: to therapy for Alice Anders"]
    assert told(bob, "help_unclaimed") == []
    assert HelpOccurrence.objects.get().raised_at is not None  # the job won't ask twice


def test_it_marks_done_thanks_and_keeps_the_history(
    clock: Traveller, circle: User, bob: User
) -> None:
    need = weekly_ride(circle)
    services.claim(bob, need.pk, TUESDAY_6PM)
    with pytest.raises(HelpError, match="Mark it done first"):
        services.thank(circle, need.pk, TUESDAY_6PM, "thanks")
    clock.move_to(datetime(2026, 3, 3, 19, 30, tzinfo=NY))
    response = client_for(bob).post(f"/help/{need.pk}/{key_of(TUESDAY_6PM)}/done/")
    assert response.status_code == 302
    assert told(circle, "help_done") == ["Bob Brown helped: A ride: to therapy"]
    with pytest.raises(HelpError, match="Only the person who was helped"):
        services.thank(bob, need.pk, TUESDAY_6PM)
    response = client_for(circle).post(
        f"/help/{need.pk}/{key_of(TUESDAY_6PM)}/thank/", {"message": "You made my week."}
    )
    assert response.status_code == 302
    alert = Alert.objects.get(kind="help_thanks")
    assert alert.subject == "Alice Anders says thank you"
    assert "You made my week." in alert.body
    assert set(alert.notifications.values_list("recipient", flat=True)) == {bob.pk}
    with pytest.raises(HelpError, match="already said thank you"):
        services.thank(circle, need.pk, TUESDAY_6PM, "again")
    page = client_for(circle).get("/help/history/").content.decode()
    assert "<strong>Bob Brown</strong> helped 1 time" in page
    assert "You made my week." in page
    assert [r.claimed_by for r in services.history(circle)] == [bob]


def test_it_lets_only_the_helper_or_client_mark_done(
    clock: Traveller, helpers: User, bob: User, dana: User
) -> None:
    need = weekly_ride(helpers)
    with pytest.raises(HelpError, match="Only whoever offered"):
        services.mark_done(dana, need.pk, TUESDAY_6PM)
    services.claim(bob, need.pk, TUESDAY_6PM)
    with pytest.raises(HelpError, match="Only whoever offered"):
        services.mark_done(dana, need.pk, TUESDAY_6PM)
    assert services.mark_done(helpers, need.pk, TUESDAY_6PM).done_at is not None
    assert told(helpers, "help_done") == []  # the client needs no news of their own click


def test_it_refuses_claims_that_make_no_sense(clock: Traveller, circle: User, bob: User) -> None:
    need = weekly_ride(circle)
    with pytest.raises(HelpError, match="your own need"):
        services.claim(circle, need.pk, TUESDAY_6PM)
    wrong = client_for(bob).post(f"/help/{need.pk}/20260303T230100Z/claim/")
    assert wrong.status_code == 404  # not an occurrence of this need
    past = datetime(2026, 2, 24, 18, 0, tzinfo=NY)
    assert client_for(bob).post(f"/help/{need.pk}/{key_of(past)}/claim/").status_code == 404
    clock.move_to(datetime(2026, 3, 3, 19, 0, tzinfo=NY))
    with pytest.raises(HelpError, match="already over"):
        services.claim(bob, need.pk, TUESDAY_6PM)


def test_it_cancels_a_need_and_tells_who_offered(
    clock: Traveller, helpers: User, bob: User, dana: User
) -> None:
    need = weekly_ride(helpers)
    services.claim(dana, need.pk, NEXT_TUESDAY_6PM)
    with pytest.raises(HelpError, match="Only Alice Anders or whoever posted it"):
        services.cancel_need(bob, need.pk)
    response = client_for(helpers).post(f"/help/{need.pk}/cancel/")
    assert response.status_code == 302
    assert HelpNeed.objects.get().cancelled_at is not None
    assert told(dana, "help_cancelled") == ["No longer needed: A ride: to therapy for Alice Anders"]
    assert told(bob, "help_cancelled") == []
    assert services.upcoming(helpers) == []
    with pytest.raises(HelpError, match="cancelled this need"):
        services.claim(bob, need.pk, TUESDAY_6PM)


def test_it_shows_the_supporter_section_with_claim_buttons(
    clock: Traveller, circle: User, bob: User, dana: User
) -> None:
    need = weekly_ride(circle)
    services.claim(bob, need.pk, NEXT_TUESDAY_6PM)
    page = client_for(bob).get(f"/supporting/{circle.pk}/").content.decode()
    assert "Alice Anders could use a hand" in page
    assert f'action="/help/{need.pk}/{key_of(TUESDAY_6PM)}/claim/"' in page
    assert f'action="/help/{need.pk}/{key_of(NEXT_TUESDAY_6PM)}/unclaim/"' in page
    assert AccessLog.objects.filter(viewer=bob, what__contains="help board").exists()
    therapist = client_for(dana).get(f"/supporting/{circle.pk}/").content.decode()
    assert "could use a hand" not in therapist
    assert not AccessLog.objects.filter(viewer=dana, what__contains="help board").exists()


def test_it_shows_the_client_who_offered_on_home(clock: Traveller, circle: User, bob: User) -> None:
    need = weekly_ride(circle)
    services.claim(bob, need.pk, TUESDAY_6PM)
    page = client_for(circle).get("/").content.decode()
    assert "<strong>Bob Brown</strong> will help." in page
    assert "Nobody has offered yet." in page  # the Tuesday after


def test_it_shows_the_supporter_board_and_tally(clock: Traveller, circle: User, bob: User) -> None:
    need = weekly_ride(circle)
    services.claim(bob, need.pk, TUESDAY_6PM)
    services.mark_done(bob, need.pk, TUESDAY_6PM)
    response = client_for(bob).get(f"/supporting/{circle.pk}/help/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bob Brown: 1 time" in page and "You helped. Thank you!" in page
    detail = client_for(bob).get(f"/help/{need.pk}/").content.decode()
    assert "Every Tuesday" in detail and "Riverside Clinic" in detail


def test_it_forgets_a_supporter_who_lost_the_help_scope(
    clock: Traveller, circle: User, bob: User, bob_membership: Membership
) -> None:
    need = weekly_ride(circle)
    services.claim(bob, need.pk, TUESDAY_6PM)
    Membership.objects.filter(pk=bob_membership.pk).update(scopes=[Scope.SOBRIETY])
    assert client_for(bob).get(f"/help/{need.pk}/").status_code == 404
    assert services.claims_of(bob, MONDAY, NEXT_TUESDAY_6PM) == []


# When a supporter may no longer help, their coming offers are released


def claim_all(need: HelpNeed, supporter: User, *starts: datetime) -> None:
    for start in starts:
        services.claim(supporter, need.pk, start)


def test_it_registers_the_release_once_on_membership_changes() -> None:
    assert list(registry.membership_changed).count(services.on_membership_changed) == 1


def test_it_releases_the_coming_offers_of_a_removed_supporter(
    clock: Traveller, helpers: User, bob: User, dana: User, bob_membership: Membership
) -> None:
    need = weekly_ride(helpers)
    third = datetime(2026, 3, 17, 18, 0, tzinfo=NY)
    claim_all(need, bob, TUESDAY_6PM, NEXT_TUESDAY_6PM, third)
    monday_evening = one_ride(helpers, datetime(2026, 3, 2, 20, 0, tzinfo=NY))
    services.claim(bob, monday_evening.pk, monday_evening.starts_at)
    clock.move_to(datetime(2026, 3, 3, 19, 30, tzinfo=NY))
    services.mark_done(bob, need.pk, TUESDAY_6PM)
    Alert.objects.all().delete()

    response = client_for(helpers).post(f"/circle/members/{bob_membership.pk}/remove/")
    assert response.status_code == 302
    rows = {row.starts_at: row for row in HelpOccurrence.objects.all()}
    # Past ones stay as they were: the one done, and the one nobody marked done.
    assert rows[TUESDAY_6PM].claimed_by == bob and rows[TUESDAY_6PM].done_at is not None
    assert rows[monday_evening.starts_at].claimed_by == bob
    for start in (NEXT_TUESDAY_6PM, third):
        assert (rows[start].claimed_by, rows[start].claimed_at) == (None, None)
        assert rows[start].raised_at is None  # a week ahead: the job asks again the day before
    (alert,) = Alert.objects.filter(client=helpers, kind="help_released")
    assert alert.subject == "Bob Brown can no longer help with 2 things on your help board"
    assert alert.body.startswith("Bob Brown is no longer in your circle, so their offers are ")
    assert "A ride: to therapy, Tuesday 10 March, 18:00–19:00 EDT" in alert.body
    assert alert.body.endswith("and your circle has been asked again.")
    assert told(helpers, "help_released") == [alert.subject]
    assert told(dana, "help_unclaimed") == ["Still needed: help for Alice Anders"]
    assert told(bob, "help_unclaimed") == []
    page = client_for(helpers).get("/").content.decode()
    assert "<strong>Bob Brown</strong> will help." not in page
    assert services.claim(dana, need.pk, NEXT_TUESDAY_6PM).claimed_by == dana


def test_it_releases_the_offers_of_a_paused_supporter(
    clock: Traveller, circle: User, bob: User, bob_membership: Membership
) -> None:
    need = weekly_ride(circle)
    services.claim(bob, need.pk, TUESDAY_6PM)
    clock.move_to(datetime(2026, 3, 3, 9, 0, tzinfo=NY))
    circle_services.update_membership(circle, bob_membership.pk, paused=True)
    row = HelpOccurrence.objects.get()
    assert row.claimed_by is None
    assert row.raised_at is not None  # asked again at once, so the job won't ask twice
    (alert,) = Alert.objects.filter(kind="help_released")
    assert alert.subject == "Bob Brown can no longer help: A ride: to therapy"
    assert alert.body.startswith("Bob Brown's place in your circle is paused")
    assert alert.body.endswith("Nobody else in your circle shares your help board yet.")
    # Unpausing brings nothing back, and tells nobody again.
    circle_services.update_membership(circle, bob_membership.pk, paused=False)
    assert Alert.objects.filter(kind="help_released").count() == 1


def test_it_releases_the_offers_when_the_help_scope_is_taken_back(
    clock: Traveller, circle: User, bob: User, bob_membership: Membership
) -> None:
    need = weekly_ride(circle)
    claim_all(need, bob, TUESDAY_6PM, NEXT_TUESDAY_6PM)
    circle_services.update_membership(circle, bob_membership.pk, relationship="sponsor")
    assert HelpOccurrence.objects.exclude(claimed_by=None).count() == 2
    assert not Alert.objects.filter(kind="help_released").exists()
    circle_services.update_membership(circle, bob_membership.pk, scopes=[Scope.SOBRIETY])
    assert not HelpOccurrence.objects.exclude(claimed_by=None).exists()
    (alert,) = Alert.objects.filter(kind="help_released")
    assert alert.body.startswith("Bob Brown no longer shares your help board")


def test_it_releases_the_offers_of_a_supporter_who_leaves(
    clock: Traveller, circle: User, bob: User
) -> None:
    need = weekly_ride(circle)
    services.claim(bob, need.pk, NEXT_TUESDAY_6PM)
    other = one_ride(circle, datetime(2026, 3, 5, 18, 0, tzinfo=NY))
    services.claim(bob, other.pk, other.starts_at)
    services.cancel_need(circle, other.pk)
    response = client_for(bob).delete(f"/api/v1/supporting/{circle.pk}")
    assert response.status_code in (200, 204), response.content
    assert HelpOccurrence.objects.get(need=need).claimed_by is None
    # A cancelled need is over: nothing to release or tell about it.
    assert HelpOccurrence.objects.get(need=other).claimed_by == bob
    assert told(circle, "help_released") == ["Bob Brown can no longer help: A ride: to therapy"]


def test_it_tells_nobody_when_a_leaver_had_no_offers(
    clock: Traveller, circle: User, bob: User, bob_membership: Membership
) -> None:
    weekly_ride(circle)
    circle_services.remove_supporter(circle, bob_membership.pk)
    assert not Alert.objects.filter(kind__in=["help_released", "help_unclaimed"]).exists()


def test_it_shows_a_thank_you_note_only_to_the_helper_and_the_client(
    clock: Traveller, helpers: User, bob: User, dana: User
) -> None:
    need = weekly_ride(helpers)
    services.claim(bob, need.pk, TUESDAY_6PM)
    clock.move_to(datetime(2026, 3, 3, 19, 30, tzinfo=NY))
    services.mark_done(bob, need.pk, TUESDAY_6PM)
    services.thank(helpers, need.pk, TUESDAY_6PM, "You made my week.")

    def thanks_seen_by(person: User) -> list[str]:
        response = client_for(person).get(f"/api/v1/clients/{helpers.pk}/help-history")
        if person == helpers:
            response = client_for(person).get("/api/v1/help-history")
        assert response.status_code == 200
        return [row["thanks"] for row in response.json()["occurrences"]]

    assert thanks_seen_by(helpers) == ["You made my week."]
    assert thanks_seen_by(bob) == ["You made my week."]
    assert thanks_seen_by(dana) == [""]  # another helper: sees who helped, not the note
