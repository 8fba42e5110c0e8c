"""What changed between two plan contents, section by section, in words people read.

Items with an id (triggers, coping strategies, commitments) are matched by id, so editing one
shows as "changed", not "removed and added". Plain lists (reasons, warning signs, lapse steps)
are compared with difflib; the order of "my people" counts.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext

from plans.content import (
    CHANNEL_WORDS,
    LEVELS,
    SECTIONS,
    TRIGGER_KINDS,
    Commitment,
    Coping,
    CrisisLine,
    PlanContent,
    Trigger,
    date_words,
    frequency,
)
from recoverycircle.humane import after


@dataclass
class SectionDiff:
    key: str
    title: str | Promise
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    reordered: bool = False

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.reordered)


def describe_trigger(t: Trigger) -> str:
    words = {"label": t.label, "kind": str(TRIGGER_KINDS[t.kind]).lower(), "n": t.intensity}
    if t.date:
        return gettext("%(label)s (%(kind)s, intensity %(n)s of 5, %(date)s)") % {
            **words,
            "date": date_words(t.date),
        }
    return gettext("%(label)s (%(kind)s, intensity %(n)s of 5)") % words


def describe_coping(c: Coping, triggers: dict[str, str]) -> str:
    answers = [triggers.get(i, i) for i in c.trigger_ids]
    if not answers:
        return c.label
    return gettext("%(label)s (for: %(triggers)s)") % {
        "label": c.label,
        "triggers": ", ".join(answers),
    }


def describe_commitment(c: Commitment) -> str:
    return gettext("%(label)s (%(often)s)") % {"label": c.label, "often": frequency(c)}


def describe_line(line: CrisisLine, short: bool = False) -> str:
    """A crisis line with its number, and whether it takes texts too."""
    words = {"name": line.name, "phone": line.phone}
    if not line.sms:
        return gettext("%(name)s: %(phone)s") % words
    if short:
        return gettext("%(name)s: %(phone)s (call/text)") % words
    return gettext("%(name)s: %(phone)s (call or text)") % words


def channel_words(channels: list[str]) -> str:
    """'in the app and by e-mail' (a level has at most the two channels)."""
    words = [str(CHANNEL_WORDS[c]) for c in channels]
    if len(words) == 2:
        return gettext("%(first)s and %(second)s") % {"first": words[0], "second": words[1]}
    return ", ".join(words)


def lines(content: PlanContent, section: str, names: dict[int, str]) -> list[tuple[str, str]]:
    """The section as (key, words) pairs; the key is "" for items without an identity."""
    triggers = {t.id: t.label for t in content.triggers}

    def person(i: int) -> str:
        return names.get(i, gettext("someone who left the circle (#%(id)s)") % {"id": i})

    if section in ("reasons", "warning_signs", "lapse_plan"):
        return [("", text) for text in getattr(content, section)]
    if section == "triggers":
        return [(t.id, describe_trigger(t)) for t in content.triggers]
    if section == "coping":
        return [(c.id, describe_coping(c, triggers)) for c in content.coping]
    if section == "commitments":
        return [(c.id, describe_commitment(c)) for c in content.commitments]
    if section == "people":
        return [(str(i), person(i)) for i in content.people]
    if section == "professional_contacts":
        return [
            ("", ", ".join(x for x in (c.name, c.role, c.phone) if x))
            for c in content.professional_contacts
        ]
    if section == "crisis_lines":
        return [("", describe_line(c)) for c in content.crisis_lines]
    if section == "ladder":
        found = []
        for level, title in LEVELS.items():
            step = getattr(content.ladder, level)
            who = ", ".join(person(i) for i in step.membership_ids) or gettext("nobody")
            words = gettext("%(level)s: tell %(who)s %(how)s %(after)s without my answer") % {
                "level": title,
                "who": who,
                "how": channel_words(step.channels),
                "after": after(step.delay_minutes),
            }
            found.append((level, words))
        return found
    raise KeyError(section)


def diff_section(key: str, old: list[tuple[str, str]], new: list[tuple[str, str]]) -> SectionDiff:
    result = SectionDiff(key, SECTIONS[key])
    if any(k for k, _ in old + new):
        before, after = dict(old), dict(new)
        result.added = [text for k, text in new if k not in before]
        result.removed = [text for k, text in old if k not in after]
        result.changed = [(before[k], text) for k, text in new if k in before and before[k] != text]
        common_old = [k for k, _ in old if k in after]
        common_new = [k for k, _ in new if k in before]
        result.reordered = key == "people" and common_old != common_new
        return result
    a, b = [text for _, text in old], [text for _, text in new]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "replace":
            pairs = min(i2 - i1, j2 - j1)
            result.changed += list(zip(a[i1 : i1 + pairs], b[j1 : j1 + pairs], strict=True))
            result.removed += a[i1 + pairs : i2]
            result.added += b[j1 + pairs : j2]
        elif tag == "delete":
            result.removed += a[i1:i2]
        elif tag == "insert":
            result.added += b[j1:j2]
    return result


def diff_contents(
    old: PlanContent | dict[str, Any] | None,
    new: PlanContent | dict[str, Any],
    names: dict[int, str],
) -> list[SectionDiff]:
    """The sections that differ, in plan order."""
    before = as_content(old)
    after = as_content(new)
    found = []
    for key in SECTIONS:
        section = diff_section(key, lines(before, key, names), lines(after, key, names))
        if not section.empty:
            found.append(section)
    return found


def as_content(value: PlanContent | dict[str, Any] | None) -> PlanContent:
    if value is None:
        # Against nothing, every item is new; an empty plan still has default crisis lines
        # and ladder, which are not changes anyone made.
        return PlanContent()
    if isinstance(value, PlanContent):
        return value
    return PlanContent.model_validate(value)
