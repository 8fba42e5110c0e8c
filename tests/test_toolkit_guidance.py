"""Family guidance (CRAFT lessons) by relationship, and the demo's toolkit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from circle.models import Membership, Relationship
from plans.models import PlanVersion
from plans.services import content_of
from tests.conftest import client_for
from toolkit.guidance import LESSONS, lessons_for
from toolkit.models import Adoption, CravingSession, Strategy


@pytest.mark.parametrize(
    ("relationship", "shown"),
    [
        (Relationship.FAMILY, True),
        (Relationship.PARTNER, True),
        (Relationship.FRIEND, False),
        (Relationship.SPONSOR, False),
        (Relationship.THERAPIST, False),
    ],
)
def test_it_shows_the_lessons_on_the_home_of_family_and_partners(
    alice: User, charlie: User, relationship: str, shown: bool
) -> None:
    Membership.objects.create(client=alice, supporter=charlie, relationship=relationship)
    home = client_for(charlie).get("/").content.decode()
    assert ("For you, as family or partner" in home) is shown
    assert ("Staying safe" in home) is shown


def test_it_hides_the_lessons_once_the_membership_ends(alice: User, charlie: User) -> None:
    membership = Membership.objects.create(
        client=alice, supporter=charlie, relationship=Relationship.PARTNER
    )
    membership.status = "ended"
    membership.save()
    assert "For you, as family or partner" not in client_for(charlie).get("/").content.decode()


def test_it_covers_the_craft_topics_with_sources() -> None:
    assert [lesson.slug for lesson in LESSONS] == [
        "positive-communication",
        "reward-sober-time",
        "natural-consequences",
        "lapse-without-blame",
        "look-after-yourself",
        "staying-safe",
    ]
    for lesson in LESSONS:
        assert any("Meyers" in source for source in lesson.sources), lesson.slug
    care = next(lesson for lesson in LESSONS if lesson.slug == "look-after-yourself")
    assert {
        "Al-Anon Family Groups",
        "Nar-Anon Family Groups",
        "SMART Recovery Family & Friends",
    } <= {link.name for link in care.links}
    assert lessons_for({"friend"}) == () and lessons_for({"friend", "family"}) == LESSONS


def test_it_shows_a_lesson_with_its_links_and_the_partner_note(alice: User, charlie: User) -> None:
    web = client_for(charlie)
    page = web.get("/guidance/staying-safe/").content.decode()
    assert "tel:18007997233" in page and "Meyers, R. J. &amp; Wolfe" in page
    assert "As a partner" not in page
    Membership.objects.create(client=alice, supporter=charlie, relationship=Relationship.PARTNER)
    assert "As a partner" in web.get("/guidance/staying-safe/").content.decode()
    assert web.get("/guidance/no-such-lesson/").status_code == 404
    index = web.get("/guidance/").content.decode()
    assert "Miller, W. R., Meyers, R. J. &amp; Tonigan" in index and "64%" in index


def test_it_fills_the_demo_toolkit_once(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    jordan = User.objects.get(email="client@demo.recoverycircle.test")
    shared = Strategy.objects.filter(for_client=jordan)
    assert {s.title for s in shared} == {
        "The parking-lot ten minutes",
        "Cook something with your hands",
    }
    adopted = Adoption.objects.filter(client=jordan)
    assert {a.credit for a in adopted} == {"Sam Okafor", ""}
    labels = [c.label for c in content_of(jordan).coping]
    assert "Ten minutes in the parking lot" in labels
    assert "Urge surfing: ride it for 20 minutes" in labels
    notes = PlanVersion.objects.filter(plan__client=jordan).values_list("note", flat=True)
    assert any("shared by Sam Okafor" in note for note in notes)
    sessions = CravingSession.objects.filter(client=jordan)
    assert sessions.count() == 2 and all(s.ended_at for s in sessions)
    call_command("load_demo", stdout=StringIO())
    assert CravingSession.objects.filter(client=jordan).count() == 2
    history = client_for(jordan).get("/checkins/history/").content.decode()
    assert "Ten minutes in the parking lot (1)" in history
