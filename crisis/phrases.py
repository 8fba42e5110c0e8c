"""The curated crisis phrase list, kept as data so it can be reviewed without reading code.

Sources. The phrases paraphrase the direct and indirect expressions of suicidal thinking, self-harm
and deliberate overdose listed in the 988 Suicide & Crisis Lifeline's "know the signs"
material, the Columbia Suicide Severity Rating Scale (C-SSRS) screener wording ("wish you were
dead", "thoughts of killing yourself"), SAMHSA's suicide-prevention guidance for substance use
treatment (TIP 50), and the common shorthand people use online ("kms", "unalive").

Limits, on purpose and documented in docs/crisis-detection.md:
- English only, and plain phrase matching: no model, no score. A miss is possible (new slang,
  typos, irony); a false alarm costs little, because a match only *shows* crisis resources and
  records that it happened. It never blocks, hides or changes what the person wrote.
- Statements about the past ("I was suicidal last year") or questions ("would I kill myself?")
  still match. We prefer showing the numbers once too often.
- Third-person statements ("my friend wants to kill himself") do not match the self-directed
  phrases; that is a known gap the resources page still covers.

Every pattern is a regular expression matched against *normalised* text (see
crisis/detect.py): lower case, straight apostrophes, contractions expanded ("don't" → "do not",
"gonna" → "going to"), hyphens as spaces, single spaces, one clause at a time. Negations
("not", "never", "without", "no plans to"…) are handled by the detector, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

SUICIDAL = "suicidal_ideation"
SELF_HARM = "self_harm"
OVERDOSE = "overdose_intent"

CATEGORY_LABELS = {
    SUICIDAL: "Thoughts of suicide",
    SELF_HARM: "Thoughts of self-harm",
    OVERDOSE: "Thoughts of overdosing on purpose",
}


@dataclass(frozen=True)
class Phrase:
    pattern: str
    category: str
    # A match followed by this is an idiom, not a crisis ("killing myself at the gym").
    unless_followed_by: str | None = None
    # …and one preceded by this (matched against the end of the text before it).
    unless_preceded_by: str | None = None


_ME = r"(?:myself|my self)"
_INTENT = (
    r"(?:want|going|need|have|planning|plan|trying|try|about|ready|decided|decide|thinking)"
    r" to"
)
_IDIOMS_KILL = r"(?:laughing|at (?:the |my )?(?:gym|work|job)|working|trying to|to (?:finish|get))"
_BY_ACCIDENT = r"(?:shaving|cooking|on (?:a|the|some)|while|by accident|accidentally|chopping)"

PHRASES: tuple[Phrase, ...] = (
    # Suicidal thoughts: direct
    Phrase(rf"kill(?:ing|ed)? {_ME}", SUICIDAL, unless_followed_by=_IDIOMS_KILL),
    Phrase(rf"unalive {_ME}|end {_ME}", SUICIDAL),
    Phrase(r"(?:end|ending|take|taking) my (?:own )?life", SUICIDAL),
    Phrase(r"(?:end|ending) it all|(?:end|ending) it (?:tonight|today)\b", SUICIDAL),
    Phrase(r"want (?:it all|everything) to (?:end|be over)", SUICIDAL),
    Phrase(r"(?:want|wanted|wanting|wish) to die|want to be dead", SUICIDAL),
    Phrase(r"(?:wish|wished) i (?:was|were|had been) (?:dead|never born)", SUICIDAL),
    Phrase(r"wish i (?:was|were) not (?:alive|here|born)", SUICIDAL),
    Phrase(r"(?:do|does) not want to (?:live|be alive|be here anymore|exist|go on)", SUICIDAL),
    Phrase(
        r"(?:not sure|unsure|do not know if|doubt) (?:if |whether |that )?i want to live", SUICIDAL
    ),
    Phrase(r"(?:hope|wish|want) (?:that )?i (?:never|do not|will not|would not) wake up", SUICIDAL),
    Phrase(r"(?:do not|never) want to wake up", SUICIDAL),
    Phrase(r"better off (?:dead|without me|if i (?:was|were) (?:gone|dead))", SUICIDAL),
    Phrase(
        r"(?:no one|nobody|noone) would (?:miss me|care|notice) if i (?:was|were|am)? ?"
        r"(?:gone|dead|died)",
        SUICIDAL,
    ),
    Phrase(
        r"(?:no|nothing left to|not a single) reason to (?:live|go on|keep going|stay alive)",
        SUICIDAL,
    ),
    Phrase(r"nothing (?:left )?to live for", SUICIDAL),
    Phrase(
        r"(?:life|living) (?:is|feels) (?:not|no longer) worth (?:it|living)|"
        r"not worth living",
        SUICIDAL,
    ),
    Phrase(
        r"can not (?:go on|keep going|do this) (?:anymore|any more|any longer|living)", SUICIDAL
    ),
    Phrase(
        r"(?:i am|i was|i feel|feeling|felt|been|getting|get) (?:so |really |very |kind of |kinda "
        r"|a bit |pretty |super |extremely )?suicidal",
        SUICIDAL,
    ),
    Phrase(r"suicidal (?:thoughts|feelings|urges|ideation|thinking)", SUICIDAL),
    Phrase(
        r"(?:thoughts|thinking|thought|think) (?:of|about) (?:suicide|killing "
        rf"{_ME}|ending my life|taking my life)",
        SUICIDAL,
    ),
    Phrase(r"(?:commit|committing|attempt|attempting) suicide", SUICIDAL),
    Phrase(
        r"suicide (?:note|plan|attempt)|suicide is the (?:only )?(?:way|answer|option)", SUICIDAL
    ),
    Phrase(rf"(?:hang|hanging|shoot|shooting|drown|drowning) {_ME}", SUICIDAL),
    Phrase(
        r"(?:jump|jumping) (?:off|in front of) (?:a|the) (?:bridge|roof|building|train)", SUICIDAL
    ),
    Phrase(r"(?:put|putting) a gun to my head", SUICIDAL),
    Phrase(r"\bkms\b", SUICIDAL, unless_preceded_by=r"\d ?$"),  # not "ran 5 kms"
    # Self-harm
    Phrase(rf"(?:{_INTENT}|urge to|feel like) (?:hurt|harm|cut|burn) {_ME}", SELF_HARM),
    Phrase(
        rf"(?:hurting|harming|cutting|burning) {_ME}", SELF_HARM, unless_followed_by=_BY_ACCIDENT
    ),
    Phrase(rf"(?:cut|burned|burnt) {_ME}", SELF_HARM, unless_followed_by=_BY_ACCIDENT),
    Phrase(rf"(?:hurt|harm) {_ME} on purpose", SELF_HARM),
    Phrase(r"self harm(?:ing)?", SELF_HARM),
    # Overdose on purpose
    Phrase(r"(?:overdose|overdosing|od|oding) on purpose", OVERDOSE),
    Phrase(rf"{_INTENT} (?:overdose|od)\b", OVERDOSE),
    Phrase(
        r"(?:take|taking|swallow|swallowing) (?:all|every one) (?:of )?(?:my|the|these|those)"
        r" (?:pills|tablets) (?:at once|tonight|together)",
        OVERDOSE,
    ),
    Phrase(
        r"(?:take|taking|swallow|swallowing) (?:the|a) (?:whole|entire) (?:bottle|pack|box) "
        r"(?:of )?(?:pills|tablets)?",
        OVERDOSE,
    ),
    Phrase(
        r"(?:use|using|drink|drinking|shoot up|shooting up) (?:until|till|til) i "
        r"(?:die|do not wake up|never wake up|am dead)",
        OVERDOSE,
    ),
    Phrase(rf"(?:drink|drinking|use|using) {_ME} to death", OVERDOSE),
    Phrase(
        r"(?:enough|so much) (?:to|that i|so i) (?:die|kill me|not wake up|do not wake up|"
        r"never wake up|will not wake up)",
        OVERDOSE,
    ),
)

# A negation governs a phrase when only these words stand between them: "I would never EVER
# kill myself", "not going to kill myself", "don't feel like I want to die".
BRIDGE_WORDS = frozenset(
    """i am is are was were be been being do does did will would could should might may can
    going to want wanna wanted feel feeling felt like think thinking thought about of
    planning plan trying try ever even really actually seriously truly at all anymore again
    have has had any intention intend intending wish need ready it that the a this
    so just gonna having getting""".split()  # noqa: SIM905 (a word list reads better as text)
)
NEGATIONS = frozenset({"not", "never", "without", "nor", "neither"})
# "no" negates only as "no plans to …", "no thoughts of …", "no way I'd …".
NO_OBJECTS = frozenset(
    """plan plans intention intentions desire desires urge urges thought thoughts way wish
    suicidal interest""".split()  # noqa: SIM905
)
