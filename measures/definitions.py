"""Questionnaire definitions as data.

An instrument is items (each with its answer options and their values), scales (the sum or the
mean of some items, with reverse scoring where the publication asks for it), bands on a scale
(each with a plain-words meaning), and the published source. Each instrument is one small
module in measures/instruments/ that exports `DEFINITION`; the checks below run when that module
is imported, so a mistyped definition fails the first test that touches it, never a client's
result.

Band boundary rule, the same for every instrument: a band starts at its `lower` edge, which
either belongs to it (`lower_included=True`, "from 5") or not (`False`, "more than 5"). A score
falls in the last band whose lower edge it passes. Scores are compared exactly, as fractions:
a mean is never rounded before it is banded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import get_language

# A text of a definition: a plain string, or one marked for translation (gettext_lazy), read
# in the language of the page that shows it.
Text = str | Promise

CODE = re.compile(r"^[a-z0-9]{2,16}$")


class DefinitionError(ValueError):
    """A definition that cannot be scored as written."""


@dataclass(frozen=True)
class Option:
    value: int
    label: Text


@dataclass(frozen=True)
class Item:
    key: str
    text: Text
    options: tuple[Option, ...]
    # Scored as (lowest + highest − answer). None of the six shipped instruments needs it, but
    # many published scales do, and the scorer must handle it the same way for all.
    reverse: bool = False
    # A shared stem printed above a run of items (the BAM's "7. … the following drugs:").
    group: Text = ""

    @property
    def number(self) -> str:
        return self.key.upper()

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    @property
    def low(self) -> int:
        return min(self.values)

    @property
    def high(self) -> int:
        return max(self.values)

    def scored(self, answer: int) -> int:
        return self.low + self.high - answer if self.reverse else answer

    def label_of(self, answer: int) -> str:
        return next((str(o.label) for o in self.options if o.value == answer), str(answer))


@dataclass(frozen=True)
class Band:
    code: str
    label: Text
    # Neutral words, fit for the client and for a supporter with the measures scope.
    meaning: Text
    # Written as an int (or a Fraction) in a definition; always a Fraction once built.
    lower: Fraction | int
    lower_included: bool = True
    # Words for the client only: what might help now.
    advice: Text = ""
    # The publication marks this band as one to talk about with a clinician.
    attention: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", Fraction(self.lower))

    def holds(self, value: Fraction) -> bool:
        """True when `value` has passed this band's lower edge."""
        return value > self.lower or (self.lower_included and value == self.lower)


@dataclass(frozen=True)
class Scale:
    key: str
    label: Text
    items: tuple[str, ...]
    method: Literal["sum", "mean"] = "sum"
    bands: tuple[Band, ...] = ()
    # What a higher score means, in plain words.
    direction: Text = ""


@dataclass(frozen=True)
class CrisisRule:
    """An answer that must show crisis resources at once: item `item` at `at_least` or more."""

    item: str
    at_least: int


@dataclass(frozen=True)
class Definition:
    code: str
    name: Text
    short_name: str
    about: Text
    instructions: Text
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    citation: str
    scoring_source: str
    licence: str
    # The scale shown as the headline score and stored as the response's total and band;
    # None for an instrument without a total (the BAM).
    primary: str | None = "total"
    crisis: tuple[CrisisRule, ...] = ()
    default_every_days: int = 30
    default_enabled: bool = False
    minutes: int = 3
    order: int = 50
    # Choices this software made where the publication leaves room; shown in the docs.
    notes: tuple[str, ...] = field(default=())
    # Languages besides English in which the items are a published, validated version
    # (docs/measures.md cites each). In any other language the items stay in English, since a
    # questionnaire translated here, unvalidated, would not be the same instrument.
    validated_languages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check(self)

    def items_in_english_for(self, language: str | None = None) -> bool:
        """True when a page in `language` (the active one by default) shows the items in
        English because no validated version in that language is offered."""
        code = (language or get_language() or "en").split("-")[0]
        return code != "en" and code not in self.validated_languages

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    def scale(self, key: str) -> Scale:
        return next(s for s in self.scales if s.key == key)

    def range_of(self, scale: Scale) -> tuple[Fraction, Fraction]:
        items = [self.item(key) for key in scale.items]
        low, high = Fraction(sum(i.low for i in items)), Fraction(sum(i.high for i in items))
        if scale.method == "mean":
            return low / len(items), high / len(items)
        return low, high

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)

    @property
    def primary_scale(self) -> Scale | None:
        return None if self.primary is None else self.scale(self.primary)


def check(definition: Definition) -> None:
    def fail(problem: str) -> None:
        raise DefinitionError(f"{definition.code}: {problem}")

    if not CODE.match(definition.code):
        fail("the code must be 2–16 lower-case letters or digits")
    keys = [i.key for i in definition.items]
    if len(set(keys)) != len(keys) or not keys:
        fail("item keys must be unique and there must be at least one")
    for item in definition.items:
        if len(item.options) < 2 or len(set(item.values)) != len(item.values):
            fail(f"item {item.key} needs two or more options with distinct values")
    scale_keys = [s.key for s in definition.scales]
    if len(set(scale_keys)) != len(scale_keys):
        fail("scale keys must be unique")
    for scale in definition.scales:
        if not scale.items or any(key not in keys for key in scale.items):
            fail(f"scale {scale.key} names an unknown item")
        if scale.method not in ("sum", "mean"):
            fail(f"scale {scale.key} has an unknown method {scale.method!r}")
        check_bands(definition, scale, fail)
    if definition.primary is not None and definition.primary not in scale_keys:
        fail(f"primary scale {definition.primary!r} is not defined")
    for rule in definition.crisis:
        if rule.item not in keys or rule.at_least not in definition.item(rule.item).values:
            fail(f"crisis rule on item {rule.item} does not match its options")
    if definition.default_every_days < 1:
        fail("the default schedule must be at least one day")


def check_bands(definition: Definition, scale: Scale, fail: Callable[[str], None]) -> None:
    if not scale.bands:
        return
    low, high = definition.range_of(scale)
    first = scale.bands[0]
    if first.lower != low or not first.lower_included:
        fail(f"the first band of {scale.key} must start at the lowest score, {low}")
    edges = [band.lower for band in scale.bands]
    if edges != sorted(set(edges)):
        fail(f"the bands of {scale.key} must be in rising order of their lower edges")
    if edges[-1] > high:
        fail(f"a band of {scale.key} starts above the highest score, {high}")
