"""The content of a relapse prevention plan, validated with pydantic.

One JSON document per version. Sections follow the Marlatt–Gordon model (high-risk situations,
coping responses, lapse vs relapse) laid out like a WRAP plan. Items that other items point
at (triggers, coping strategies, commitments) carry a short stable id, so a coping strategy can
name the triggers it answers and a diff can tell "changed" from "removed and added".

Whether membership ids belong to the client's circle needs the database; plans.services
checks that before saving.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
ItemId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9_-]{0,32}$")]

TRIGGER_KINDS: dict[str, str | Promise] = {
    "person": _("Person"),
    "place": _("Place"),
    "thing": _("Thing"),
    "feeling": _("Feeling"),
    "time": _("Time of day or week"),
    "date": _("Date (anniversary, holiday)"),
}
TriggerKind = Literal["person", "place", "thing", "feeling", "time", "date"]
Channel = Literal["inbox", "email"]
DEFAULT_CHANNELS: tuple[Channel, ...] = ("inbox",)
CHANNEL_WORDS: dict[str, str | Promise] = {"inbox": _("in the app"), "email": _("by e-mail")}
LEVELS: dict[str, str | Promise] = {
    "watch": pgettext_lazy("signal level", "Watch"),
    "concern": pgettext_lazy("signal level", "Concern"),
    "urgent": pgettext_lazy("signal level", "Urgent"),
}

PHONE = re.compile(r"^\+?[0-9 ()./-]{3,30}$")
MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def check_date(value: str) -> str:
    yearly = MONTH_DAY.match(value)
    try:
        if yearly:
            # 2000 is a leap year, so an anniversary on 02-29 is accepted.
            dt.date(2000, int(yearly[1]), int(yearly[2]))
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
        else:
            raise ValueError(value)
    except ValueError:
        raise ValueError(
            gettext("a date is written MM-DD (every year) or YYYY-MM-DD (once)")
        ) from None
    return value


def dial(phone: str) -> str:
    """What a tap-to-call link dials: the digits and a leading +."""
    return "".join(c for c in phone if c.isdigit() or c == "+")


def check_phone(value: str) -> str:
    if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        raise ValueError(gettext("a phone number has digits, spaces and + ( ) - . only"))
    return value


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Trigger(Item):
    id: ItemId = ""
    label: Text
    kind: TriggerKind
    intensity: int = Field(3, ge=1, le=5, description="1 = mild, 5 = the strongest")
    date: str | None = Field(
        None, description='A high-risk date: "MM-DD" every year, or "YYYY-MM-DD" once'
    )

    @field_validator("date", mode="before")
    @classmethod
    def clean_date(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise ValueError(gettext("a date is written MM-DD or YYYY-MM-DD"))
        return check_date(value.strip())


class Coping(Item):
    id: ItemId = ""
    label: Text
    trigger_ids: list[ItemId] = Field(default_factory=list, max_length=50)


class ProfessionalContact(Item):
    name: Name
    role: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30)] = ""

    @field_validator("phone")
    @classmethod
    def clean_phone(cls, value: str) -> str:
        return check_phone(value)

    @property
    def tel(self) -> str:
        return dial(self.phone)


class CrisisLine(Item):
    name: Name
    phone: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=30)]
    sms: bool = False

    @field_validator("phone")
    @classmethod
    def clean_phone(cls, value: str) -> str:
        return check_phone(value)

    @property
    def tel(self) -> str:
        return dial(self.phone)


def default_crisis_lines() -> list[CrisisLine]:
    """The lines every new plan starts with, named in the language of the person writing it."""
    return [
        CrisisLine(name=gettext("988 Suicide & Crisis Lifeline"), phone="988", sms=True),
        CrisisLine(name=gettext("SAMHSA National Helpline"), phone="1-800-662-4357"),
    ]


class Commitment(Item):
    id: ItemId = ""
    label: Text
    daily: bool = False
    times_per_week: int | None = Field(None, ge=1, le=7)

    @model_validator(mode="after")
    def one_rhythm(self) -> Commitment:
        if self.daily == (self.times_per_week is not None):
            raise ValueError(gettext("choose either daily or a number of times a week"))
        return self


class LadderLevel(Item):
    membership_ids: list[int] = Field(default_factory=list, max_length=20)
    channels: list[Channel] = Field(default_factory=lambda: list(DEFAULT_CHANNELS), max_length=2)
    delay_minutes: int = Field(
        60, ge=0, le=7 * 24 * 60, description="Minutes without my acknowledgement first"
    )

    @model_validator(mode="after")
    def sensible(self) -> LadderLevel:
        if len(set(self.membership_ids)) != len(self.membership_ids):
            raise ValueError(gettext("a person is listed twice"))
        if len(set(self.channels)) != len(self.channels):
            raise ValueError(gettext("a channel is listed twice"))
        if self.membership_ids and not self.channels:
            raise ValueError(gettext("choose at least one way to tell them"))
        return self


class Ladder(Item):
    watch: LadderLevel = Field(default_factory=lambda: LadderLevel(delay_minutes=12 * 60))
    concern: LadderLevel = Field(
        default_factory=lambda: LadderLevel(channels=["inbox", "email"], delay_minutes=120)
    )
    urgent: LadderLevel = Field(
        default_factory=lambda: LadderLevel(channels=["inbox", "email"], delay_minutes=15)
    )


class PlanContent(Item):
    reasons: list[Text] = Field(default_factory=list, max_length=30)
    triggers: list[Trigger] = Field(default_factory=list, max_length=50)
    warning_signs: list[Text] = Field(default_factory=list, max_length=50)
    coping: list[Coping] = Field(default_factory=list, max_length=50)
    people: list[int] = Field(
        default_factory=list, max_length=20, description="Circle membership ids, in order"
    )
    professional_contacts: list[ProfessionalContact] = Field(default_factory=list, max_length=20)
    crisis_lines: list[CrisisLine] = Field(
        default_factory=default_crisis_lines,
        max_length=10,
    )
    commitments: list[Commitment] = Field(default_factory=list, max_length=20)
    lapse_plan: list[Text] = Field(default_factory=list, max_length=20)
    ladder: Ladder = Field(default_factory=Ladder)

    @model_validator(mode="after")
    def consistent(self) -> PlanContent:
        for prefix, items in (("t", self.triggers), ("c", self.coping), ("m", self.commitments)):
            assign_ids(prefix, items)
        if len(set(self.people)) != len(self.people):
            raise ValueError(gettext("people: a person is listed twice"))
        known = {t.id for t in self.triggers}
        for index, strategy in enumerate(self.coping):
            unknown = [i for i in strategy.trigger_ids if i not in known]
            if unknown:
                raise ValueError(
                    gettext("coping.%(index)s: unknown trigger id(s) %(ids)s")
                    % {"index": index, "ids": ", ".join(unknown)}
                )
            strategy.trigger_ids = list(dict.fromkeys(strategy.trigger_ids))
        return self

    def membership_ids(self) -> set[int]:
        ids = set(self.people)
        for level in LEVELS:
            ids.update(getattr(self.ladder, level).membership_ids)
        return ids


def assign_ids(prefix: str, items: list[Trigger] | list[Coping] | list[Commitment]) -> None:
    """Gives new items (blank id) the next free id, and refuses an id used twice."""
    seen: set[str] = set()
    for item in items:
        if item.id:
            if item.id in seen:
                raise ValueError(gettext("the id %(id)s is used twice") % {"id": item.id})
            seen.add(item.id)
    numbers = [int(i[len(prefix) :]) for i in seen if re.fullmatch(rf"{prefix}\d+", i)]
    following = max(numbers, default=0) + 1
    for item in items:
        if not item.id:
            item.id = f"{prefix}{following}"
            seen.add(item.id)
            following += 1


SECTIONS: dict[str, str | Promise] = {
    "reasons": _("My reasons for recovery"),
    "triggers": _("Triggers and high-risk situations"),
    "warning_signs": _("Early warning signs"),
    "coping": _("Coping strategies"),
    "people": _("My people, in order"),
    "professional_contacts": _("Professional contacts"),
    "crisis_lines": _("Crisis lines"),
    "commitments": _("Daily maintenance commitments"),
    "lapse_plan": _("If I slip: my lapse plan"),
    "ladder": _("Escalation ladder"),
}


def empty() -> PlanContent:
    return PlanContent()


def frequency(commitment: Commitment) -> str:
    if commitment.daily:
        return gettext("daily")
    times = commitment.times_per_week or 1
    if times == 1:
        return gettext("once a week")
    return ngettext("%(times)s time a week", "%(times)s times a week", times) % {"times": times}


def date_words(value: str | None) -> str:
    """'03-14' → '14 March, every year'; '2026-03-14' → '14 March 2026'."""
    if not value:
        return ""
    if MONTH_DAY.match(value):
        day = dt.date(2000, int(value[:2]), int(value[3:]))
        return gettext("%(day)s, every year") % {"day": date_format(day, gettext("j F"))}
    return date_format(dt.date.fromisoformat(value), gettext("j F Y"))
