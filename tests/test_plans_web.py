"""The plan on the web: the section editor without JavaScript, errors that lose nothing, history
and diff, print, PDF and wallet card, co-authors and proposals, supporters' pages, home cards."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from django.test import Client

from accounts.models import User
from audit.models import AccessLog
from circle.models import Membership
from crisis.models import CrisisEvent
from plans import coauthoring, services
from plans.models import PlanCoAuthor, PlanVersion, Proposal
from plans.suggestions import WARNING_SIGNS
from tests.conftest import client_for
from tests.pdftext import pdf_text

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def rows(prefix: str, items: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    """A formset post: the management form and the rows."""
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for n, item in enumerate(items):
        data.update({f"{prefix}-{n}-{key}": value for key, value in item.items()})
    return data


def text(response: _MonkeyPatchedWSGIResponse) -> str:
    return html.unescape(response.content.decode())


def saved_reasons(web: Client, *reasons: str) -> None:
    sent = web.post("/plan/edit/reasons/", {"lines": "\n".join(reasons)})
    assert sent.status_code == 302, sent.content


# The editor


def test_it_starts_an_empty_plan_with_crisis_lines(as_alice: Client) -> None:
    page = as_alice.get("/plan/")
    assert page.status_code == 200
    body = text(page)
    assert "Your plan is empty so far" in body
    assert 'href="tel:988"' in body and 'href="tel:18006624357"' in body


def test_it_saves_a_section_as_a_new_version(as_alice: Client, alice: User) -> None:
    form = as_alice.get("/plan/edit/reasons/")
    assert form.status_code == 200 and 'name="lines"' in form.content.decode()
    sent = as_alice.post(
        "/plan/edit/reasons/", {"lines": " My daughter \n\nMy health\n", "note": "start"}
    )
    assert sent.status_code == 302 and sent["Location"].startswith("/plan/")
    version = PlanVersion.objects.get()
    assert version.content["reasons"] == ["My daughter", "My health"]
    assert (version.author, version.note) == (alice, "start")
    assert "My health" in text(as_alice.get("/plan/"))


def test_it_adds_ticked_warning_sign_suggestions(as_alice: Client, alice: User) -> None:
    page = text(as_alice.get("/plan/edit/warning_signs/"))
    assert str(WARNING_SIGNS[0]) in page
    sent = as_alice.post(
        "/plan/edit/warning_signs/",
        {"lines": "Snapping at Lily", "suggested": [str(WARNING_SIGNS[3]), str(WARNING_SIGNS[0])]},
    )
    assert sent.status_code == 302
    assert services.content_of(alice).warning_signs == [
        "Snapping at Lily",
        str(WARNING_SIGNS[0]),
        str(WARNING_SIGNS[3]),
    ]


def test_it_edits_triggers_and_links_coping_to_them(as_alice: Client, alice: User) -> None:
    triggers = rows(
        "rows",
        [
            {"label": "Payday", "kind": "time", "intensity": "4", "date": ""},
            {"label": "Dad's anniversary", "kind": "date", "intensity": "5", "date": "11-02"},
            {"label": "", "kind": "feeling", "intensity": "3", "date": ""},  # an empty extra row
        ],
    )
    assert as_alice.post("/plan/edit/triggers/", triggers).status_code == 302
    content = services.content_of(alice)
    assert [(t.id, t.label, t.date) for t in content.triggers] == [
        ("t1", "Payday", None),
        ("t2", "Dad's anniversary", "11-02"),
    ]
    page = text(as_alice.get("/plan/edit/coping/"))
    assert 'value="t2"' in page and "Dad's anniversary" in page
    coping = rows("rows", [{"label": "Visit the grave with Mom", "trigger_ids": ["t2"]}])
    assert as_alice.post("/plan/edit/coping/", coping).status_code == 302
    assert services.content_of(alice).coping[0].trigger_ids == ["t2"]
    assert "helps with: Dad's anniversary" in text(as_alice.get("/plan/"))
    # Removing a row keeps the others and their ids.
    edited = rows(
        "rows",
        [
            {"id": "t1", "label": "Payday", "kind": "time", "intensity": "4", "DELETE": "on"},
            {"id": "t2", "label": "Dad's anniversary", "kind": "date", "intensity": "5"},
        ],
        initial=2,
    )
    assert as_alice.post("/plan/edit/triggers/", edited).status_code == 302
    assert [t.id for t in services.content_of(alice).triggers] == ["t2"]


def test_it_never_drops_a_touched_row_silently(as_alice: Client) -> None:
    touched = rows("rows", [{"label": "", "kind": "place", "intensity": "5", "date": ""}])
    sent = as_alice.post("/plan/edit/triggers/", touched)
    assert sent.status_code == 400 and "Remove this one" in text(sent)
    assert not PlanVersion.objects.exists()


def test_it_shows_field_errors_and_keeps_the_saved_plan(as_alice: Client, alice: User) -> None:
    saved_reasons(as_alice, "My daughter")
    bad = rows("rows", [{"label": "Payday", "kind": "time", "intensity": "9", "date": "soon"}])
    sent = as_alice.post("/plan/edit/triggers/", bad)
    assert sent.status_code == 400
    body = text(sent)
    assert "Select a valid choice" in body
    assert 'value="Payday"' in body  # what was typed is still there
    assert PlanVersion.objects.count() == 1


def test_it_shows_content_errors_in_words_and_keeps_the_saved_plan(
    as_alice: Client, alice: User
) -> None:
    saved_reasons(as_alice, "My daughter")
    bad = rows("rows", [{"label": "Payday", "kind": "date", "intensity": "3", "date": "31-31"}])
    sent = as_alice.post("/plan/edit/triggers/", bad)
    assert sent.status_code == 400
    body = text(sent)
    assert "Nothing was saved yet" in body
    assert "Triggers and high-risk situations, item 1, date" in body
    assert PlanVersion.objects.count() == 1


def test_it_orders_my_people_from_the_circle(
    as_alice: Client, alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    page = text(as_alice.get("/plan/edit/people/"))
    assert "Bob Brown" in page and "Dana Diaz" in page
    sent = as_alice.post(
        "/plan/edit/people/",
        {f"position_{bob_membership.pk}": "2", f"position_{dana_membership.pk}": "1"},
    )
    assert sent.status_code == 302
    assert services.content_of(alice).people == [dana_membership.pk, bob_membership.pk]
    same = as_alice.post(
        "/plan/edit/people/",
        {f"position_{bob_membership.pk}": "1", f"position_{dana_membership.pk}": "1"},
    )
    assert same.status_code == 400 and "different number" in text(same)


def test_it_edits_the_escalation_ladder(
    as_alice: Client, alice: User, bob_membership: Membership
) -> None:
    data = {
        "watch-delay_minutes": "720",
        "watch-channels": ["inbox"],
        "concern-delay_minutes": "120",
        "concern-channels": ["inbox", "email"],
        "concern-membership_ids": [str(bob_membership.pk)],
        "urgent-delay_minutes": "10",
        "urgent-channels": ["email"],
        "urgent-membership_ids": [str(bob_membership.pk)],
    }
    assert as_alice.post("/plan/edit/ladder/", data).status_code == 302
    ladder = services.ladder_for(alice)
    assert ladder["urgent"] == {
        "membership_ids": [bob_membership.pk],
        "channels": ["email"],
        "delay_minutes": 10,
    }
    no_channel = data | {"urgent-channels": []}
    refused = as_alice.post("/plan/edit/ladder/", no_channel)
    assert refused.status_code == 400 and "choose at least one way" in text(refused)


def test_it_edits_commitments_contacts_and_crisis_lines(as_alice: Client, alice: User) -> None:
    commitments = rows(
        "rows",
        [
            {"label": "Meeting", "rhythm": "3"},
            {"label": "Call my sponsor", "rhythm": "daily"},
        ],
    )
    assert as_alice.post("/plan/edit/commitments/", commitments).status_code == 302
    contacts = rows("rows", [{"name": "Dr. Nair", "role": "Therapist", "phone": "555-0100"}])
    assert as_alice.post("/plan/edit/professional_contacts/", contacts).status_code == 302
    page = as_alice.get("/plan/edit/crisis_lines/").content.decode()
    assert 'value="988 Suicide &amp; Crisis Lifeline"' in page
    lines = rows("rows", [{"name": "Local warmline", "phone": "555-0199", "sms": "on"}])
    assert as_alice.post("/plan/edit/crisis_lines/", lines).status_code == 302
    body = text(as_alice.get("/plan/"))
    assert "3 times a week" in body and "daily" in body
    assert 'href="tel:5550100"' in body and 'href="sms:5550199"' in body
    assert "988 Suicide" not in body.split("Crisis lines", 1)[1].split("</section>", 1)[0]
    version = services.current_version(alice)
    assert version is not None and version.number == 3


def test_it_answers_404_for_an_unknown_section(as_alice: Client) -> None:
    assert as_alice.get("/plan/edit/feelings/").status_code == 404


def test_it_shows_crisis_resources_after_a_save_with_crisis_words(
    as_alice: Client, alice: User
) -> None:
    sent = as_alice.post("/plan/edit/reasons/", {"lines": "Some days I want to die"})
    assert sent.status_code == 302
    page = text(as_alice.get(sent["Location"]))
    assert "saved as you wrote it" in page
    assert 'href="tel:988"' in page and 'href="sms:988"' in page and 'href="tel:911"' in page
    assert CrisisEvent.objects.filter(client=alice, source="plan").count() == 1
    assert services.content_of(alice).reasons == ["Some days I want to die"]


# History and diff


def test_it_shows_history_and_what_changed(as_alice: Client) -> None:
    saved_reasons(as_alice, "My daughter")
    saved_reasons(as_alice, "My daughter", "My health")
    history = text(as_alice.get("/plan/versions/"))
    assert "Version 2" in history and "Version 1" in history and "Alice Anders" in history
    changes = text(as_alice.get("/plan/diff/"))
    assert "version 1" in changes and "version 2" in changes
    assert "added" in changes and "My health" in changes
    first = text(as_alice.get("/plan/diff/?to=1"))
    assert "an empty plan" in first and "My daughter" in first
    assert as_alice.get("/plan/diff/?to=9").status_code == 404
    assert as_alice.get("/plan/diff/?to=x").status_code == 404


def test_it_shows_and_restores_an_old_version(as_alice: Client, alice: User) -> None:
    saved_reasons(as_alice, "Old reason")
    saved_reasons(as_alice, "New reason")
    old = text(as_alice.get("/plan/versions/1/"))
    assert "Old reason" in old and "It is not the current plan" in old
    assert as_alice.post("/plan/versions/1/restore/").status_code == 302
    assert services.content_of(alice).reasons == ["Old reason"]
    version = services.current_version(alice)
    assert version is not None and version.number == 3
    assert as_alice.get("/plan/versions/7/").status_code == 404


# Print, PDF, wallet card


def test_it_prints_the_plan_with_crisis_lines(as_alice: Client) -> None:
    saved_reasons(as_alice, "My daughter")
    page = text(as_alice.get("/plan/print/"))
    assert "My daughter" in page and 'href="tel:988"' in page and "no-print" in page


def test_it_serves_the_plan_as_a_pdf(as_alice: Client) -> None:
    saved_reasons(as_alice, "Stay alive for Lily")
    sent = as_alice.get("/plan/plan.pdf")
    assert sent.status_code == 200 and sent["Content-Type"] == "application/pdf"
    assert "no-store" in sent["Cache-Control"]
    assert sent.content.startswith(b"%PDF") and "Stay alive for Lily" in pdf_text(sent.content)


def test_it_makes_a_wallet_card(
    as_alice: Client, alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    as_alice.post(
        "/plan/edit/people/",
        {f"position_{bob_membership.pk}": "1", f"position_{dana_membership.pk}": "2"},
    )
    page = text(as_alice.get("/plan/wallet-card/"))
    assert "Bob Brown" in page and "Dana Diaz" in page and 'href="tel:988"' in page
    card = as_alice.get("/plan/wallet-card.pdf")
    assert card.status_code == 200 and card.content.startswith(b"%PDF")


# Co-authors and supporters


def test_it_hides_the_plan_from_a_supporter_without_the_scope(as_bob: Client, alice: User) -> None:
    for url in ("", "print/", "plan.pdf", "versions/", "diff/", "edit/reasons/"):
        assert as_bob.get(f"/supporting/{alice.pk}/plan/{url}").status_code == 404


def test_it_lets_a_plan_reader_read_and_logs_it(
    alice: User, dana: User, dana_membership: Membership
) -> None:
    services.save_plan(alice, alice, {"reasons": ["My daughter"]})
    as_dana = client_for(dana)
    page = text(as_dana.get(f"/supporting/{alice.pk}/plan/"))
    assert "My daughter" in page and "Change reasons" not in page
    assert AccessLog.objects.filter(viewer=dana, client=alice).exists()
    refused = as_dana.post(f"/supporting/{alice.pk}/plan/edit/reasons/", {"lines": "Mine"})
    assert refused.status_code == 403
    assert as_dana.get(f"/supporting/{alice.pk}/plan/plan.pdf").status_code == 200
    assert "Version 1" in text(as_dana.get(f"/supporting/{alice.pk}/plan/versions/"))


def test_it_turns_a_co_authors_web_edit_into_a_proposal_the_client_accepts(
    alice: User, as_alice: Client, dana: User, dana_membership: Membership
) -> None:
    saved_reasons(as_alice, "My daughter")
    assert (
        as_alice.post(
            "/plan/co-authors/", {"membership": dana_membership.pk, "role": "propose"}
        ).status_code
        == 302
    )
    as_dana = client_for(dana)
    page = text(as_dana.get(f"/supporting/{alice.pk}/plan/"))
    assert "Change reasons" in page and "propose changes" in page
    sent = as_dana.post(f"/supporting/{alice.pk}/plan/edit/warning_signs/", {"lines": "Isolating"})
    assert sent.status_code == 302
    assert PlanVersion.objects.count() == 1
    proposal = Proposal.objects.get()
    listed = text(as_alice.get("/plan/proposals/"))
    assert "Dana Diaz" in listed
    detail = text(as_alice.get(f"/plan/proposals/{proposal.pk}/"))
    assert "Isolating" in detail and "added" in detail
    assert as_alice.post(f"/plan/proposals/{proposal.pk}/accept/").status_code == 302
    version = services.current_version(alice)
    assert version is not None and version.author == dana and version.accepted_by == alice
    assert services.content_of(alice).reasons == ["My daughter"]
    again = as_alice.post(f"/plan/proposals/{proposal.pk}/accept/")
    assert again.status_code == 302 and PlanVersion.objects.count() == 2


def test_it_lets_the_client_decline_on_the_web(
    alice: User, as_alice: Client, dana_membership: Membership
) -> None:
    PlanCoAuthor.objects.create(membership=dana_membership)
    proposal = coauthoring.propose(dana_membership, {"reasons": ["Other"]})
    assert as_alice.post(f"/plan/proposals/{proposal.pk}/decline/").status_code == 302
    assert Proposal.objects.get().status == "declined" and not PlanVersion.objects.exists()


def test_it_ends_a_removed_supporters_access_on_the_next_request(
    alice: User, as_alice: Client, dana: User, dana_membership: Membership
) -> None:
    PlanCoAuthor.objects.create(membership=dana_membership, can_edit_directly=True)
    as_dana = client_for(dana)
    assert as_dana.get(f"/supporting/{alice.pk}/plan/").status_code == 200
    as_alice.post(f"/circle/members/{dana_membership.pk}/remove/")
    assert as_dana.get(f"/supporting/{alice.pk}/plan/").status_code == 404
    sent = as_dana.post(f"/supporting/{alice.pk}/plan/edit/reasons/", {"lines": "x"})
    assert sent.status_code == 404 and not PlanVersion.objects.exists()


def test_it_explains_who_can_become_a_co_author(
    as_alice: Client, bob_membership: Membership, dana_membership: Membership
) -> None:
    page = text(as_alice.get("/plan/co-authors/"))
    assert "Does not see your plan" in page  # bob
    assert f'value="{dana_membership.pk}"' in page
    refused = as_alice.post("/plan/co-authors/", {"membership": bob_membership.pk, "role": "edit"})
    assert refused.status_code == 400 and not PlanCoAuthor.objects.exists()
    assert as_alice.post("/plan/co-authors/", {"membership": "x"}).status_code == 400


# Home cards


def test_it_puts_a_plan_card_on_the_clients_home(as_alice: Client, alice: User) -> None:
    assert "Start my plan" in text(as_alice.get("/"))
    services.save_plan(
        alice,
        alice,
        {
            "reasons": ["My daughter", "My job", "My health", "Fourth reason"],
            "coping": [{"label": "Call Sam"}, {"label": "Walk the dog"}],
        },
    )
    home = text(as_alice.get("/"))
    assert "My daughter" in home and "Call Sam" in home and "Fourth reason" not in home


def test_it_puts_a_plan_link_on_a_supporters_page_only_with_the_scope(
    alice: User, as_bob: Client, dana: User, dana_membership: Membership
) -> None:
    services.save_plan(alice, alice, {"reasons": ["My daughter"]})
    dana_page = text(client_for(dana).get(f"/supporting/{alice.pk}/"))
    assert f"/supporting/{alice.pk}/plan/" in dana_page
    assert AccessLog.objects.filter(viewer=dana, what__contains="relapse prevention plan").exists()
    bob_page = text(as_bob.get(f"/supporting/{alice.pk}/"))
    assert f"/supporting/{alice.pk}/plan/" not in bob_page


def test_it_tells_the_client_who_on_the_ladder_gets_no_alerts(
    alice: User, bob_membership: Membership, as_alice: Client
) -> None:
    from plans.services import save_plan

    save_plan(
        alice,
        alice,
        {
            "ladder": {
                "concern": {
                    "membership_ids": [bob_membership.pk],
                    "channels": ["email"],
                    "delay_minutes": 60,
                }
            }
        },
    )
    page = as_alice.get("/plan/").content.decode()
    assert "Bob Brown will not be told until you let them get alerts" in page
    bob_membership.scopes = [*bob_membership.scopes, "alerts"]
    bob_membership.save()
    assert "will not be told" not in as_alice.get("/plan/").content.decode()
