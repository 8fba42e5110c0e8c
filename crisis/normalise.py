"""Text as people type it on a phone, made regular enough for the phrase lists.

`clauses(text)` answers the text as normalised clauses: NFKC, lower case, no accents (Spanish
"mañana" -> "manana"), straight apostrophes, contractions expanded with or without the
apostrophe ("dont" -> "do not", "im" -> "i am", "gonna" -> "going to"), texting shorthand
("rn", "tonite", "thinkin"), and misspellings of the few words that carry the most weight
("sucidal", "suicde", "myslef", "overdoseing") corrected by edit distance with `rapidfuzz`.
Quoted words that someone else said or sang ("the song goes 'I want to die…'") are left out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

APOSTROPHES = str.maketrans(dict.fromkeys("‘’‛ʼ′´`", "'"))
LAUGHTER_EMOJI = re.compile("[\U0001f602\U0001f923\U0001f606\U0001f605\U0001f479\U0001f480]")
CLAUSE_BREAK = re.compile(
    # A single line break is often just the phone's keyboard; an empty line ends a thought.
    r"[.!?;:,()\[\]\"\u201c\u201d\u00ab\u00bb\u2026]+|\n\s*\n|"
    r"\b(?:but|however|although|though|tho|pero|aunque|sino)\b"
)
# "O.D." before the full stops split it.
_OD_DOTS = re.compile(r"\bo\.d\b\.?")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")

# Another person's words in quotes: a song, a film, a book, someone who said it. The quote is
# dropped unless the client says they said or wrote it themselves.
_REPORTED = re.compile(
    r"\b(?:songs?|lyrics?|sings|sang|singing|goes|says|said|quote|quoted|quoting|character|"
    r"movie|film|show|book|title|titled|called|watched|watching|reading|read|listening to|"
    r"cancion|dice|dijo|pelicula|libro|serie|titulo)\b[^\"\u201c\u201d]{0,40}?"
    r"[\"\u201c\u201d\u00ab]([^\"\u201c\u201d\u00bb]{1,200})[\"\u201c\u201d\u00bb]"
)
_SELF_REPORTED = re.compile(r"\bi (?:said|told|wrote|texted|say|tell)\b|\ble dije\b|\bdije\b")

# Contractions, with or without the apostrophe (it is dropped first), and texting shorthand.
SHORTHAND = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "mustnt": "must not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "aint": "am not",
    "im": "i am",
    "id": "i would",
    "ill": "i will",
    "ive": "i have",
    "imma": "i am going to",
    "ima": "i am going to",
    "gonna": "going to",
    "gona": "going to",
    "gunna": "going to",
    "wanna": "want to",
    "wana": "want to",
    "gotta": "got to",
    "tryna": "trying to",
    "noone": "no one",
    "youre": "you are",
    "theyre": "they are",
    "youve": "you have",
    "weve": "we have",
    "theyve": "they have",
    "youll": "you will",
    "theyll": "they will",
    "itll": "it will",
    "youd": "you would",
    "theyd": "they would",
    "its": "it is",
    "thats": "that is",
    "whats": "what is",
    "theres": "there is",
    "hes": "he is",
    "shes": "she is",
    "kil": "kill",
    "lyfe": "life",
    "tonite": "tonight",
    "2nite": "tonight",
    "tn": "tonight",
    "2day": "today",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "bout": "about",
    "abt": "about",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "rn": "right now",
    "ur": "your",
    "u": "you",
    "wnat": "want",
    "wnt": "want",
    "idk": "i do not know",
    "dunno": "do not know",
    "pils": "pills",
    "dieing": "dying",
    "nite": "night",
    "thru": "through",
    "b4": "before",
    "oded": "overdosed",
    "ded": "dead",
}
# Words that carry the most weight, worth correcting when misspelt. Short or common words are
# left out on purpose: "noise" must not become "noose", nor "pulls" "pills".
FUZZY_TARGETS = [
    "suicide",
    "suicidal",
    "suicidally",
    "myself",
    "overdose",
    "overdosed",
    "overdosing",
    "goodbye",
    "goodbyes",
    "killing",
    "unalive",
    "strangle",
    "suffocate",
    "stockpiling",
    "hoarding",
    "lethal",
    "matarme",
    "morirme",
    "suicidarme",
    "suicidio",
    "ahorcarme",
    "pastillas",
    "sobredosis",
    "despedida",
]
# Real words one typo away from a target, which must stay as they are.
NOT_TYPOS = frozenset({"overdoes", "mystery", "killings", "kidding", "suicides", "lethals"})
# A dropped final g ("thinkin bout killin myself").
G_DROPPED = frozenset(
    """thinking killing ending cutting dying living going nothing something feeling hanging
    jumping hurting burning planning trying using drinking saving taking shooting""".split()  # noqa: SIM905
)
# "going too end my life": "too" after these is "to".
TO_BEFORE = frozenset(
    ["going", "want", "need", "have", "trying", "ready", "about", "decided", "plan", "planning"]
)
LAUGHTER = re.compile(r"\b(?:lol+|lmf?ao+|haha\w*|hehe\w*|jk|jaja\w*|jeje\w*|xd|rofl)\b")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def correct(word: str) -> str:
    """The word as meant: shorthand spelt out, a dropped g restored, a typo in a weighty word
    corrected (one edit for up to 7 letters, two from 8; the first letter must agree)."""
    if word in SHORTHAND:
        return SHORTHAND[word]
    if word.endswith("in") and word + "g" in G_DROPPED:
        return word + "g"
    if len(word) < 5 or word in NOT_TYPOS or word in _targets():
        return word
    found = process.extractOne(
        word,
        _targets_starting(word[0]),
        scorer=OSA.distance,
        score_cutoff=1 if len(word) <= 7 else 2,
    )
    return found[0] if found is not None else word


@cache
def _targets() -> frozenset[str]:
    return frozenset(FUZZY_TARGETS)


@cache
def _targets_starting(letter: str) -> tuple[str, ...]:
    return tuple(t for t in FUZZY_TARGETS if t[0] == letter)


def drop_reported_quotes(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if _SELF_REPORTED.search(match.group(0)):
            return match.group(0)
        return match.group(0)[: match.start(1) - match.start(0)] + " , "

    return _REPORTED.sub(replace, text) if '"' in text or "\u201c" in text else text


def normalise_words(part: str) -> str:
    cleaned = _SPACES.sub(" ", _NOT_WORD.sub(" ", part.replace("'", ""))).strip()
    words = cleaned.split(" ")
    out = []
    previous = ""
    for word in words:
        fixed = "to" if word == "too" and previous in TO_BEFORE else correct(word)
        out.append(fixed)
        previous = fixed
    return " ".join(out)


def clauses(text: str) -> list[str]:
    """The text as normalised clauses (see the module's docstring). A negation never reaches
    across a clause."""
    text = unicodedata.normalize("NFKC", text).lower().translate(APOSTROPHES)
    text = LAUGHTER_EMOJI.sub(" lol ", strip_accents(text))
    text = text.replace("-", " ").replace("_", " ").replace("/", " ").replace("*", " ")
    text = drop_reported_quotes(text)
    if "o." in text:
        text = _OD_DOTS.sub("od", text)
    found = []
    for part in CLAUSE_BREAK.split(text):
        cleaned = normalise_words(part)
        if cleaned:
            found.append(cleaned)
    return found
