"""A supporter writing about the client's crisis ("she said she wants to die").

The crisis app's detector reads first-person words. Here the supporter's words about someone
else are put in the first person ("she wants to die" -> "i want to die") and handed to that
same detector, so its phrase list, negations and conditions (and every improvement to them)
decide: "he would never hurt himself" still does not match.

What the supporter is shown follows the 988 Suicide & Crisis Lifeline's guidance for helping
someone else (#BeThe1To: ask, be there, keep them safe, help them connect, follow up).
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from crisis.detect import CrisisMatch, detect

_SUBJECTS = r"(?:she|he|they)"
# Third-person verb forms the phrase list uses, in their first-person form.
_VERBS = {
    "wants": "want",
    "needs": "need",
    "has": "have",
    "plans": "plan",
    "tries": "try",
    "wishes": "wish",
    "feels": "feel",
    "thinks": "think",
    "hopes": "hope",
    "does": "do",
    "doesn't": "don't",
    "doesnt": "don't",
    "is": "am",
    "are": "am",
    "isn't": "am not",
    "was": "was",
    "keeps": "keep",
    "says": "say",
}
_REWRITES = [
    (re.compile(rf"\b{_SUBJECTS}'s\b"), "i am"),
    (re.compile(rf"\b{_SUBJECTS}'re\b"), "i am"),
    (re.compile(rf"\b{_SUBJECTS}'d\b"), "i would"),
    (re.compile(rf"\b{_SUBJECTS}'ll\b"), "i will"),
    (re.compile(r"\b(?:herself|himself|themselves|themself)\b"), "myself"),
    (re.compile(r"\b(?:her|his|their)\s+(own\s+)?(life|head|pills|tablets)\b"), r"my \1\2"),
]
_SUBJECT_VERB = re.compile(rf"\b{_SUBJECTS}\s+([a-z']+)")
APOSTROPHES = str.maketrans(dict.fromkeys("‘’‛ʼ′´`", "'"))

WHAT_TO_DO: tuple[Promise, ...] = (
    _("If anyone is in immediate danger or may have overdosed, call 911 now."),
    _(
        "Ask them directly whether they are thinking about suicide. Asking does not put the "
        "idea in their head; it shows you take them seriously."
    ),
    _("Be there: stay with them, or on the phone with them, and listen without judging."),
    _(
        "Keep them safe: help put distance between them and anything they could use to hurt "
        "themselves (pills, alcohol, weapons)."
    ),
    _(
        "Help them connect: call or text 988 together. The Lifeline also helps people who are "
        "worried about someone else."
    ),
    _("Follow the crisis steps in their plan, and check in again later."),
)


def first_person(text: str, names: list[str]) -> str:
    """`text` as if its subject had said it: the named person, she, he or they become "i"."""
    text = text.lower().translate(APOSTROPHES)
    for name in names:
        if name:
            text = re.sub(rf"\b{re.escape(name.lower())}\b", "she", text)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)

    def subject_verb(match: re.Match[str]) -> str:
        verb = match.group(1)
        return f"i {_VERBS.get(verb, verb)}"

    return _SUBJECT_VERB.sub(subject_verb, text)


def about_someone(text: str, names: list[str]) -> CrisisMatch | None:
    """Crisis words about someone else (the named person, she, he, they), or None. Words
    with nobody else in them ("I want to die") are the writer's own: None here."""
    rewritten = first_person(text, names)
    if rewritten == text.lower().translate(APOSTROPHES):
        return None
    return detect(rewritten)
