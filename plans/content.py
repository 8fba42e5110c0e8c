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

TRIGGER_KINDS: dict[str, str] = {
    "person": "Person",
    "place": "Place",
    "thing": "Thing",
    "feeling": "Feeling",
    "time": "Time of day or week",
    "date": "Date (anniversary, holiday)",
}
TriggerKind = Literal["person", "place", "thing", "feeling", "time", "date"]
Channel = Literal["inbox", "email"]
DEFAULT_CHANNELS: tuple[Channel, ...] = ("inbox",)
CHANNEL_WORDS: dict[str, str] = {"inbox": "in the app", "email": "by e-mail"}
LEVELS: dict[str, str] = {"watch": "Watch", "concern": "Concern", "urgent": "Urgent"}

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
        raise ValueError("a date is written MM-DD (every year) or YYYY-MM-DD (once)") from None
    return value


def dial(phone: str) -> str:
    """What a tap-to-call link dials: the digits and a leading +."""
    return "".join(c for c in phone if c.isdigit() or c == "+")


def check_phone(value: str) -> str:
    if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        raise ValueError("a phone number has digits, spaces and + ( ) - . only")
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
            raise ValueError("a date is written MM-DD or YYYY-MM-DD")
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


DEFAULT_CRISIS_LINES = [
    CrisisLine(name="988 Suicide & Crisis Lifeline", phone="988", sms=True),
    CrisisLine(name="SAMHSA National Helpline", phone="1-800-662-4357"),
]


class Commitment(Item):
    id: ItemId = ""
    label: Text
    daily: bool = False
    times_per_week: int | None = Field(None, ge=1, le=7)

    @model_validator(mode="after")
    def one_rhythm(self) -> Commitment:
        if self.daily == (self.times_per_week is not None):
            raise ValueError("choose either daily or a number of times a week")
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
            raise ValueError("a person is listed twice")
        if len(set(self.channels)) != len(self.channels):
            raise ValueError("a channel is listed twice")
        if self.membership_ids and not self.channels:
            raise ValueError("choose at least one way to tell them")
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
        default_factory=lambda: [line.model_copy() for line in DEFAULT_CRISIS_LINES],
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
            raise ValueError("people: a person is listed twice")
        known = {t.id for t in self.triggers}
        for index, strategy in enumerate(self.coping):
            unknown = [i for i in strategy.trigger_ids if i not in known]
            if unknown:
                raise ValueError(f"coping.{index}: unknown trigger id(s) {', '.join(unknown)}")
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
                raise ValueError(f"the id {item.id} is used twice")
            seen.add(item.id)
    numbers = [int(i[len(prefix) :]) for i in seen if re.fullmatch(rf"{prefix}\d+", i)]
    following = max(numbers, default=0) + 1
    for item in items:
        if not item.id:
            item.id = f"{prefix}{following}"
            seen.add(item.id)
            following += 1


SECTIONS: dict[str, str] = {
    "reasons": "My reasons for recovery",
    "triggers": "Triggers and high-risk situations",
    "warning_signs": "Early warning signs",
    "coping": "Coping strategies",
    "people": "My people, in order",
    "professional_contacts": "Professional contacts",
    "crisis_lines": "Crisis lines",
    "commitments": "Daily maintenance commitments",
    "lapse_plan": "If I slip: my lapse plan",
    "ladder": "Escalation ladder",
}


def empty() -> PlanContent:
    return PlanContent()


def frequency(commitment: Commitment) -> str:
    if commitment.daily:
        return "daily"
    times = commitment.times_per_week
    return "once a week" if times == 1 else f"{times} times a week"


def date_words(value: str | None) -> str:
    """'03-14' → '14 March, every year'; '2026-03-14' → '14 March 2026'."""
    if not value:
        return ""
    if MONTH_DAY.match(value):
        day = dt.date(2000, int(value[:2]), int(value[3:]))
        return f"{day.day} {day:%B}, every year"
    day = dt.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"
