"""Sample values the access walk (tests/test_access_walk.py) uses for the URL parameters of
the meetings, events and contacts routes, and a check that they lead where the walk needs."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from circle.models import Membership
from events.models import Event
from tests.conftest import client_for


def walk_values(client: User) -> dict[str, int]:
    """An event in the client's circle that every active member is invited to; the other
    parameters point at nothing, which is enough for routes that only serve their owner."""
    start = timezone.now() + timedelta(days=2)
    event = Event.objects.create(
        client=client,
        organiser=client,
        title="Walk in the park",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    return {"event_id": event.pk, "meeting_id": 1, "feed_id": 1, "contact_id": 1}


def test_it_gives_the_walk_an_event_bob_is_invited_to(
    alice: User, bob: User, charlie: User, bob_membership: Membership
) -> None:
    url = f"/events/{walk_values(alice)['event_id']}/"
    assert client_for(bob).get(url).status_code == 200
    assert client_for(charlie).get(url).status_code == 404
