"""The plan in the JSON API: save and versions, validation (422, nothing lost), the supporter
read with the plan scope, co-author proposals and direct edits, diff and co-author settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from accounts.models import User
from audit.models import AccessLog
from circle.models import Membership
from crisis.models import CrisisEvent
from plans.models import PlanCoAuthor, PlanVersion, Proposal
from tests.conftest import client_for

if TYPE_CHECKING:
    from tests.conftest import Response


def put(web: Client, url: str, payload: dict[str, Any]) -> Response:
    return web.put(url, payload, content_type="application/json")


def post(web: Client, url: str, payload: dict[str, Any] | None = None) -> Response:
    return web.post(url, payload or {}, content_type="application/json")


def content(**sections: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reasons": ["My daughter"],
        "triggers": [{"id": "t1", "label": "Payday", "kind": "time", "intensity": 4}],
        "coping": [{"label": "Call Sam", "trigger_ids": ["t1"]}],
    }
    data.update(sections)
    return data


@pytest.fixture
def as_dana(dana: User, dana_membership: Membership) -> Client:
    return client_for(dana)


def test_it_answers_an_empty_plan_before_the_first_save(as_alice: Client) -> None:
    body = as_alice.get("/api/v1/plan").json()
    assert body["version"] == 0 and body["saved_at"] is None
    assert body["content"]["reasons"] == []
    assert [line["phone"] for line in body["content"]["crisis_lines"]] == ["988", "1-800-662-4357"]
    assert body["can_edit"] is True and body["can_propose"] is False


def test_it_saves_versions_and_reads_them_back(as_alice: Client, alice: User) -> None:
    first = put(as_alice, "/api/v1/plan", {"content": content(), "note": "first"})
    assert first.status_code == 201, first.content
    assert first.json()["version"]["number"] == 1 and first.json()["crisis"] is None
    assert first.json()["version"]["content"]["coping"][0]["id"] == "c1"
    same = put(as_alice, "/api/v1/plan", {"content": content()})
    assert same.status_code == 200 and same.json()["created"] is False
    second = put(as_alice, "/api/v1/plan", {"content": content(reasons=["My daughter", "Me"])})
    assert second.status_code == 201 and second.json()["version"]["number"] == 2
    listed = as_alice.get("/api/v1/plan/versions").json()
    assert [(v["number"], v["author_name"], v["changed_sections"]) for v in listed] == [
        (2, "Alice Anders", ["reasons"]),
        (1, "Alice Anders", ["reasons", "triggers", "coping"]),
    ]
    one = as_alice.get("/api/v1/plan/versions/1").json()
    assert one["note"] == "first" and one["content"]["reasons"] == ["My daughter"]
    assert as_alice.get("/api/v1/plan/versions/3").status_code == 404
    current = as_alice.get("/api/v1/plan").json()
    assert current["version"] == 2 and current["content"]["reasons"] == ["My daughter", "Me"]


def test_it_diffs_versions(as_alice: Client) -> None:
    assert as_alice.get("/api/v1/plan/diff").json() == []
    put(as_alice, "/api/v1/plan", {"content": content()})
    put(as_alice, "/api/v1/plan", {"content": content(reasons=["My son"])})
    (reasons,) = as_alice.get("/api/v1/plan/diff").json()
    assert reasons["section"] == "reasons"
    assert reasons["changed"] == [{"before": "My daughter", "after": "My son"}]
    whole = as_alice.get("/api/v1/plan/diff?from_version=0&to_version=1").json()
    assert {d["section"] for d in whole} == {"reasons", "triggers", "coping"}
    assert as_alice.get("/api/v1/plan/diff?to_version=5").status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        content(people=[424242]),
        content(ladder={"urgent": {"membership_ids": [424242]}}),
        content(triggers=[{"id": "t1", "label": "Payday", "kind": "time", "intensity": 0}]),
        content(triggers=[{"id": "t1", "label": "Payday", "kind": "time", "intensity": "x"}]),
        content(coping=[{"label": "Walk", "trigger_ids": ["nope"]}]),
        content(reasons="not a list"),
    ],
)
def test_it_refuses_invalid_content_with_422_and_keeps_the_plan(
    as_alice: Client, bad: dict[str, Any]
) -> None:
    put(as_alice, "/api/v1/plan", {"content": content()})
    sent = put(as_alice, "/api/v1/plan", {"content": bad})
    assert sent.status_code == 422
    assert sent.json()["message"]
    assert PlanVersion.objects.count() == 1
    assert as_alice.get("/api/v1/plan").json()["content"]["reasons"] == ["My daughter"]


def test_it_names_the_unknown_person_in_the_error(as_alice: Client) -> None:
    sent = put(as_alice, "/api/v1/plan", {"content": content(people=[424242])})
    assert sent.json()["message"] == "people.0: 424242 is not a person in your circle"


def test_it_answers_crisis_resources_when_the_client_writes_crisis_words(
    as_alice: Client,
) -> None:
    sent = put(as_alice, "/api/v1/plan", {"content": content(reasons=["I'm better off dead"])})
    assert sent.status_code == 201
    crisis = sent.json()["crisis"]
    assert crisis["crisis"] is True and crisis["category"] == "passive_ideation"
    assert "tel:988" in {r["tel_link"] for r in crisis["resources"]}
    assert CrisisEvent.objects.count() == 1


def test_it_shows_the_plan_to_a_supporter_with_the_scope_only(
    alice: User, as_alice: Client, as_bob: Client, as_charlie: Client, as_dana: Client, dana: User
) -> None:
    put(as_alice, "/api/v1/plan", {"content": content()})
    url = f"/api/v1/clients/{alice.pk}/plan"
    read = as_dana.get(url)
    assert read.status_code == 200
    assert read.json()["content"]["reasons"] == ["My daughter"]
    assert read.json()["can_propose"] is False and read.json()["can_edit"] is False
    assert AccessLog.objects.filter(viewer=dana, client=alice, channel="api").exists()
    assert as_bob.get(url).status_code == 404
    assert as_charlie.get(url).status_code == 404
    assert as_alice.get(url).status_code == 400


def test_it_refuses_a_proposal_from_a_reader_who_is_no_co_author(
    alice: User, as_dana: Client, as_bob: Client
) -> None:
    url = f"/api/v1/clients/{alice.pk}/plan/proposals"
    refused = post(as_dana, url, {"content": content()})
    assert refused.status_code == 403 and refused.json()["message"]
    assert post(as_bob, url, {"content": content()}).status_code == 404
    assert not Proposal.objects.exists()


def test_it_takes_a_co_authors_proposal_that_the_client_accepts(
    alice: User, as_alice: Client, as_dana: Client, dana_membership: Membership
) -> None:
    put(as_alice, "/api/v1/plan", {"content": content()})
    coauthor = put(as_alice, f"/api/v1/plan/coauthors/{dana_membership.pk}", {"role": "propose"})
    assert coauthor.status_code == 200 and coauthor.json()["role"] == "propose"
    assert as_dana.get(f"/api/v1/clients/{alice.pk}/plan").json()["can_propose"] is True
    sent = post(
        as_dana,
        f"/api/v1/clients/{alice.pk}/plan/proposals",
        {"content": content(lapse_plan=["Call Sam"]), "note": "Session notes"},
    )
    assert sent.status_code == 201, sent.content
    proposal = sent.json()
    assert (proposal["status"], proposal["base_version"]) == ("pending", 1)
    waiting = as_alice.get("/api/v1/plan/proposals").json()
    assert [p["id"] for p in waiting] == [proposal["id"]]
    accepted = post(as_alice, f"/api/v1/plan/proposals/{proposal['id']}/accept")
    assert accepted.status_code == 201
    version = accepted.json()["version"]
    assert version["author_name"] == "Dana Diaz"
    assert version["accepted_by"]["display_name"] == "Alice Anders"
    assert version["content"]["lapse_plan"] == ["Call Sam"]
    again = post(as_alice, f"/api/v1/plan/proposals/{proposal['id']}/accept")
    assert again.status_code == 409


def test_it_declines_a_proposal(
    alice: User, as_alice: Client, as_dana: Client, as_charlie: Client, dana_membership: Membership
) -> None:
    PlanCoAuthor.objects.create(membership=dana_membership)
    sent = post(as_dana, f"/api/v1/clients/{alice.pk}/plan/proposals", {"content": content()})
    proposal_id = sent.json()["id"]
    assert post(as_charlie, f"/api/v1/plan/proposals/{proposal_id}/decline").status_code == 404
    declined = post(as_alice, f"/api/v1/plan/proposals/{proposal_id}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert not PlanVersion.objects.exists()


def test_it_lets_only_a_direct_co_author_save_a_clients_plan(
    alice: User, as_dana: Client, dana_membership: Membership
) -> None:
    url = f"/api/v1/clients/{alice.pk}/plan"
    assert put(as_dana, url, {"content": content()}).status_code == 403
    coauthor = PlanCoAuthor.objects.create(membership=dana_membership)
    assert put(as_dana, url, {"content": content()}).status_code == 403
    coauthor.can_edit_directly = True
    coauthor.save()
    saved = put(as_dana, url, {"content": content(), "note": "Together"})
    assert saved.status_code == 201
    assert saved.json()["version"]["author_name"] == "Dana Diaz"
    assert saved.json()["crisis"] is None


def test_it_ends_a_removed_co_authors_access_at_once(
    alice: User, as_alice: Client, as_dana: Client, dana_membership: Membership
) -> None:
    PlanCoAuthor.objects.create(membership=dana_membership, can_edit_directly=True)
    assert as_dana.get(f"/api/v1/clients/{alice.pk}/plan").status_code == 200
    assert as_alice.delete(f"/api/v1/circle/members/{dana_membership.pk}").status_code == 204
    assert as_dana.get(f"/api/v1/clients/{alice.pk}/plan").status_code == 404
    sent = put(as_dana, f"/api/v1/clients/{alice.pk}/plan", {"content": content()})
    assert sent.status_code == 404 and not PlanVersion.objects.exists()


def test_it_lists_and_refuses_co_authors(
    alice: User, as_alice: Client, bob_membership: Membership, dana_membership: Membership
) -> None:
    listed = {c["display_name"]: c for c in as_alice.get("/api/v1/plan/coauthors").json()}
    assert listed["Bob Brown"]["sees_plan"] is False and listed["Dana Diaz"]["role"] == "none"
    refused = put(as_alice, f"/api/v1/plan/coauthors/{bob_membership.pk}", {"role": "edit"})
    assert refused.status_code == 400
    assert put(as_alice, "/api/v1/plan/coauthors/999999", {"role": "edit"}).status_code == 404
    assert (
        put(as_alice, f"/api/v1/plan/coauthors/{dana_membership.pk}", {"role": "boss"}).status_code
        == 422
    )


def test_it_offers_warning_sign_suggestions(as_alice: Client) -> None:
    found = as_alice.get("/api/v1/plan/warning-sign-suggestions").json()
    assert len(found) >= 15 and all(isinstance(s, str) for s in found)
