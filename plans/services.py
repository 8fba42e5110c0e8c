"""The relapse prevention plan: reading, saving (every save a version), restoring, and what
other apps read from it (the escalation ladder, commitments, high-risk dates).

Co-authors and proposals are in plans/coauthoring.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from pydantic import ValidationError

from accounts.models import User
from circle import members
from circle.models import Membership, Relationship
from circle.policy import NotVisible
from crisis.detect import CrisisMatch
from crisis.models import CrisisEvent
from crisis.services import handle_text
from plans.content import (
    LEVELS,
    SECTIONS,
    Commitment,
    CrisisLine,
    PlanContent,
    Trigger,
    default_crisis_lines,
)
from plans.models import Plan, PlanVersion
from recoverycircle.errors import ServiceError


class PlanError(ServiceError):
    """A plan action refused; the message is shown to the person as it is."""


class PlanInvalid(PlanError):
    """The content does not validate. `errors` holds (where, what) pairs for the form."""

    status = 422

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        where, what = errors[0]
        super().__init__(f"{where}: {what}" if where else what)


@dataclass
class Saved:
    version: PlanVersion
    created: bool  # False when the content equals the current version's: no new version
    crisis: CrisisMatch | None = None


@dataclass(frozen=True)
class Person:
    """One of "my people" as the plan shows them: the circle knows no phone numbers."""

    membership_id: int
    name: str
    relationship: str
    paused: bool


class LadderStep(TypedDict):
    membership_ids: list[int]
    channels: list[str]
    delay_minutes: int


# Reading


def plan_of(client: User) -> Plan | None:
    return Plan.objects.filter(client=client).first()


def versions(client: User) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan__client=client).select_related("author", "accepted_by")


def current_version(client: User) -> PlanVersion | None:
    return versions(client).first()


def version(client: User, number: int) -> PlanVersion:
    found = versions(client).filter(number=number).first()
    if found is None:
        raise NotVisible
    return found


def open_membership_ids(client: User) -> set[int]:
    """The memberships a plan may name: active or paused (a pause is not a goodbye)."""
    return members.open_ids(client)


def without_ended(content: PlanContent, open_ids: set[int]) -> PlanContent:
    """The content without people who left the circle: they are not shown, not told."""
    content = content.model_copy(deep=True)
    content.people = [i for i in content.people if i in open_ids]
    for level in LEVELS:
        step = getattr(content.ladder, level)
        step.membership_ids = [i for i in step.membership_ids if i in open_ids]
    return content


def content_of(client: User, found: PlanVersion | None = None) -> PlanContent:
    """The current content (or that of `found`) as it applies today."""
    found = found or current_version(client)
    if found is None:
        return PlanContent()
    return without_ended(PlanContent.model_validate(found.content), open_membership_ids(client))


def people_of(client: User, content: PlanContent) -> list[Person]:
    found = {m.pk: m for m in members.open_circle(client)}
    return [
        Person(
            membership_id=i,
            name=str(found[i].supporter),
            relationship=str(Relationship(found[i].relationship).label),
            paused=found[i].status == Membership.Status.PAUSED,
        )
        for i in content.people
        if i in found
    ]


def member_names(client: User) -> dict[int, str]:
    """Every membership the client ever had, named; for history and diffs of old versions."""
    return {m.pk: str(m.supporter) for m in members.everyone_ever(client)}


def crisis_lines(content: PlanContent) -> list[CrisisLine]:
    # Crisis safety first: a plan that lists no crisis line still prints the national ones.
    return content.crisis_lines or default_crisis_lines()


def top_contacts(client: User, content: PlanContent, count: int = 3) -> list[tuple[str, str]]:
    """(name, how to reach or who they are) for the wallet card: my people first, in my
    order, then professional contacts with a phone."""
    found = [(p.name, p.relationship) for p in people_of(client, content) if not p.paused]
    found += [
        (c.name, " · ".join(x for x in (c.role, c.phone) if x))
        for c in content.professional_contacts
    ]
    return found[:count]


# Saving


def validate(client: User, data: PlanContent | dict[str, Any]) -> PlanContent:
    """The content checked in full, including that every person named is in the circle."""
    try:
        content = PlanContent.model_validate(
            data.model_dump(mode="json") if isinstance(data, PlanContent) else data
        )
    except ValidationError as error:
        raise PlanInvalid(
            [
                (".".join(str(p) for p in e["loc"]), e["msg"].removeprefix("Value error, "))
                for e in error.errors()
            ]
        ) from None
    allowed = open_membership_ids(client)
    problems = [
        (f"people.{n}", not_in_circle(i)) for n, i in enumerate(content.people) if i not in allowed
    ]
    for level in LEVELS:
        problems += [
            (f"ladder.{level}.membership_ids", not_in_circle(i))
            for i in getattr(content.ladder, level).membership_ids
            if i not in allowed
        ]
    if problems:
        raise PlanInvalid(problems)
    return content


def not_in_circle(membership_id: int) -> str:
    return gettext("%(id)s is not a person in your circle") % {"id": membership_id}


def changed_sections(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    before = before or PlanContent().model_dump(mode="json")
    return [key for key in SECTIONS if before.get(key) != after.get(key)]


def plan_texts(content: PlanContent) -> list[str]:
    """Everything the plan says in the client's own words."""
    return [
        *content.reasons,
        *(t.label for t in content.triggers),
        *content.warning_signs,
        *(c.label for c in content.coping),
        *(c.label for c in content.commitments),
        *content.lapse_plan,
    ]


def save_plan(
    client: User,
    author: User,
    data: PlanContent | dict[str, Any],
    note: str = "",
    accepted_by: User | None = None,
    check_crisis: bool = True,
) -> Saved:
    """Saves the plan as a new version (unless nothing changed) and answers it.

    Text the *client* newly wrote is checked for crisis language; lines written by a
    co-author (often "if I ever feel like hurting myself, I call…") are not the client's
    words, and an unchanged line was checked when it was first saved.
    """
    content = validate(client, data)
    stored = content.model_dump(mode="json")
    with transaction.atomic():
        plan, _ = Plan.objects.get_or_create(client=client)
        # Lock the plan so two saves at once get numbers n+1 and n+2, not both n+1.
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        previous = plan.versions.first()
        if previous is not None and previous.content == stored:
            return Saved(previous, created=False)
        saved = PlanVersion.objects.create(
            plan=plan,
            number=(previous.number + 1) if previous else 1,
            content=stored,
            author=author,
            author_name=str(author)[:80],
            accepted_by=accepted_by,
            note=note.strip()[:300],
            changed_sections=changed_sections(previous.content if previous else None, stored),
        )
    match = None
    if check_crisis and author.pk == client.pk:
        old = set(plan_texts(PlanContent.model_validate(previous.content))) if previous else set()
        new = [text for text in plan_texts(content) if text not in old]
        if new:
            # The same place as the save hook's (crisis.scanning): one event per new line.
            match = handle_text(
                client, "\n\n".join(new), CrisisEvent.Source.PLAN, f"plans.Plan:{plan.pk}:content"
            )
    return Saved(saved, created=True, crisis=match)


def with_section(content: PlanContent, section: str, value: Any) -> dict[str, Any]:
    """The content as JSON with one section replaced."""
    if section not in SECTIONS:
        raise NotVisible
    data = content.model_dump(mode="json")
    data[section] = value
    return data


def save_section(client: User, author: User, section: str, value: Any, note: str = "") -> Saved:
    return save_plan(client, author, with_section(content_of(client), section, value), note)


def restore(client: User, number: int) -> Saved:
    """Makes an old version current again, as a new version: nothing in between is lost."""
    old = version(client, number)
    note = gettext("Restored version %(number)s") % {"number": number}
    return save_plan(client, client, content_of(client, old), note=note)


# What other apps read


def ladder_for(client: User) -> dict[str, LadderStep]:
    """The escalation ladder as it applies now: {"watch"|"concern"|"urgent": {membership_ids,
    channels, delay_minutes}}. Only memberships active right now are listed, so a paused or
    removed supporter is never told; the caller still checks scopes when it sends."""
    content = content_of(client)
    active = members.active_ids(client)
    ladder: dict[str, LadderStep] = {}
    for level in LEVELS:
        step = getattr(content.ladder, level)
        ladder[level] = LadderStep(
            membership_ids=[i for i in step.membership_ids if i in active],
            channels=list(step.channels),
            delay_minutes=step.delay_minutes,
        )
    return ladder


def commitments_for(client: User) -> list[Commitment]:
    """The daily maintenance commitments, for the check-in to track."""
    return content_of(client).commitments


def high_risk_dates(client: User, start: date, days: int = 14) -> list[tuple[date, Trigger]]:
    """Triggers with a date that falls within `days` from `start` (yearly dates every year)."""
    end = start + timedelta(days=days)
    found: list[tuple[date, Trigger]] = []
    for trigger in content_of(client).triggers:
        if not trigger.date:
            continue
        for when in occurrences(trigger.date, start.year):
            if start <= when < end:
                found.append((when, trigger))
    return sorted(found, key=lambda pair: pair[0])


def occurrences(value: str, year: int) -> list[date]:
    if len(value) == 10:
        return [date.fromisoformat(value)]
    month, day = int(value[:2]), int(value[3:])
    found = []
    for y in (year, year + 1):
        try:
            found.append(date(y, month, day))
        except ValueError:  # 29 February in a common year: the day before counts
            found.append(date(y, month, day - 1))
    return found


def today_of(client: User) -> date:
    return timezone.now().astimezone(client.zone).date()
