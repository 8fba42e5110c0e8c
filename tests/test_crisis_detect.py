"""The crisis detector against its labelled corpus (the held-out split must keep recall at 95%
or more and false alarms at 5% or less), and the behaviours the corpus is there to keep:
phone typing, misspellings, Spanish, intensifiers, tiers, other people, the past, quotes; and
the fast path's equivalence with trying every phrase."""

from __future__ import annotations

import random
import re

import pytest

from crisis.anchors import candidates
from crisis.corpus import evaluate, load
from crisis.detect import _by_anchor, _compiled, detect
from crisis.normalise import clauses
from crisis.phrases import CLEAR, FAREWELL, OVERDOSE, PASSIVE, PLAN, POSSIBLE, SELF_HARM

ROWS = load()


def test_it_has_a_corpus_big_enough_in_both_languages() -> None:
    crisis = [r for r in ROWS if r.crisis]
    other = [r for r in ROWS if not r.crisis]
    assert len(crisis) >= 300 and len(other) >= 300
    for split in ("tune", "heldout"):
        for language in ("en", "es"):
            chosen = [r for r in ROWS if r.split == split and r.language == language]
            assert sum(r.crisis for r in chosen) >= 30 and sum(not r.crisis for r in chosen) >= 30
    assert len({r.text.lower() for r in ROWS}) == len(ROWS)  # no message in both splits


@pytest.mark.parametrize("language", ["en", "es", None])
def test_it_finds_95_percent_of_held_out_crises_with_under_5_percent_false_alarms(
    language: str | None,
) -> None:
    score = evaluate([r for r in ROWS if r.split == "heldout"], language)
    assert score.recall >= 0.95, score
    assert score.false_alarm_rate <= 0.05, score


def test_it_does_as_well_on_the_tune_split() -> None:
    score = evaluate([r for r in ROWS if r.split == "tune"])
    assert score.recall >= 0.95 and score.false_alarm_rate <= 0.05, score


@pytest.mark.parametrize(
    ("text", "tier", "category"),
    [
        ("I have never wanted to die more than today", CLEAR, None),
        ("nunca he querido morir tanto como hoy", CLEAR, None),
        ("sucidal again", CLEAR, None),
        ("thinkin bout killin myslef", CLEAR, None),
        ("im going too end my life", CLEAR, None),
        ("took the whole bottle", CLEAR, OVERDOSE),
        ("the rope is ready", CLEAR, PLAN),
        ("this is my last check-in, goodbye", CLEAR, FAREWELL),
        ("burned myself on purpose", CLEAR, SELF_HARM),
        ("me quiero morir", CLEAR, None),
        ("wish I could go to sleep and never wake up", POSSIBLE, PASSIVE),
        ("don't see the point in living", POSSIBLE, PASSIVE),
        ("ojalá no despertara", POSSIBLE, PASSIVE),
        (
            "Work was fine, bus late, mom called. I keep thinking about killing myself. "
            "Anyway craving was low and I went to bed.",
            CLEAR,
            None,
        ),
    ],
)
def test_it_reads_crisis_language_as_people_type_it(
    text: str, tier: str, category: str | None
) -> None:
    match = detect(text)
    assert match is not None, text
    assert match.tier == tier
    assert category is None or match.category == category
    assert match.phrase and match.label


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, just tired",
        "no quiero morir",
        "my brother said he wants to die, what do I do",
        "ten years ago I tried to kill myself, now I help others",
        'the song goes "I want to die tonight" and it is stuck in my head',
        "I'd rather die than sing karaoke lol",
        "this traffic is killing me",
        "I want to end my drinking",
        "read an article about suicide prevention",
    ],
)
def test_it_leaves_alone_what_is_not_the_client_in_crisis_now(text: str) -> None:
    assert detect(text) is None


def test_it_keeps_a_clients_own_quote() -> None:
    assert detect('I told my sponsor "I want to die" tonight') is not None


def test_it_tries_only_phrases_whose_key_words_are_in_the_clause() -> None:
    """The fast path may skip a phrase only when it cannot match: on clauses made of the
    phrases' own words (a fixed seed: the same clauses each run) and on the whole corpus."""
    compiled = _compiled()
    words = sorted(
        {w for _, p in compiled for w in re.findall(r"[a-z]+", p.pattern) if len(w) > 1}
        | {f.strip() for _, p in compiled for f in re.findall(r"[a-z ]{4,}", p.pattern)}
        | {"i", "im", "dont", "my", "the", "a", "never", "if", "no", "not", "to", "it"}
    )
    chooser = random.Random(2026)
    texts = [
        " ".join(chooser.choice(words) for _ in range(chooser.randint(1, 8))) for _ in range(6000)
    ]
    matched = 0
    for text in [*texts, *(r.text for r in ROWS)]:
        for clause in clauses(text):
            tried = set(candidates(clause, _by_anchor()))
            for position, (_, pattern) in enumerate(compiled):
                if pattern.search(clause):
                    matched += 1
                    assert position in tried, (clause, pattern.pattern[:60])
    assert matched > 1000


def test_it_rules_out_an_ordinary_note_without_trying_a_phrase() -> None:
    assert candidates(clauses("round 12")[0], _by_anchor()) == []
