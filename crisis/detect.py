"""Finds crisis language in free text with the curated phrase lists (crisis/phrases.py and
crisis/phrases_es.py).

`detect(text)` answers the most serious phrase found that is meant, or None. A phrase is not
meant when, in its clause:
- a negation governs it ("I would never kill myself", "no quiero morir"), unless the negation
  compares ("I have never wanted to die more than today");
- a condition about having the feeling governs it ("if I ever feel like hurting myself, I call
  Sam");
- it is about the distant past ("ten years ago I tried to kill myself", "I used to cut");
- it is about someone else ("my brother said he wants to die", "a documentary about suicide").
A "possible" phrase said laughing ("I'd rather die than sing karaoke lol") is not meant either.
It reads the text only; storing anything is the caller's business (crisis.services).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from crisis.anchors import by_anchor, candidates
from crisis.normalise import LAUGHTER, clauses
from crisis.phrases import (
    BRIDGE_WORDS,
    CATEGORY_LABELS,
    CLEAR,
    FAREWELL,
    INTENSIFIERS,
    NEGATIONS,
    NO_OBJECTS,
    PHRASES,
    POSSIBLE,
    SPANISH_AFTER_NO,
    Phrase,
)
from crisis.phrases_es import PHRASES_ES

# Conditions read like a safety plan, not a state: "if I ever want to die, I call 988".
CONDITIONS = frozenset({"if", "when", "whenever", "unless", "si", "cuando"})
# …but only when they are about having the feeling; "if I could I would kill myself" is meant.
FEELING_WORDS = frozenset(
    [
        "feel",
        "feeling",
        "ever",
        "want",
        "wanna",
        "think",
        "thinking",
        "thought",
        "urge",
        "urges",
        "start",
        "starting",
        "get",
        "getting",
        "siento",
        "sienta",
        "quiero",
        "quisiera",
        "alguna",
        "vez",
        "pienso",
        "ganas",
    ]
)
FIRST_PERSON = frozenset(["i", "me", "my", "myself", "mine", "im", "yo", "mi", "mis", "conmigo"])
OTHERS = frozenset(
    """he she they his her their him them hes shes theyre friend friends buddy brother sister
    mom mother dad father son daughter cousin uncle aunt wife husband partner boyfriend
    girlfriend ex sponsor sponsee roommate coworker neighbor someone somebody people person
    guy man woman girl boy kid kids patient client character singer rapper celebrity actor
    article news report documentary movie film show series book podcast study song lyrics
    album episode ella ellos ellas amigo amiga hermano hermana mama papa tio tia primo
    prima hijo hija esposo esposa novio novia vecino alguien gente cancion pelicula noticia
    noticias articulo serie libro personaje""".split()  # noqa: SIM905
)
DISTANT_PAST = re.compile(
    r"\b(?:(?:\d+|a few|few|many|several|two|three|four|five|six|seven|eight|nine|ten|twenty)"
    r" (?:years|yrs|decades) ago|(?:a )?long time ago|as a (?:teen|teenager|kid|child)|when i "
    r"was (?:a |an )?(?:\d+|young|younger|little|teen|teenager|kid|child|in (?:high )?school|in"
    r" college)|back in (?:the day|\d+|high school|college)|in (?:high school|my teens|my "
    r"twenties)|hace (?:(?:\d+|unos|varios|muchos|mucho|dos|tres|cuatro|cinco|diez|veinte) )?"
    r"(?:anos|tiempo|mucho)|de (?:joven|nino|nina|adolescente)|cuando (?:era|tenia) )"
)
SPANISH_PARTICIPLE = ("ado", "ido", "ada", "ida", "cho", "sto")
STILL_NOW = re.compile(r"\b(?:again|now|today|tonight|still|otra vez|de nuevo|ahora|hoy)\b")
FAREWELL_WORD = re.compile(r"\b(?:goodbye|bye|adios)\b")
FAREWELL_WITH = re.compile(
    r"\b(?:sorry for everything|forgive me|love you all|i love you all|take care of (?:my|each"
    r" other|yourselves)|perdoname|perdonenme|los quiero a todos|cuidense)\b"
)


@dataclass(frozen=True)
class CrisisMatch:
    phrase: str  # the words matched, normalised: what raised it
    category: str  # a key of crisis.phrases.CATEGORY_LABELS
    tier: str = CLEAR  # CLEAR or POSSIBLE
    clause: str = ""  # the normalised clause it was found in

    @property
    def label(self) -> str:
        return str(CATEGORY_LABELS[self.category])

    @property
    def clear(self) -> bool:
        return self.tier == CLEAR


@cache
def _compiled() -> list[tuple[Phrase, re.Pattern[str]]]:
    return [
        (p, re.compile(rf"(?<![a-z0-9])(?:{p.pattern})(?![a-z0-9])"))
        for p in (*PHRASES, *PHRASES_ES)
    ]


@cache
def _by_anchor() -> dict[str, tuple[int, ...]]:
    return by_anchor(p.pattern for p, _ in _compiled())


def governed(before: list[str], first_word: str, after: str) -> bool:
    """True when a negation or a condition about the feeling governs the words that follow
    `before`: only bridge words ("am", "going", "to", "ever"…) stand between them."""
    following = first_word
    crossed: set[str] = set()
    for index in range(len(before) - 1, -1, -1):
        word = before[index]
        if word in NEGATIONS:
            return not re.search(INTENSIFIERS, after)
        if word in CONDITIONS:
            return bool(crossed & FEELING_WORDS) or following in FEELING_WORDS
        if word == "no":
            # English "no" negates only as "no plans to …"; Spanish "no" negates its verb.
            return following in NO_OBJECTS or following in SPANISH_AFTER_NO
        if word == "to" and index > 0 and before[index - 1] == "used":
            return True  # "I used to cut": the past, not now
        if word not in BRIDGE_WORDS and word not in NO_OBJECTS:
            return False
        crossed.add(word)
        following = word
    return False


def about_someone_else(before: list[str], matched: list[str]) -> bool:
    """Another person (or a film, a song, the news) is the subject, and the client is not
    ("they'd be better off if I was dead" is about the client)."""
    if FIRST_PERSON.intersection(matched):
        return False
    following = matched[0] if matched else ""
    for word in reversed(before):
        if word in FIRST_PERSON or (word == "he" and following.endswith(SPANISH_PARTICIPLE)):
            return False  # Spanish "he querido": I have wanted
        if word in OTHERS:
            return True
        following = word
    return False


def _excluded(phrase: Phrase, clause: str, match: re.Match[str]) -> bool:
    after = clause[match.end() :]
    if phrase.unless_followed_by and re.match(phrase.unless_followed_by, after):
        return True
    before = clause[: match.start()]
    return bool(phrase.unless_preceded_by and re.search(phrase.unless_preceded_by, before))


def meant(phrase: Phrase, clause: str, match: re.Match[str]) -> bool:
    if _excluded(phrase, clause, match):
        return False
    before = clause[: match.start()].split()
    words = match.group(0).split()
    if governed(before, words[0] if words else "", clause[match.end() :]):
        return False
    if about_someone_else(before, words):
        return False
    return not (phrase.tier == POSSIBLE and LAUGHTER.search(clause))


def matches_in(clause: str) -> list[CrisisMatch]:
    tried = candidates(clause, _by_anchor())
    if not tried or (DISTANT_PAST.search(clause) and not STILL_NOW.search(clause)):
        return []
    found = []
    compiled = _compiled()
    for position in tried:
        phrase, pattern = compiled[position]
        for match in pattern.finditer(clause):
            if meant(phrase, clause, match):
                found.append(CrisisMatch(match.group(0), phrase.category, phrase.tier, clause))
                break
    return found


def detect_all(text: str) -> list[CrisisMatch]:
    """Every crisis phrase in `text` that is meant, clause by clause."""
    if not text or not text.strip():
        return []
    parts = clauses(text)
    found = [match for clause in parts for match in matches_in(clause)]
    whole = " ".join(parts)
    if not found and FAREWELL_WORD.search(whole) and FAREWELL_WITH.search(whole):
        # "sorry for everything. love you all. goodbye": a farewell spread over clauses.
        words = FAREWELL_WITH.search(whole)
        found.append(CrisisMatch(words.group(0) if words else "goodbye", FAREWELL, CLEAR, whole))
    return found


def detect(text: str) -> CrisisMatch | None:
    """The most serious crisis phrase in `text` that is meant (a clear one before a possible
    one, else the first), or None."""
    found = detect_all(text)
    if not found:
        return None
    return next((m for m in found if m.clear), found[0])
