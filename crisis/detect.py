"""Finds crisis language in free text with the curated phrase list in crisis/phrases.py.

`detect(text)` answers the first phrase found that is not negated ("I would never kill myself")
or put as a condition ("if I ever feel like hurting myself, I call Sam"), or None. It reads the
text only; storing anything is the caller's business (crisis.services.handle_text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from crisis.phrases import (
    BRIDGE_WORDS,
    CATEGORY_LABELS,
    NEGATIONS,
    NO_OBJECTS,
    PHRASES,
    Phrase,
)

# Conditions read like a plan, not a state: "if I ever want to die, I call 988".
CONDITIONS = frozenset({"if", "when", "whenever", "unless"})

APOSTROPHES = str.maketrans(dict.fromkeys("‘’‛ʼ′´`", "'"))
CLAUSE_BREAK = re.compile(
    # A single line break is often just the phone's keyboard; an empty line ends a thought.
    r"[.!?;:,()\[\]\"\u201c\u201d\u2026]+|\n\s*\n|"
    r"\b(?:but|and|because|however|although|though|yet)\b"
)
# Whole words only; the order matters where one rewrite feeds another.
CONTRACTIONS = [
    (r"\bwon'?t\b", "will not"),
    (r"\bcan'?t\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bain'?t\b", "am not"),
    (r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|must)n'?t\b", r"\1 not"),
    (r"\bi'?m\b", "i am"),
    (r"\bim\b", "i am"),
    (r"\bi'?d\b", "i would"),
    (r"\bi'?ll\b", "i will"),
    (r"\bi'?ve\b", "i have"),
    (r"\bimma\b|\bi'?ma\b", "i am going to"),
    (r"\bgonna\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bgotta\b", "got to"),
    (r"\btryna\b", "trying to"),
    (r"\bnoone\b", "no one"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'d\b", " would"),
    (r"'s\b", " is"),
    (r"\bu\b", "you"),
    (r"\bo\.d\.?", "od"),
]
_CONTRACTIONS = [(re.compile(pattern), repl) for pattern, repl in CONTRACTIONS]
# Where none of the rewrites finds anything, none changes the text: one search rules out all.
_ANY_CONTRACTION = re.compile("|".join(f"(?:{pattern})" for pattern, _ in CONTRACTIONS))
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CrisisMatch:
    phrase: str  # the words matched, normalised
    category: str  # a key of crisis.phrases.CATEGORY_LABELS

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]


def clauses(text: str) -> list[str]:
    """The text as normalised clauses: lower case, straight apostrophes, contractions
    expanded, punctuation gone, single spaces. A negation never reaches across a clause."""
    text = unicodedata.normalize("NFKC", text).lower().translate(APOSTROPHES)
    text = text.replace("-", " ").replace("_", " ").replace("/", " ")
    if _ANY_CONTRACTION.search(text):
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
    found = []
    for part in CLAUSE_BREAK.split(text):
        cleaned = _SPACES.sub(" ", _NOT_WORD.sub(" ", part.replace("'", ""))).strip()
        if cleaned:
            found.append(cleaned)
    return found


@cache
def _compiled() -> list[tuple[Phrase, re.Pattern[str]]]:
    return [(p, re.compile(rf"(?<![a-z0-9])(?:{p.pattern})(?![a-z0-9])")) for p in PHRASES]


@cache
def _any_phrase() -> re.Pattern[str]:
    """Matches where any one phrase's pattern would: most clauses hold none, and one search
    rules them all out instead of one per phrase (check-ins run this on every note)."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _compiled()))


def governed(before: list[str], first_word: str) -> bool:
    """True when a negation or a condition governs the words that follow `before`: only
    bridge words ("am", "going", "to", "ever"…) stand between them."""
    following = first_word
    for word in reversed(before):
        if word in NEGATIONS or word in CONDITIONS:
            return True
        if word == "no":
            # "no" negates only as "no plans to …", "no thoughts of …", "no longer …".
            return following in NO_OBJECTS or following == "longer"
        if word not in BRIDGE_WORDS and word not in NO_OBJECTS and word != "longer":
            return False
        following = word
    return False


def _excluded(phrase: Phrase, clause: str, match: re.Match[str]) -> bool:
    after = clause[match.end() :].lstrip()
    if phrase.unless_followed_by and re.match(phrase.unless_followed_by, after):
        return True
    before = clause[: match.start()]
    return bool(phrase.unless_preceded_by and re.search(phrase.unless_preceded_by, before))


def detect(text: str) -> CrisisMatch | None:
    """The first crisis phrase in `text` that is meant, or None."""
    if not text or not text.strip():
        return None
    for clause in clauses(text):
        if not _any_phrase().search(clause):
            continue
        best: tuple[int, CrisisMatch] | None = None
        for phrase, pattern in _compiled():
            for match in pattern.finditer(clause):
                if _excluded(phrase, clause, match):
                    continue
                words = match.group(0).split()
                if governed(clause[: match.start()].split(), words[0]):
                    continue
                if best is None or match.start() < best[0]:
                    best = (match.start(), CrisisMatch(match.group(0), phrase.category))
                break
        if best is not None:
            return best[1]
    return None
