"""Crisis language: the phrase table (what must and must not match), the record kept without
the words, the hooks, the check endpoint, and the resources on the public page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from crisis import services
from crisis.detect import detect
from crisis.models import CrisisEvent
from crisis.normalise import clauses
from crisis.phrases import OVERDOSE, PASSIVE, SELF_HARM, SUICIDAL
from recoverycircle import registry

POSITIVES = [
    ("I want to kill myself", SUICIDAL),
    ("thinking about ending it all", SUICIDAL),
    ("no reason to live", PASSIVE),
    ("I'm going to overdose on purpose", OVERDOSE),
    ("better off dead", PASSIVE),
    ("kms", SUICIDAL),
    ("im gonna kms lol", SUICIDAL),
    ("I wanna die", SUICIDAL),
    ("I don\u2019t want to live anymore", PASSIVE),
    ("I dont want to be alive", PASSIVE),
    ("Everyone would be better off without me", PASSIVE),
    ("I have nothing to live for", PASSIVE),
    ("I'm planning to end my life", SUICIDAL),
    ("Going to take my own life tonight", SUICIDAL),
    ("I keep having thoughts of suicide", SUICIDAL),
    ("I've been feeling suicidal all week", SUICIDAL),
    ("I was suicidal last night", SUICIDAL),  # the past is recent enough to show the lines
    ("I'm having suicidal thoughts again", SUICIDAL),
    ("I wish I was dead", PASSIVE),
    ("I hope I never wake up", PASSIVE),
    ("life isn't worth living", PASSIVE),
    ("I can't go on anymore", PASSIVE),
    ("I want it all to end", PASSIVE),
    ("Thinking of hanging myself", SUICIDAL),
    ("I want to unalive myself", SUICIDAL),
    ("Suicide is the only way out", SUICIDAL),
    ("nobody would miss me if I was gone", PASSIVE),
    ("I wrote a suicide note", SUICIDAL),
    ("I made a plan to kill myself", SUICIDAL),
    ("I'M GOING TO KILL MYSELF", SUICIDAL),
    ("I want   to \n  die", SUICIDAL),
    ("No. I want to die.", SUICIDAL),
    ("I'm not okay I want to die", SUICIDAL),
    ("Relapsed today but honestly I want to die", SUICIDAL),
    ("I'm not sure I want to live", PASSIVE),
    ("If I don't get help I'll kill myself", SUICIDAL),
    ("I want to hurt myself", SELF_HARM),
    ("I need to hurt myself to feel something", SELF_HARM),
    ("I cut myself again last night", SELF_HARM),
    ("I've been cutting myself", SELF_HARM),
    ("the urge to self-harm is strong", SELF_HARM),
    ("I'm going to burn myself", SELF_HARM),
    ("I'll O.D. on purpose", OVERDOSE),
    ("I want to OD", OVERDOSE),
    ("I want to take all my pills at once", OVERDOSE),
    ("gonna take the whole bottle of pills tonight", OVERDOSE),
    ("I'm going to use until I don't wake up", OVERDOSE),
    ("I might just drink myself to death", OVERDOSE),
    ("I'm going to shoot up enough to not wake up", OVERDOSE),
]

NEGATIVES = [
    "I don't want to die",
    "I don\u2019t wanna die",
    "not suicidal",
    "I'm not suicidal, just tired",
    "I'm no longer suicidal",
    "I would never kill myself",
    "I won't kill myself",
    "I'm not going to kill myself, I promise",
    "There's no way I'd kill myself",
    "I have no plans to end my life",
    "I am not thinking about ending it all",
    "No thoughts of suicide today",
    "I have no suicidal thoughts",
    "I'm not having suicidal thoughts",
    "Never wanted to die, just wanted the pain to stop",
    "I'd never hurt myself",
    "I'm not going to hurt myself tonight",
    "I got through the night without hurting myself",
    "If I ever feel like hurting myself, I call Sam",
    "this craving is killing me",
    "This headache is killing me",
    "dying to see my kids",
    "I'm dying for a coffee",
    "I killed it at work",
    "I'm killing it in recovery",
    "I've been killing myself at the gym",
    "kill myself laughing at that show",
    "That movie killed me, so funny",
    "I could kill for a cigarette",
    "My mom's going to kill me when she sees this",
    "My sponsor said the cravings won't kill me",
    "I have every reason to live",
    "I want to live",
    "I want to live a long life for my kids",
    "I want to end my drinking",
    "I ran 10 kms this morning",
    "I nearly cut myself shaving",
    "I'm scared of overdosing by accident",
    "The overdose rate in my town is scary",
    "I learned how to use naloxone for an overdose",
    "I watched a documentary about suicide prevention",
    "I took all my meds today like I'm supposed to",
    "Dead tired after work",
    "",
]


@pytest.mark.parametrize(("text", "category"), POSITIVES)
def test_it_finds_crisis_language(text: str, category: str) -> None:
    match = detect(text)
    assert match is not None, text
    assert match.category == category
    assert match.label


@pytest.mark.parametrize("text", NEGATIVES)
def test_it_leaves_everyday_and_negated_language_alone(text: str) -> None:
    assert detect(text) is None


def test_it_has_a_table_big_enough_to_trust() -> None:
    assert len(POSITIVES) >= 30 and len(NEGATIVES) >= 30
    assert {c for _, c in POSITIVES} == {SUICIDAL, PASSIVE, SELF_HARM, OVERDOSE}


def test_it_normalises_case_apostrophes_contractions_and_spaces() -> None:
    assert clauses("I\u2019M   Gonna\tSTOP. Can\u2019t,  won't") == [
        "i am going to stop",
        "can not",
        "will not",
    ]


def test_it_names_the_phrase_it_matched() -> None:
    match = detect("Honestly I'm thinking about ending it all.")
    assert match is not None
    assert match.phrase == "ending it all"


def test_it_finds_a_later_sentence_after_a_negated_one() -> None:
    match = detect("I don't want to die. But I want to hurt myself.")
    assert match is not None and match.category == SELF_HARM


# Recording and hooks


def test_it_records_the_words_that_raised_it_and_not_the_rest(alice: User) -> None:
    match = services.handle_text(
        alice, "Tired after my shift. I want to kill myself", "checkin_note"
    )
    assert match is not None
    event = CrisisEvent.objects.get()
    assert (event.client, event.source, event.category) == (alice, "checkin_note", SUICIDAL)
    assert event.phrase == "kill myself"
    assert "shift" not in str(vars(event))


def test_it_records_nothing_for_ordinary_text(alice: User) -> None:
    assert services.handle_text(alice, "Good day, went to a meeting", "checkin_note") is None
    assert not CrisisEvent.objects.exists()


def test_it_calls_the_hooks_with_the_client_and_event(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[tuple[User, str]] = []
    monkeypatch.setattr(
        registry, "crisis_hooks", [lambda client, cat: called.append((client, cat))]
    )
    services.handle_text(alice, "I'm going to overdose on purpose", "reach_out")
    event = CrisisEvent.objects.get()
    assert event.category == OVERDOSE
    assert called == [(alice, f"event:{event.pk}")]


def test_it_survives_a_failing_hook(alice: User, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(client: User, category: str) -> None:
        User.objects.create(email=alice.email)  # an IntegrityError inside the transaction
        raise AssertionError("unreachable")

    after: list[str] = []
    monkeypatch.setattr(registry, "crisis_hooks", [broken, lambda c, cat: after.append(cat)])
    match = services.handle_text(alice, "I want to die", "plan")
    assert match is not None
    assert len(after) == 1
    assert CrisisEvent.objects.filter(client=alice).count() == 1


# API and pages


def test_it_checks_text_without_storing_it(as_alice: Client) -> None:
    sent = as_alice.post(
        "/api/v1/crisis/check", {"text": "better off dead"}, content_type="application/json"
    )
    assert sent.status_code == 200
    body = sent.json()
    assert body["crisis"] is True and body["category"] == PASSIVE
    links = {r["tel_link"] for r in body["resources"]}
    assert links == {"tel:988", "tel:18006624357", "tel:911"}
    assert "sms:988" in {r["sms_link"] for r in body["resources"]}
    assert not CrisisEvent.objects.exists()


def test_it_answers_no_crisis_for_ordinary_text(as_alice: Client) -> None:
    sent = as_alice.post(
        "/api/v1/crisis/check", {"text": "dying to see my kids"}, content_type="application/json"
    )
    assert sent.json()["crisis"] is False and sent.json()["category"] is None


@pytest.mark.parametrize(("body", "status"), [({}, 422), ({"text": "x" * 20001}, 422)])
def test_it_refuses_a_bad_check(as_alice: Client, body: dict[str, Any], status: int) -> None:
    sent = as_alice.post("/api/v1/crisis/check", body, content_type="application/json")
    assert sent.status_code == status and sent.json()["message"]


def test_it_needs_a_sign_in_to_check_but_not_for_the_numbers(db: None) -> None:
    anonymous = Client()
    check = anonymous.post("/api/v1/crisis/check", {"text": "x"}, content_type="application/json")
    assert check.status_code == 401
    numbers = anonymous.get("/api/v1/crisis/resources")
    assert numbers.status_code == 200
    assert [r["number"] for r in numbers.json()] == ["988", "1-800-662-4357", "911"]


def test_it_shows_tap_to_call_links_on_the_public_page(db: None) -> None:
    page = Client().get("/crisis/").content.decode()
    for link in ('href="tel:988"', 'href="sms:988"', 'href="tel:18006624357"', 'href="tel:911"'):
        assert link in page
