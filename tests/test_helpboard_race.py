"""Two supporters claim the same occurrence at the same moment, each on its own database
connection: exactly one wins, and the occurrence has one row."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from circle.models import Membership, Scope
from helpboard import services
from helpboard.models import HelpOccurrence
from helpboard.services import HelpError, NeedDraft

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("row_exists", [False, True])
def test_it_lets_exactly_one_of_two_simultaneous_claims_win(
    alice: User, bob: User, dana: User, bob_membership: Membership, row_exists: bool
) -> None:
    bob_membership.scopes = [Scope.HELP]
    bob_membership.save()
    Membership.objects.create(
        client=alice, supporter=dana, relationship="therapist", scopes=[Scope.HELP]
    )
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    need = services.post_need(
        alice,
        alice.pk,
        NeedDraft(kind="ride", starts_at=start, ends_at=start + timedelta(hours=1)),
    )
    if row_exists:
        HelpOccurrence.objects.create(need=need, starts_at=need.starts_at)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def claim_as(person: User) -> None:
        try:
            barrier.wait(timeout=10)
            services.claim(person, need.pk, need.starts_at)
            outcomes[person.email] = "won"
        except HelpError as error:
            outcomes[person.email] = f"lost: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_as, args=(p,)) for p in (bob, dana)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["lost", "won"], outcomes
    row = HelpOccurrence.objects.get(need=need)
    winner = next(email for email, o in outcomes.items() if o == "won")
    assert row.claimed_by is not None and row.claimed_by.email == winner
    loser = next(o for o in outcomes.values() if o != "won")
    assert loser == f"lost: {row.claimed_by} has already offered to help with this."
