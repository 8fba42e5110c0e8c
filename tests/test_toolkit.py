"""The strategy toolkit: the library loader, sharing from experience, adopting into the plan."""

from __future__ import annotations

import pytest

from accounts.models import User
from alerts.models import Alert, Notification
from circle.models import Membership
from circle.policy import NotVisible
from crisis.models import CrisisEvent
from plans.models import PlanVersion
from plans.services import content_of, save_plan
from tests.conftest import client_for
from toolkit import services
from toolkit.library import LIBRARY
from toolkit.models import Adoption, Strategy

PLAN = {
    "reasons": ["My kids"],
    "triggers": [
        {"id": "t1", "label": "Friday payday", "kind": "time"},
        {"id": "t2", "label": "The corner bar", "kind": "place"},
    ],
    "coping": [{"id": "c1", "label": "Go straight home", "trigger_ids": ["t2"]}],
}


@pytest.fixture
def planned(alice: User) -> User:
    save_plan(alice, alice, PLAN)
    return alice


def shared_by_bob(bob: User, alice: User, title: str = "Cold shower") -> Strategy:
    return services.share(bob, alice.pk, title, "Then call my brother.", ["feeling"]).strategy


def test_it_loads_the_library_after_migrate_and_again_without_duplicates(db: None) -> None:
    assert Strategy.objects.filter(origin="library").count() == len(LIBRARY)
    assert services.load_library() == len(LIBRARY)
    assert Strategy.objects.filter(origin="library").count() == len(LIBRARY)
    surfing = Strategy.objects.get(key="urge-surfing")
    assert surfing.heading == "Urge surfing"
    assert "Marlatt" in surfing.source and "Bowen" in surfing.source


def test_it_withdraws_a_library_entry_taken_out_of_the_code(alice: User) -> None:
    old = Strategy.objects.create(key="old-entry", origin="library", trigger_kinds=["place"])
    assert old in services.strategies_for(alice)
    services.load_library()
    assert Strategy.objects.get(key="old-entry").withdrawn_at is not None
    assert old not in services.strategies_for(alice)


def test_it_tags_every_library_entry_with_plan_trigger_kinds_and_a_source(db: None) -> None:
    from plans.content import TRIGGER_KINDS

    for entry in LIBRARY:
        assert entry.kinds and set(entry.kinds) <= set(TRIGGER_KINDS), entry.key
        assert entry.source.strip(), entry.key
    keys = {e.key for e in LIBRARY}
    for needed in ("urge-surfing", "play-the-tape-through", "halt", "delay-distract-decide"):
        assert needed in keys
    assert {"sober-breathing-space", "call-someone", "leave-the-situation"} <= keys


def test_it_lets_a_supporter_share_with_the_client_who_is_told(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    strategy = shared_by_bob(bob, alice)
    assert strategy.credit == "Bob Brown"
    assert strategy in services.strategies_for(alice, "feeling")
    assert strategy not in services.strategies_for(alice, "place")
    alert = Alert.objects.get(dedupe_key=f"strategy-shared:{strategy.pk}")
    assert alert.client == alice and "Cold shower" in alert.subject
    assert Notification.objects.filter(alert=alert, recipient=alice).exists()


def test_it_credits_a_sharer_by_the_alias_they_chose(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    found = services.share(bob, alice.pk, "Walk", "Round the block.", ["place"], alias="B.")
    assert found.strategy.credit == "B."
    assert "Bob" not in Alert.objects.get(client=alice).subject


def test_it_shows_a_shared_strategy_only_to_the_client_and_the_sharer(
    alice: User,
    bob: User,
    charlie: User,
    dana: User,
    bob_membership: Membership,
    dana_membership: Membership,
) -> None:
    strategy = shared_by_bob(bob, alice)
    assert services.strategy_for(alice, strategy.pk) == strategy
    assert services.strategy_for(bob, strategy.pk) == strategy
    for outsider in (charlie, dana):
        with pytest.raises(NotVisible):
            services.strategy_for(outsider, strategy.pk)


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_it_refuses_sharing_from_someone_no_longer_active(
    alice: User, bob: User, bob_membership: Membership, status: str
) -> None:
    bob_membership.status = status
    bob_membership.save()
    with pytest.raises(NotVisible):
        shared_by_bob(bob, alice)
    assert not Strategy.objects.filter(origin="shared").exists()


def test_it_refuses_sharing_with_a_stranger(alice: User, charlie: User) -> None:
    with pytest.raises(NotVisible):
        shared_by_bob(charlie, alice)


@pytest.mark.parametrize(
    ("title", "how_to", "kinds", "field"),
    [
        ("", "x", ["place"], "title"),
        ("x", "  ", ["place"], "how_to"),
        ("x", "x", [], "trigger_kinds"),
        ("x", "x", ["weather"], "trigger_kinds"),
        ("x" * 121, "x", ["place"], "title"),
    ],
)
def test_it_refuses_a_share_that_is_incomplete(
    alice: User,
    bob: User,
    bob_membership: Membership,
    title: str,
    how_to: str,
    kinds: list[str],
    field: str,
) -> None:
    with pytest.raises(services.ToolkitError) as refused:
        services.share(bob, alice.pk, title, how_to, kinds)
    assert refused.value.field == field
    assert not Strategy.objects.filter(origin="shared").exists()


def test_it_scans_shared_words_for_crisis_language(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    found = services.share(
        bob, alice.pk, "Hard nights", "I want to kill myself some nights", ["feeling"]
    )
    assert found.crisis is not None
    assert CrisisEvent.objects.filter(client=bob, source="strategy").exists()
    assert Strategy.objects.filter(pk=found.strategy.pk).exists()  # nothing lost


def test_it_lets_only_the_sharer_withdraw_and_keeps_the_adopted_copy(
    planned: User, bob: User, bob_membership: Membership
) -> None:
    strategy = shared_by_bob(bob, planned)
    services.adopt(planned, strategy.pk, ["t1"])
    with pytest.raises(NotVisible):
        services.withdraw(planned, strategy.pk)
    services.withdraw(bob, strategy.pk)
    assert strategy not in services.strategies_for(planned)
    assert "Cold shower" in [c.label for c in content_of(planned).coping]


def test_it_adopts_a_strategy_as_a_new_plan_version_with_credit(
    planned: User, bob: User, bob_membership: Membership
) -> None:
    strategy = shared_by_bob(bob, planned)
    before = PlanVersion.objects.filter(plan__client=planned).count()
    adopted = services.adopt(planned, strategy.pk, ["t1", "t2", "t1"], "A cold shower first")
    versions = PlanVersion.objects.filter(plan__client=planned)
    assert versions.count() == before + 1
    latest = versions.first()
    assert latest is not None
    assert latest.author == planned and latest.changed_sections == ["coping"]
    assert latest.note == "Added from the toolkit: Cold shower (shared by Bob Brown)"
    coping = content_of(planned).coping[-1]
    assert coping.label == "A cold shower first" and coping.trigger_ids == ["t1", "t2"]
    assert adopted.adoption.coping_id == coping.id and adopted.adoption.credit == "Bob Brown"
    assert services.credits(planned, content_of(planned)) == {coping.id: "Bob Brown"}


def test_it_adopts_a_library_entry_under_its_own_title(planned: User) -> None:
    surfing = Strategy.objects.get(key="urge-surfing")
    adopted = services.adopt(planned, surfing.pk, [])
    assert content_of(planned).coping[-1].label == "Urge surfing"
    assert adopted.adoption.credit == ""
    latest = PlanVersion.objects.filter(plan__client=planned).first()
    assert latest is not None and latest.note == "Added from the toolkit: Urge surfing"


def test_it_refuses_adopting_twice_but_allows_it_again_after_removal(planned: User) -> None:
    surfing = Strategy.objects.get(key="urge-surfing")
    services.adopt(planned, surfing.pk, [])
    with pytest.raises(services.ToolkitError) as refused:
        services.adopt(planned, surfing.pk, [])
    assert refused.value.status == 409
    save_plan(planned, planned, PLAN)  # the client takes it out of the plan again
    services.adopt(planned, surfing.pk, ["t2"])
    assert Adoption.objects.filter(client=planned).count() == 1
    assert content_of(planned).coping[-1].trigger_ids == ["t2"]


def test_it_refuses_a_trigger_that_is_not_in_the_plan(planned: User) -> None:
    surfing = Strategy.objects.get(key="urge-surfing")
    versions = PlanVersion.objects.count()
    with pytest.raises(services.ToolkitError) as refused:
        services.adopt(planned, surfing.pk, ["t9"])
    assert refused.value.status == 422 and "t9" in str(refused.value)
    assert PlanVersion.objects.count() == versions and not Adoption.objects.exists()


def test_it_refuses_adopting_into_a_full_plan_with_a_clear_error(alice: User) -> None:
    save_plan(alice, alice, {"coping": [{"label": f"way {n}"} for n in range(50)]})
    surfing = Strategy.objects.get(key="urge-surfing")
    with pytest.raises(services.ToolkitError) as refused:
        services.adopt(alice, surfing.pk, [])
    assert refused.value.status == 422 and "coping" in str(refused.value)
    assert not Adoption.objects.exists()


def test_it_refuses_adopting_what_the_client_cannot_see(
    alice: User, bob: User, charlie: User, bob_membership: Membership
) -> None:
    strategy = shared_by_bob(bob, alice)
    with pytest.raises(NotVisible):
        services.adopt(charlie, strategy.pk, [])


def test_it_suggests_ideas_for_a_kind_that_are_not_in_the_plan(planned: User) -> None:
    ideas = services.ideas_for(planned, ["date"], count=20)
    assert ideas and all("date" in s.trigger_kinds for s in ideas)
    surfing = Strategy.objects.get(key="urge-surfing")
    assert surfing in ideas
    services.adopt(planned, surfing.pk, [])
    assert surfing not in services.ideas_for(planned, ["date"], count=20)


def test_it_preselects_the_plan_triggers_of_the_strategys_kinds(planned: User) -> None:
    leave = Strategy.objects.get(key="leave-the-situation")
    assert services.preselected_triggers(content_of(planned), leave) == ["t2"]


# Pages


def test_it_lists_strategies_by_kind_on_the_toolkit_page(planned: User) -> None:
    web = client_for(planned)
    page = web.get("/toolkit/").content.decode()
    assert "Urge surfing" in page and "Practise saying no" in page
    by_date = web.get("/toolkit/?kind=date").content.decode()
    assert "Plan the hard day ahead" in by_date and "Practise saying no" not in by_date
    assert web.get("/toolkit/?kind=nonsense").status_code == 200


def test_it_adopts_from_the_strategy_page(planned: User) -> None:
    web = client_for(planned)
    surfing = Strategy.objects.get(key="urge-surfing")
    page = web.get(f"/toolkit/{surfing.pk}/").content.decode()
    assert "Bowen, S., Chawla, N." in page and "Add to my plan" in page
    response = web.post(f"/toolkit/{surfing.pk}/", {"label": "Surf it", "trigger_ids": ["t1"]})
    assert response.status_code == 302
    assert content_of(planned).coping[-1].label == "Surf it"
    assert "It is in your plan since version 2" in web.get(response["Location"]).content.decode()


def test_it_shows_an_adoption_error_on_the_form_and_saves_nothing(planned: User) -> None:
    surfing = Strategy.objects.get(key="urge-surfing")
    response = client_for(planned).post(
        f"/toolkit/{surfing.pk}/", {"label": "", "trigger_ids": ["t7"]}
    )
    assert response.status_code == 400
    assert not Adoption.objects.exists()


def test_it_shows_crisis_resources_after_adopting_with_crisis_words(planned: User) -> None:
    surfing = Strategy.objects.get(key="urge-surfing")
    web = client_for(planned)
    response = web.post(
        f"/toolkit/{surfing.pk}/", {"label": "Surf it or I want to kill myself"}, follow=True
    )
    assert "988" in response.content.decode()
    assert CrisisEvent.objects.filter(client=planned, source="plan").exists()


def test_it_lets_a_supporter_share_from_their_page(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    web = client_for(bob)
    assert "Share a strategy" in web.get(f"/supporting/{alice.pk}/").content.decode()
    form = web.get(f"/supporting/{alice.pk}/share-strategy/")
    assert form.status_code == 200 and "Alice Anders" in form.content.decode()
    response = web.post(
        f"/supporting/{alice.pk}/share-strategy/",
        {"title": "Cold shower", "how_to": "Then call.", "trigger_kinds": ["feeling", "place"]},
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(origin="shared")
    assert strategy.for_client == alice and strategy.trigger_kinds == ["feeling", "place"]
    assert "Cold shower" in client_for(alice).get("/toolkit/").content.decode()


def test_it_keeps_a_bad_share_on_the_form(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    response = client_for(bob).post(
        f"/supporting/{alice.pk}/share-strategy/", {"title": "Cold shower", "how_to": ""}
    )
    assert response.status_code == 400
    assert "Cold shower" in response.content.decode()
    assert not Strategy.objects.filter(origin="shared").exists()


def test_it_sends_the_client_to_their_toolkit_from_their_own_share_page(alice: User) -> None:
    response = client_for(alice).get(f"/supporting/{alice.pk}/share-strategy/")
    assert response.status_code == 302 and response["Location"] == "/toolkit/"


def test_it_hides_the_share_page_from_others(
    alice: User, bob: User, charlie: User, bob_membership: Membership
) -> None:
    assert client_for(charlie).get(f"/supporting/{alice.pk}/share-strategy/").status_code == 404
    bob_membership.status = "paused"
    bob_membership.save()
    assert client_for(bob).get(f"/supporting/{alice.pk}/share-strategy/").status_code == 404
    assert client_for(None).get(f"/supporting/{alice.pk}/share-strategy/").status_code == 302


def test_it_withdraws_from_the_web(alice: User, bob: User, bob_membership: Membership) -> None:
    strategy = shared_by_bob(bob, alice)
    assert client_for(alice).post(f"/toolkit/{strategy.pk}/withdraw/").status_code == 404
    assert client_for(bob).post(f"/toolkit/{strategy.pk}/withdraw/").status_code == 302
    assert Strategy.objects.get(pk=strategy.pk).withdrawn_at is not None


def test_it_adopts_once_when_the_form_is_sent_twice(planned: User) -> None:
    surfing = Strategy.objects.get(key="urge-surfing")
    web = client_for(planned)
    web.post(f"/toolkit/{surfing.pk}/", {"label": "Surf it"})
    again = web.post(f"/toolkit/{surfing.pk}/", {"label": "Surf it"}, follow=True)
    assert "This strategy is already in your plan." in again.content.decode()
    assert [c.label for c in content_of(planned).coping].count("Surf it") == 1
