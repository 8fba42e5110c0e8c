"""What the help board tells people (helpboard.notices), called directly: who hears of each
event, in whose language, the client told only when someone else acted, and the words of the
notices that list several needs or explain why offers were withdrawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from accounts.models import User
from alerts.models import Alert
from circle.models import Membership, Scope
from helpboard import notices
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import Slot

NY = ZoneInfo("America/New_York")
TUESDAY_6PM = datetime(2026, 3, 3, 18, 0, tzinfo=NY)
WHEN = "Tuesday 3 March, 18:00–19:00 EST"
WHEN_ES = "martes 3 de marzo, 18:00–19:00 EST"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The words are checked in English, whatever language an earlier test's request left
    active in this thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def helpers(
    alice: User, bob_membership: Membership, dana_membership: Membership
) -> list[Membership]:
    """Bob and Dana both share Alice's help board; Dana reads Spanish."""
    for membership in (bob_membership, dana_membership):
        membership.scopes = [*membership.scopes, Scope.HELP]
        membership.save()
    dana_membership.supporter.language = "es"
    dana_membership.supporter.save()
    return [bob_membership, dana_membership]


def need(
    client: User,
    title: str = "to therapy",
    kind: str = HelpNeed.Kind.RIDE,
    place: str = "",
    notes: str = "",
    rrule: str = "",
) -> HelpNeed:
    return HelpNeed.objects.create(
        client=client,
        posted_by=client,
        kind=kind,
        title=title,
        place=place,
        notes=notes,
        rrule=rrule,
        starts_at=TUESDAY_6PM,
        ends_at=TUESDAY_6PM + timedelta(hours=1),
        zone="America/New_York",
        materialized_until=TUESDAY_6PM,
    )


def occurrence(of: HelpNeed, start: datetime = TUESDAY_6PM) -> HelpOccurrence:
    return HelpOccurrence.objects.create(need=of, starts_at=start)


def alert(kind: str, to: User) -> Alert:
    return Alert.objects.get(kind=kind, notifications__recipient=to, notifications__channel="inbox")


def recipients(found: Alert) -> set[int]:
    return set(found.notifications.values_list("recipient", flat=True))


def test_it_puts_parts_on_lines_leaving_out_none_but_keeping_empty_lines() -> None:
    assert notices.lines("a", None, "", "b") == "a\n\nb"
    assert notices.lines() == ""


def test_it_says_where_only_when_the_need_has_a_place(alice: User) -> None:
    assert notices.where(need(alice)) is None
    assert notices.where(need(alice, place="Riverside Clinic")) == "Where: Riverside Clinic"


def test_it_tells_the_circle_of_a_new_need_each_in_their_language(
    alice: User, bob: User, dana: User, helpers: list[Membership]
) -> None:
    posted = need(alice, place="Riverside Clinic", rrule="FREQ=WEEKLY")
    notices.need_posted(posted, alice, Slot(posted, TUESDAY_6PM), helpers)
    told = Alert.objects.get(kind="help_needed")
    assert recipients(told) == {bob.pk, dana.pk}
    assert told.subject == "Alice Anders could use a hand: A ride: to therapy"
    assert told.body == (
        f"{WHEN} (it repeats: see the help board).\nWhere: Riverside Clinic\n"
        "If you can help, say so on the help board so others know it is taken."
    )
    subject, body = told.words_in("es")
    assert subject == "A Alice Anders le vendría bien una mano: Que me lleven: to therapy"
    assert body.startswith(WHEN_ES) and "Riverside Clinic" in body
    assert told.link == f"/supporting/{alice.pk}/help/"
    # The client posted it: nobody tells her of her own need.
    assert not Alert.objects.filter(kind="help_needed", client=alice).exclude(pk=told.pk)


def test_it_tells_the_client_in_her_language_when_a_supporter_posts_for_her(
    alice: User, bob: User, dana: User, helpers: list[Membership]
) -> None:
    alice.language = "es"
    alice.save()
    posted = need(alice)
    notices.need_posted(posted, bob, Slot(posted, TUESDAY_6PM), [helpers[1]])
    to_alice = alert("help_needed", alice)
    assert recipients(to_alice) == {alice.pk}
    # Written while her language was active: the stored words are already Spanish.
    assert to_alice.subject == "Bob Brown publicó una necesidad por ti: Que me lleven: to therapy"
    assert to_alice.body.startswith(WHEN_ES)
    assert to_alice.dedupe_key == f"help-new-client:{posted.pk}"
    assert recipients(alert("help_needed", dana)) == {dana.pk}


def test_it_tells_who_offered_of_a_cancellation_but_not_the_one_who_cancelled(
    alice: User, bob: User, dana: User, helpers: list[Membership]
) -> None:
    cancelled = need(alice)
    notices.need_cancelled(cancelled, bob, helpers)
    told = Alert.objects.get(kind="help_cancelled", dedupe_key=f"help-cancelled:{cancelled.pk}")
    assert recipients(told) == {dana.pk}
    assert told.subject == "No longer needed: A ride: to therapy for Alice Anders"
    to_alice = alert("help_cancelled", alice)
    assert to_alice.subject == ("Bob Brown cancelled a need on your help board: A ride: to therapy")


def test_it_tells_nobody_else_when_the_client_cancels_a_need_nobody_offered_on(
    alice: User, helpers: list[Membership]
) -> None:
    notices.need_cancelled(need(alice), alice, [])
    assert not Alert.objects.exists()


def test_it_tells_the_client_of_a_claim_and_a_done_in_her_language(alice: User, bob: User) -> None:
    row = occurrence(need(alice))
    notices.claimed(row, bob)
    claimed = alert("help_claimed", alice)
    assert (claimed.subject, claimed.body) == (
        "Bob Brown will help: A ride: to therapy",
        f"{WHEN}. You can thank them on your help board afterwards.",
    )
    alice.language = "es"
    alice.save()
    notices.done(row, bob)
    done = alert("help_done", alice)
    assert done.subject != "Bob Brown helped: A ride: to therapy"
    assert "Bob Brown" in done.subject and done.body.startswith(f"{WHEN_ES}.")


def test_it_asks_the_circle_again_only_when_a_helper_drops_out_close_to_the_time(
    alice: User, bob: User, dana: User, helpers: list[Membership]
) -> None:
    row = occurrence(need(alice))
    notices.released(row, bob, ask_again=False)
    assert alert("help_released", alice).subject == (
        "Bob Brown can no longer help: A ride: to therapy"
    )
    assert not Alert.objects.filter(kind="help_unclaimed").exists()
    notices.released(row, bob, ask_again=True)
    asked = Alert.objects.get(kind="help_unclaimed")
    assert recipients(asked) == {dana.pk}  # not Bob, who dropped out
    assert asked.body == f"{WHEN}. Bob Brown can no longer make it. Can you help?"


def test_it_thanks_only_the_helper_keeping_the_clients_words_as_written(
    alice: User, bob: User, dana: User, helpers: list[Membership]
) -> None:
    row = occurrence(need(alice, title="to Dr. Nair at NYU", kind=HelpNeed.Kind.COMPANY))
    notices.thanked(row, bob, "You made my week.")
    thanks = alert("help_thanks", bob)
    assert recipients(thanks) == {bob.pk}
    assert thanks.subject == "Alice Anders says thank you"
    # The kind's name starts the sentence in lower case; the title is the client's own words.
    assert thanks.body == (
        f"For company at an appointment: to Dr. Nair at NYU, {WHEN}:\n\nYou made my week."
    )
    subject, body = thanks.words_in("es")
    assert "to Dr. Nair at NYU" in body and body.endswith("\n\nYou made my week.")
    assert subject != thanks.subject


def test_it_thanks_nobody_who_has_left_the_circle(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    bob_membership.status = Membership.Status.ENDED
    bob_membership.save()
    notices.thanked(occurrence(need(alice)), bob, "Thank you")
    assert not Alert.objects.filter(kind="help_thanks").exists()


def test_it_asks_everyone_again_and_tells_the_client_when_nobody_has_offered(
    alice: User, bob: User, dana: User, helpers: list[Membership]
) -> None:
    row = occurrence(need(alice))
    notices.unclaimed(row)
    asked = Alert.objects.get(dedupe_key=f"help-unclaimed:{row.pk}")
    assert recipients(asked) == {bob.pk, dana.pk}
    to_alice = Alert.objects.get(dedupe_key=f"help-unclaimed-client:{row.pk}")
    assert recipients(to_alice) == {alice.pk}
    assert to_alice.subject == "Nobody has offered yet: A ride: to therapy"
    # Raised twice (two job runs): nobody is told twice.
    notices.unclaimed(row)
    assert Alert.objects.filter(kind="help_unclaimed").count() == 2


def test_it_reminds_the_helper_with_the_place_and_the_notes(
    alice: User, bob: User, bob_membership: Membership, helpers: list[Membership]
) -> None:
    row = occurrence(need(alice, place="Riverside Clinic", notes="Back entrance, ring twice"))
    notices.reminder(row, bob, [bob_membership])
    reminded = alert("help_reminder", bob)
    assert reminded.subject == "Reminder: A ride: to therapy for Alice Anders"
    assert reminded.body.splitlines() == [
        f"{WHEN}.",
        "Where: Riverside Clinic",
        "Notes: Back entrance, ring twice",
        "If you can no longer make it, say so on the help board so someone else can.",
    ]
    bare = occurrence(need(alice, title="home"))
    notices.reminder(bare, bob, [bob_membership])
    assert (
        len(Alert.objects.get(dedupe_key=f"help-remind:{bare.pk}:{bob.pk}").body.splitlines()) == 2
    )


def test_it_lists_ten_needs_and_counts_the_rest(alice: User) -> None:
    one = need(alice)
    rows = [occurrence(one, TUESDAY_6PM + timedelta(weeks=n)) for n in range(12)]
    found = notices.listed(rows).splitlines()
    assert len(found) == 11
    assert found[0] == f"- A ride: to therapy, {WHEN}"
    assert found[-1] == "- and 2 more"
    assert len(notices.listed(rows[:10]).splitlines()) == 10
    assert notices.listed([]) == ""


def test_it_says_why_a_supporters_offers_were_withdrawn(bob_membership: Membership) -> None:
    assert notices.why_released(bob_membership) == (
        "Bob Brown no longer shares your help board, so their offers are withdrawn:"
    )
    bob_membership.status = Membership.Status.PAUSED
    assert notices.why_released(bob_membership) == (
        "Bob Brown's place in your circle is paused, so their offers are withdrawn:"
    )
    bob_membership.status = Membership.Status.ENDED
    assert notices.why_released(bob_membership) == (
        "Bob Brown is no longer in your circle, so their offers are withdrawn:"
    )


def test_it_tells_the_client_once_of_one_withdrawn_offer_and_asks_the_others(
    alice: User, bob: User, dana: User, helpers: list[Membership]
) -> None:
    bob_membership = helpers[0]
    bob_membership.status = Membership.Status.ENDED
    bob_membership.save()
    notices.claims_released(bob_membership, [occurrence(need(alice))])
    asked = Alert.objects.get(kind="help_unclaimed")
    assert recipients(asked) == {dana.pk}
    assert asked.subject == "Still needed: A ride: to therapy for Alice Anders"
    to_alice = alert("help_released", alice)
    assert to_alice.subject == "Bob Brown can no longer help: A ride: to therapy"
    assert to_alice.body.splitlines() == [
        "Bob Brown is no longer in your circle, so their offers are withdrawn:",
        f"- A ride: to therapy, {WHEN}",
        "They are open again on your help board, and your circle has been asked again.",
    ]


def test_it_counts_several_withdrawn_offers_and_says_when_nobody_else_can_help(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    bob_membership.scopes = [*bob_membership.scopes, Scope.HELP]
    bob_membership.save()
    rows = [occurrence(need(alice)), occurrence(need(alice, title="home"))]
    notices.claims_released(bob_membership, rows)
    assert not Alert.objects.filter(kind="help_unclaimed").exists()
    to_alice = alert("help_released", alice)
    assert to_alice.subject == "Bob Brown can no longer help with 2 things on your help board"
    assert to_alice.body.splitlines()[-1] == (
        "They are open again on your help board. Nobody else in your circle shares your "
        "help board yet."
    )
