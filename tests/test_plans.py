"""The relapse prevention plan as a domain: every save a version, diffs, validation that loses
nothing, co-authors and proposals, what other apps read (ladder, commitments, dates), the crisis
check of the client's own words, the PDF and the demo plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accounts.models import User
from alerts.models import Alert
from circle.models import Membership, Relationship, Scope
from circle.policy import NotVisible
from crisis.models import CrisisEvent
from plans import coauthoring, fonts, pdf, services
from plans.content import PlanContent
from plans.demo import fill_demo_plan
from plans.diff import diff_contents
from plans.models import PlanCoAuthor, PlanVersion, Proposal
from recoverycircle import registry
from tests.conftest import make_user
from tests.pdftext import pdf_text, squeezed


def plan(**sections: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reasons": ["My daughter"],
        "triggers": [{"id": "t1", "label": "Payday", "kind": "time", "intensity": 4}],
        "coping": [{"id": "c1", "label": "Call Sam", "trigger_ids": ["t1"]}],
    }
    data.update(sections)
    return data


@pytest.fixture
def coauthor(dana_membership: Membership) -> Membership:
    PlanCoAuthor.objects.create(membership=dana_membership)
    return dana_membership


# Versions


def test_it_makes_every_save_a_version_with_its_author(
    alice: User, dana: User, dana_membership: Membership
) -> None:
    first = services.save_plan(alice, alice, plan(), "first")
    second = services.save_plan(alice, alice, plan(reasons=["My daughter", "My health"]))
    PlanCoAuthor.objects.create(membership=dana_membership, can_edit_directly=True)
    third = coauthoring.edit_as_coauthor(dana_membership, plan(warning_signs=["Skipping meals"]))
    assert [first.version.number, second.version.number, third.version.number] == [1, 2, 3]
    assert all(s.created for s in (first, second, third))
    history = list(services.versions(alice))
    assert [(v.number, v.author, v.author_name) for v in history] == [
        (3, dana, "Dana Diaz"),
        (2, alice, "Alice Anders"),
        (1, alice, "Alice Anders"),
    ]
    assert history[1].changed_sections == ["reasons"]
    assert history[0].changed_sections == ["reasons", "warning_signs"]
    assert services.content_of(alice).warning_signs == ["Skipping meals"]


def test_it_makes_no_version_when_nothing_changed(alice: User) -> None:
    services.save_plan(alice, alice, plan())
    again = services.save_plan(alice, alice, plan(), "same again")
    assert again.created is False and again.version.number == 1
    assert PlanVersion.objects.count() == 1


def test_it_restores_an_old_version_as_a_new_one(alice: User) -> None:
    services.save_plan(alice, alice, plan())
    services.save_plan(alice, alice, plan(reasons=["Changed my mind"]))
    restored = services.restore(alice, 1)
    assert restored.version.number == 3
    assert services.content_of(alice).reasons == ["My daughter"]
    assert PlanVersion.objects.count() == 3


def test_it_shows_what_changed_per_section(alice: User, bob_membership: Membership) -> None:
    old = PlanContent.model_validate(plan(people=[bob_membership.pk]))
    new = PlanContent.model_validate(
        plan(
            reasons=["My daughter", "My health"],
            triggers=[
                {"id": "t1", "label": "Payday Friday", "kind": "time", "intensity": 5},
                {"id": "t2", "label": "The old bar", "kind": "place"},
            ],
            coping=[],
        )
    )
    changes = {d.key: d for d in diff_contents(old, new, {bob_membership.pk: "Bob Brown"})}
    assert set(changes) == {"reasons", "triggers", "coping", "people"}
    assert changes["reasons"].added == ["My health"]
    assert changes["triggers"].changed == [
        (
            "Payday (time of day or week, intensity 4 of 5)",
            "Payday Friday (time of day or week, intensity 5 of 5)",
        )
    ]
    assert changes["triggers"].added == ["The old bar (place, intensity 3 of 5)"]
    assert changes["coping"].removed == ["Call Sam (for: Payday)"]
    assert changes["people"].removed == ["Bob Brown"]


def test_it_notices_a_new_order_of_people(
    alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    names = {bob_membership.pk: "Bob", dana_membership.pk: "Dana"}
    old = PlanContent(people=[bob_membership.pk, dana_membership.pk])
    new = PlanContent(people=[dana_membership.pk, bob_membership.pk])
    (people,) = diff_contents(old, new, names)
    assert people.reordered and not people.added and not people.removed


# Validation: refused, and nothing already saved is lost


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"people": [999_999]}, "people.0"),
        ({"ladder": {"urgent": {"membership_ids": [999_999]}}}, "ladder.urgent.membership_ids"),
        (
            {"triggers": [{"id": "t1", "label": "Payday", "kind": "time", "intensity": 6}]},
            "triggers.0.intensity",
        ),
        ({"triggers": [{"label": "x", "kind": "weather"}], "coping": []}, "triggers.0.kind"),
        ({"triggers": [{"label": "x", "kind": "date", "date": "13-45"}]}, "triggers.0.date"),
        ({"coping": [{"label": "Walk", "trigger_ids": ["t9"]}]}, ""),
        ({"commitments": [{"label": "Meetings", "daily": True, "times_per_week": 3}]}, ""),
        ({"commitments": [{"label": "Meetings"}]}, ""),
        ({"reasons": [""]}, "reasons.0"),
        ({"professional_contacts": [{"name": "Dr X", "phone": "call me"}]}, ""),
        ({"unknown_section": []}, "unknown_section"),
    ],
)
def test_it_refuses_invalid_content_and_keeps_the_saved_plan(
    alice: User, changes: dict[str, Any], where: str
) -> None:
    services.save_plan(alice, alice, plan())
    with pytest.raises(services.PlanInvalid) as refused:
        services.save_plan(alice, alice, plan(**changes))
    assert refused.value.errors[0][0].startswith(where)
    assert PlanVersion.objects.count() == 1
    assert services.content_of(alice).reasons == ["My daughter"]


def test_it_refuses_a_membership_of_another_client(alice: User, charlie: User, bob: User) -> None:
    elsewhere = Membership.objects.create(client=charlie, supporter=bob, relationship="friend")
    with pytest.raises(services.PlanInvalid):
        services.save_plan(alice, alice, plan(people=[elsewhere.pk]))


def test_it_forgets_people_who_left_but_keeps_paused_ones(
    alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    ladder = {"urgent": {"membership_ids": [bob_membership.pk, dana_membership.pk]}}
    services.save_plan(
        alice, alice, plan(people=[bob_membership.pk, dana_membership.pk], ladder=ladder)
    )
    bob_membership.status = Membership.Status.PAUSED
    bob_membership.save()
    dana_membership.status = Membership.Status.ENDED
    dana_membership.save()
    content = services.content_of(alice)
    assert content.people == [bob_membership.pk]
    assert [p.paused for p in services.people_of(alice, content)] == [True]
    # A paused supporter is on the plan, but the ladder tells nobody who is not active.
    assert services.ladder_for(alice)["urgent"]["membership_ids"] == []
    # The saved version itself is history and stays as it was.
    version = services.current_version(alice)
    assert version is not None
    assert version.content["people"] == [bob_membership.pk, dana_membership.pk]


# What other apps read


def test_it_gives_the_ladder_for_the_signals(alice: User, bob_membership: Membership) -> None:
    assert services.ladder_for(alice)["urgent"] == {
        "membership_ids": [],
        "channels": ["inbox", "email"],
        "delay_minutes": 15,
    }
    ladder = {
        "watch": {"membership_ids": [], "channels": ["inbox"], "delay_minutes": 600},
        "concern": {"membership_ids": [bob_membership.pk], "channels": ["email"]},
        "urgent": {"membership_ids": [bob_membership.pk], "delay_minutes": 0},
    }
    services.save_plan(alice, alice, plan(ladder=ladder))
    found = services.ladder_for(alice)
    assert set(found) == {"watch", "concern", "urgent"}
    assert found["watch"]["delay_minutes"] == 600
    assert found["concern"] == {
        "membership_ids": [bob_membership.pk],
        "channels": ["email"],
        "delay_minutes": 60,
    }
    assert found["urgent"]["membership_ids"] == [bob_membership.pk]


@pytest.mark.parametrize(
    "level",
    [
        {"membership_ids": [1, 1]},
        {"channels": ["inbox", "pigeon"]},
        {"delay_minutes": -5},
        {"delay_minutes": 99_999},
        {"channels": []},
    ],
)
def test_it_refuses_a_bad_ladder_step(
    alice: User, bob_membership: Membership, level: dict[str, Any]
) -> None:
    step = {"membership_ids": [bob_membership.pk]} | level
    with pytest.raises(services.PlanInvalid):
        services.save_plan(alice, alice, plan(ladder={"concern": step}))


def test_it_lists_commitments_for_the_check_in(alice: User) -> None:
    services.save_plan(
        alice,
        alice,
        plan(
            commitments=[
                {"label": "Meeting", "times_per_week": 3},
                {"label": "Call my sponsor", "daily": True},
            ]
        ),
    )
    found = services.commitments_for(alice)
    assert [(c.id, c.label, c.daily, c.times_per_week) for c in found] == [
        ("m1", "Meeting", False, 3),
        ("m2", "Call my sponsor", True, None),
    ]


def test_it_finds_high_risk_dates_in_the_coming_days(alice: User) -> None:
    triggers = [
        {"label": "Dad's anniversary", "kind": "date", "date": "01-03"},
        {"label": "Court date", "kind": "date", "date": "2026-12-30"},
        {"label": "Leap day birthday", "kind": "date", "date": "02-29"},
        {"label": "Payday", "kind": "time"},
    ]
    services.save_plan(alice, alice, plan(triggers=triggers, coping=[]))
    found = services.high_risk_dates(alice, date(2026, 12, 25), days=14)
    assert [(d, t.label) for d, t in found] == [
        (date(2026, 12, 30), "Court date"),
        (date(2027, 1, 3), "Dad's anniversary"),
    ]
    leap = services.high_risk_dates(alice, date(2027, 2, 20), days=14)
    assert [(d, t.label) for d, t in leap] == [(date(2027, 2, 28), "Leap day birthday")]


# Co-authors and proposals


def test_it_lets_a_plan_reader_who_is_no_co_author_only_read(
    alice: User, dana_membership: Membership
) -> None:
    rights = coauthoring.rights_of(dana_membership)
    assert rights.read and not rights.propose and not rights.edit
    with pytest.raises(coauthoring.NotCoAuthor):
        coauthoring.propose(dana_membership, plan())
    assert not Proposal.objects.exists()


def test_it_hides_the_plan_from_a_supporter_without_the_scope(
    alice: User, bob_membership: Membership
) -> None:
    PlanCoAuthor.objects.create(membership=bob_membership)
    assert not coauthoring.rights_of(bob_membership).read
    with pytest.raises(NotVisible):
        coauthoring.propose(bob_membership, plan())


def test_it_turns_an_accepted_proposal_into_a_version_by_its_author(
    alice: User, dana: User, coauthor: Membership
) -> None:
    services.save_plan(alice, alice, plan())
    proposal = coauthoring.propose(coauthor, plan(warning_signs=["Isolating"]), "From our session")
    assert Alert.objects.filter(client=alice, kind="plan_proposal").exists()
    assert services.content_of(alice).warning_signs == []
    saved = coauthoring.accept(alice, proposal.pk)
    assert saved.version.number == 2
    assert saved.version.author == dana and saved.version.accepted_by == alice
    assert saved.version.note == "From our session"
    assert services.content_of(alice).warning_signs == ["Isolating"]
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.version == saved.version
    with pytest.raises(coauthoring.ProposalClosed):
        coauthoring.accept(alice, proposal.pk)


def test_it_keeps_the_clients_later_edits_when_accepting(alice: User, coauthor: Membership) -> None:
    services.save_plan(alice, alice, plan())
    proposal = coauthoring.propose(coauthor, plan(warning_signs=["Isolating"]))
    services.save_plan(alice, alice, plan(reasons=["My daughter", "Written after"]))
    coauthoring.accept(alice, proposal.pk)
    content = services.content_of(alice)
    assert content.reasons == ["My daughter", "Written after"]
    assert content.warning_signs == ["Isolating"]


def test_it_declines_without_changing_the_plan(alice: User, coauthor: Membership) -> None:
    services.save_plan(alice, alice, plan())
    proposal = coauthoring.propose(coauthor, plan(reasons=["Other"]))
    coauthoring.decline(alice, proposal.pk)
    assert PlanVersion.objects.count() == 1
    assert Proposal.objects.get().status == Proposal.Status.DECLINED
    with pytest.raises(coauthoring.ProposalClosed):
        coauthoring.decline(alice, proposal.pk)


def test_it_hides_a_proposal_from_another_client(
    alice: User, charlie: User, coauthor: Membership
) -> None:
    proposal = coauthoring.propose(coauthor, plan())
    with pytest.raises(NotVisible):
        coauthoring.accept(charlie, proposal.pk)
    with pytest.raises(NotVisible):
        coauthoring.decline(charlie, proposal.pk)


def test_it_collects_a_co_authors_section_edits_in_one_proposal(
    alice: User, coauthor: Membership
) -> None:
    services.save_plan(alice, alice, plan())
    first = coauthoring.propose_section(coauthor, "warning_signs", ["Isolating"])
    second = coauthoring.propose_section(coauthor, "lapse_plan", ["Call Sam"])
    assert first.pk == second.pk
    content = coauthoring.proposal_content(second)
    assert content.warning_signs == ["Isolating"] and content.lapse_plan == ["Call Sam"]


def test_it_lets_a_direct_co_author_save_and_tells_the_client(
    alice: User, dana: User, dana_membership: Membership
) -> None:
    coauthoring.set_role(alice, dana_membership.pk, coauthoring.ROLE_EDIT)
    saved = coauthoring.edit_as_coauthor(dana_membership, plan(lapse_plan=["Call Sam"]))
    assert saved.version.author == dana and saved.version.accepted_by is None
    alert = Alert.objects.get(client=alice, kind="plan_changed")
    assert "Dana Diaz" in alert.subject


def test_it_refuses_a_direct_edit_by_a_proposing_co_author(
    alice: User, coauthor: Membership
) -> None:
    with pytest.raises(coauthoring.NotCoAuthor):
        coauthoring.edit_as_coauthor(coauthor, plan())
    assert not PlanVersion.objects.exists()


def test_it_ends_co_authorship_with_the_scope_or_the_membership(
    alice: User, coauthor: Membership
) -> None:
    coauthor.scopes = [Scope.SOBRIETY]
    coauthor.save()
    assert not coauthoring.rights_of(coauthor).propose
    coauthor.scopes = [Scope.PLAN]
    coauthor.status = Membership.Status.ENDED
    coauthor.save()
    assert not coauthoring.rights_of(coauthor).read


def test_it_makes_co_authors_only_of_people_who_see_the_plan(
    alice: User, bob_membership: Membership, dana_membership: Membership, charlie: User
) -> None:
    with pytest.raises(services.PlanError):
        coauthoring.set_role(alice, bob_membership.pk, coauthoring.ROLE_PROPOSE)
    coauthoring.set_role(alice, dana_membership.pk, coauthoring.ROLE_PROPOSE)
    assert coauthoring.role_of(Membership.objects.get(pk=dana_membership.pk)) == "propose"
    coauthoring.set_role(alice, dana_membership.pk, coauthoring.ROLE_NONE)
    assert not PlanCoAuthor.objects.exists()
    with pytest.raises(NotVisible):
        coauthoring.set_role(charlie, dana_membership.pk, coauthoring.ROLE_EDIT)


# Crisis words in the plan


def test_it_checks_the_clients_new_words_for_crisis_language(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(registry, "crisis_hooks", [lambda client, cat: told.append(cat)])
    saved = services.save_plan(alice, alice, plan(warning_signs=["I start to think I want to die"]))
    assert saved.crisis is not None
    assert list(CrisisEvent.objects.values_list("source", "category")) == [
        ("plan", "suicidal_ideation")
    ]
    # The same line saved again with another change is not a new event.
    again = services.save_plan(
        alice, alice, plan(warning_signs=["I start to think I want to die"], reasons=["Lily"])
    )
    assert again.crisis is None and CrisisEvent.objects.count() == 1
    assert told == [f"event:{CrisisEvent.objects.get().pk}"]
    # Never blocked: the words are saved as written.
    assert services.content_of(alice).warning_signs == ["I start to think I want to die"]


def test_it_does_not_count_a_co_authors_words_as_the_clients(
    alice: User, dana_membership: Membership
) -> None:
    coauthoring.set_role(alice, dana_membership.pk, coauthoring.ROLE_EDIT)
    coauthoring.edit_as_coauthor(dana_membership, plan(lapse_plan=["If you want to die, call 988"]))
    assert not CrisisEvent.objects.exists()


# PDF and demo


def test_it_writes_a_real_pdf_with_the_reasons(alice: User, bob_membership: Membership) -> None:
    saved = services.save_plan(
        alice,
        alice,
        plan(reasons=["Be there for Lily \u2013 every weekend"], people=[bob_membership.pk]),
    )
    content = services.content_of(alice)
    body = pdf.plan_pdf(alice, content, 1, saved.version.created_at)
    assert body.startswith(b"%PDF")
    printed = pdf_text(body)
    assert "Be there for Lily \u2013 every weekend" in printed
    assert "Bob Brown (friend)" in printed and "988" in printed
    card = pdf.wallet_card_pdf(alice, content)
    assert card.startswith(b"%PDF") and "Bob Brown" in pdf_text(card)
    assert b"/MediaBox [0 0 240.94 155.91]" in card  # 85 x 55 mm


WORLD_NAME = "Zo\u00eb \u0141ukasz \u674e\u5c0f\u9f8d \u0645\u062d\u0645\u062f"


def test_it_prints_a_name_in_any_script_in_the_plan_and_the_wallet_card(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    alice.display_name = WORLD_NAME
    alice.save()
    bob.display_name = "\u041f\u0451\u0442\u0440 \u03a9\u03bc\u03ad\u03b3\u03b1 \u674e"
    bob.save()
    services.save_plan(
        alice,
        alice,
        plan(reasons=["\u201cM\u00e1s\u201d \u2014 \u5bb6\u65cf"], people=[bob_membership.pk]),
    )
    content = services.content_of(alice)
    printed = squeezed(pdf_text(pdf.plan_pdf(alice, content, 1, None)))
    for words in (
        *WORLD_NAME.split(),
        *bob.display_name.split(),
        "\u201cM\u00e1s\u201d\u2014\u5bb6\u65cf",
    ):
        assert words in printed
    card = squeezed(pdf_text(pdf.wallet_card_pdf(alice, content)))
    assert all(words in card for words in (*WORLD_NAME.split(), *bob.display_name.split()))


def test_it_loads_a_fallback_font_only_for_text_that_needs_it() -> None:
    assert fonts.fallbacks_for("Zo\u00eb \u0141ukasz \u041f\u0451\u0442\u0440") == []
    assert [f.family for f in fonts.fallbacks_for("\u0645\u062d\u0645\u062f")] == ["arabic"]
    assert [f.family for f in fonts.fallbacks_for("\u674e \u0645")] == ["arabic", "cjk"]


def test_it_prints_a_question_mark_for_what_no_shipped_font_has() -> None:
    assert fonts.printable("Caf\u00e9 \U0001f600 \u674e") == "Caf\u00e9 ? \u674e"


def test_it_fills_a_demo_plan_once(alice: User, dana_membership: Membership) -> None:
    sponsor = make_user("sam@example.org", "Sam Sponsor")
    Membership.objects.create(
        client=alice, supporter=sponsor, relationship=Relationship.SPONSOR, scopes=[Scope.PLAN]
    )
    fill_demo_plan(alice)
    history = list(services.versions(alice))
    assert [v.number for v in history] == [3, 2, 1]
    assert history[0].author_name == "Dana Diaz" and history[0].accepted_by == alice
    content = services.content_of(alice)
    assert len(content.reasons) == 3 and len(content.people) == 2
    assert services.ladder_for(alice)["urgent"]["membership_ids"]
    assert history[2].created_at < history[1].created_at < history[0].created_at
    fill_demo_plan(alice)
    assert PlanVersion.objects.count() == 3
