"""The demo circle's toolkit: Sam and Alex share what helped them, Jordan adopts Sam's
strategy and one from the library into the plan, and has used the craving tool twice."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from circle.services import circle_of
from toolkit import craving, services
from toolkit.models import CravingSession, Outcome, Strategy

SHARED = {
    "sponsor": (
        "The parking-lot ten minutes",
        "On payday I drove straight to the gym and sat in the parking lot for ten minutes "
        "before deciding anything. Most Fridays, by the end of the ten minutes I went in, or "
        "drove home. I still do it on the bad ones.",
        ["time", "place"],
        "",
    ),
    "friend": (
        "Cook something with your hands",
        "When I'm lonely at night I cook something that takes attention: chopping, stirring, "
        "tasting. Half an hour later the evening feels different, and there's food.",
        ["feeling", "time"],
        "Alex",
    ),
}


def at(client: User, days_ago: int, hour: int, minute: int) -> datetime:
    day = timezone.now().astimezone(client.zone).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=client.zone)


@transaction.atomic
def fill_demo_toolkit(client: User) -> None:
    """Once: a client who already has craving-tool uses or shared strategies is left alone."""
    services.load_library()
    if CravingSession.objects.filter(client=client).exists():
        return
    members = {m.relationship: m for m in circle_of(client)}
    shared: dict[str, Strategy] = {}
    for relationship, (title, how_to, kinds, alias) in SHARED.items():
        if relationship in members:
            sharer = members[relationship].supporter
            found = services.share(sharer, client.pk, title, how_to, kinds, alias)
            shared[relationship] = found.strategy
    if "sponsor" in shared:
        services.adopt(client, shared["sponsor"].pk, ["t1"], "Ten minutes in the parking lot")
    surfing = Strategy.objects.get(key="urge-surfing")
    services.adopt(client, surfing.pk, ["t4"], "Urge surfing: ride it for 20 minutes")
    used(client, 9, (19, 5), (7, 4), "t1", Outcome.EASED, "Ten minutes in the parking lot")
    used(client, 3, (22, 40), (8, 2), "t4", Outcome.PASSED, "Urge surfing: ride it for 20 minutes")


def used(
    client: User,
    days_ago: int,
    clock: tuple[int, int],
    ratings: tuple[int, int],
    trigger_id: str,
    outcome: str,
    tried: str,
) -> None:
    started = at(client, days_ago, *clock)
    session = craving.start(client, ratings[0], trigger_id, now=started)
    people = [m for m in circle_of(client) if m.relationship == "sponsor"]
    if people and outcome == Outcome.PASSED:
        craving.message_person(client, session.pk, people[0].pk)
    craving.finish(
        client, session.pk, ratings[1], outcome, tried, now=started + timedelta(minutes=20)
    )
