"""A realistic filled plan for the demo client, written in three versions like a real one:
first alone, then with more sections, then a change proposed by the therapist and accepted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from circle import members
from circle.models import Membership, Relationship, Scope
from plans import coauthoring, services
from plans.models import Plan, PlanCoAuthor, PlanVersion


def members_by_relationship(client: User) -> dict[str, Membership]:
    found: dict[str, Membership] = {}
    for m in members.active_circle(client):
        found.setdefault(m.relationship, m)
    return found


def first_version() -> dict[str, Any]:
    return {
        "reasons": [
            "Be there for my daughter Lily, every weekend, fully present",
            "Keep my job and finish the electrician apprenticeship",
            "Wake up without shame or dread",
        ],
        "triggers": [
            {"id": "t1", "label": "Friday payday", "kind": "time", "intensity": 4},
            {
                "id": "t2",
                "label": "Driving past the Blue Anchor bar",
                "kind": "place",
                "intensity": 4,
            },
            {
                "id": "t3",
                "label": "Arguments with my ex about custody",
                "kind": "person",
                "intensity": 5,
            },
            {
                "id": "t4",
                "label": "Feeling lonely late at night",
                "kind": "feeling",
                "intensity": 3,
            },
            {
                "id": "t5",
                "label": "Anniversary of Dad's death",
                "kind": "date",
                "intensity": 5,
                "date": "11-02",
            },
        ],
        "warning_signs": [
            "Skipping meetings because 'I'm too tired'",
            "Sleeping less than six hours",
            "Telling myself one beer at the game is fine",
            "Not answering Sam's calls",
        ],
    }


def second_version(people: list[int]) -> dict[str, Any]:
    return {
        "coping": [
            {
                "id": "c1",
                "label": "Set up an automatic transfer of pay to savings",
                "trigger_ids": ["t1"],
            },
            {"id": "c2", "label": "Take the Route 9 way home from work", "trigger_ids": ["t2"]},
            {
                "id": "c3",
                "label": "Talk to my ex only by text, and wait an hour to answer",
                "trigger_ids": ["t3"],
            },
            {
                "id": "c4",
                "label": "Call Sam or go to the 10 pm online meeting",
                "trigger_ids": ["t4", "t3"],
            },
            {
                "id": "c5",
                "label": "Visit Dad's grave with Mom in the morning, not alone",
                "trigger_ids": ["t5"],
            },
        ],
        "people": people,
        "commitments": [
            {"id": "m1", "label": "Go to a meeting", "times_per_week": 3},
            {"id": "m2", "label": "Call my sponsor", "daily": True},
            {"id": "m3", "label": "Daily check-in in the app", "daily": True},
        ],
        "lapse_plan": [
            "Stop. One drink is a lapse, not a relapse.",
            "Get somewhere safe and away from more.",
            "Call Sam within the hour, even if it's late.",
            "Write down what happened and what came before it.",
            "Go to a meeting tomorrow and tell the truth.",
        ],
    }


def therapist_version() -> dict[str, Any]:
    return {
        "warning_signs": [
            "Skipping meetings because 'I'm too tired'",
            "Sleeping less than six hours",
            "Telling myself one beer at the game is fine",
            "Not answering Sam's calls",
            "Romanticising the old days with friends from the bar",
            "Getting irritable with Lily over small things",
        ],
        "professional_contacts": [
            {"name": "Dr. Priya Nair", "role": "Therapist", "phone": "(555) 013-2480"},
            {
                "name": "Eastside Recovery Clinic",
                "role": "Outpatient program",
                "phone": "555-013-9000",
            },
        ],
    }


@transaction.atomic
def fill_demo_plan(client: User) -> Plan:
    """Writes the demo plan once; a plan that already has versions is left as it is."""
    plan, _ = Plan.objects.get_or_create(client=client)
    if PlanVersion.objects.filter(plan=plan).exists():
        return plan
    by_role = members_by_relationship(client)
    order = [Relationship.SPONSOR, Relationship.FAMILY, Relationship.FRIEND, Relationship.THERAPIST]
    people = [by_role[r].pk for r in order if r in by_role]

    content = first_version()
    saved = services.save_plan(client, client, content, "First draft", check_crisis=False)
    content = saved.version.content | second_version(people)
    ladder_people = {r: by_role[r].pk for r in by_role}
    content["ladder"] = {
        "watch": {
            "membership_ids": [ladder_people[r] for r in ("sponsor",) if r in ladder_people],
            "channels": ["inbox"],
            "delay_minutes": 720,
        },
        "concern": {
            "membership_ids": [
                ladder_people[r] for r in ("sponsor", "family") if r in ladder_people
            ],
            "channels": ["inbox", "email"],
            "delay_minutes": 120,
        },
        "urgent": {
            "membership_ids": [
                ladder_people[r] for r in ("sponsor", "family", "therapist") if r in ladder_people
            ],
            "channels": ["inbox", "email"],
            "delay_minutes": 15,
        },
    }
    services.save_plan(client, client, content, "Coping, people and lapse plan", check_crisis=False)

    therapist = by_role.get(Relationship.THERAPIST)
    if therapist is not None and Scope.PLAN in therapist.scopes:
        PlanCoAuthor.objects.get_or_create(membership=therapist)
        current = services.content_of(client).model_dump(mode="json")
        proposal = coauthoring.propose(
            therapist, current | therapist_version(), "Added from our session on Tuesday"
        )
        coauthoring.accept(client, proposal.pk)
    else:
        current = services.content_of(client).model_dump(mode="json")
        services.save_plan(client, client, current | therapist_version(), check_crisis=False)
    spread_in_time(plan)
    return plan


def spread_in_time(plan: Plan) -> None:
    """Dates the versions a few weeks apart, as a plan grows in real life."""
    now = timezone.now()
    for n, found in enumerate(PlanVersion.objects.filter(plan=plan).order_by("-number")):
        PlanVersion.objects.filter(pk=found.pk).update(created_at=now - timedelta(days=12 * n))
