"""The alert loop's evaluations in batches: the same inputs and findings as one client's
evaluation, a fixed number of queries whatever the batch's size, and a claim no two loops
share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from alerts.texts import in_every_language
from checkins.models import CheckIn, CheckInSchedule
from circle.models import Membership, Relationship, Scope
from contacts.services import ContactDraft, log_contact
from measures.services import definition, save_response
from plans.services import save_plan
from recoverycircle import registry
from signals import batch
from signals.models import EvaluationState, Signal
from signals.rules import Context, Finding
from signals.services import (
    COUNTS,
    SIGNALLED_TODAY,
    build_context,
    evaluate_due,
    request_evaluation,
)
from sobriety.lapses import record_lapse
from sobriety.services import set_start, statuses
from tests.conftest import make_user

NY = ZoneInfo("America/New_York")
NOON = datetime(2026, 5, 20, 12, 0, tzinfo=NY)
TODAY = NOON.date()


def check_in(client: User, ago: int, **values: object) -> None:
    data = {"mood": 3, "craving": 2, "stress": 3, "sleep_hours": Decimal(7), **values}
    CheckIn.objects.create(client=client, local_date=TODAY - timedelta(days=ago), **data)


@pytest.fixture
def crowd(alice: User, bob: User, bob_membership: Membership) -> list[User]:
    """Clients with a bit of everything the rules read, in three time zones."""
    with time_machine.travel(NOON - timedelta(days=20), tick=False):
        save_plan(
            alice,
            alice,
            {
                "people": [bob_membership.pk],
                "triggers": [{"label": "Dad's birthday", "kind": "date", "date": "05-21"}],
                "commitments": [{"label": "Call my sponsor", "daily": True}],
            },
        )
        set_start(alice, TODAY - timedelta(days=60))
    for ago, craving in enumerate([8, 2, 9, 7, 1, 1, 2, 1, 2, 2]):
        check_in(alice, ago, craving=craving, mood=1 if ago < 3 else 3)
    record_lapse(alice, TODAY - timedelta(days=5), end_date=TODAY - timedelta(days=4))
    tokyo = make_user("tokyo@example.org", "Toshi", zone="Asia/Tokyo")
    CheckInSchedule.objects.create(client=tokyo, due_time=time(20, 0))
    check_in(tokyo, 30)  # a long silence, counted from a check-in outside the window
    berlin = make_user("berlin@example.org", "Bea", zone="Europe/Berlin")
    calm = {item.key: 0 for item in definition("bam").items}
    for answers in (calm, calm, calm | {"1": 4, "2": 4, "3": 4}):
        save_response(berlin, "bam", answers)
    friend = Membership.objects.create(
        client=berlin, supporter=bob, relationship=Relationship.FRIEND, scopes=[Scope.ALERTS]
    )
    log_contact(berlin, ContactDraft("call", friend.pk), now=NOON - timedelta(days=5))
    quiet = make_user("quiet@example.org", "Quinn")
    return [alice, tokyo, berlin, quiet]


def findings(contexts: Mapping[int, Context]) -> dict[int, list[tuple[str, object]]]:
    """Each rule's finding, its words written (in every language) to compare them."""
    rules = list(registry.signal_rules)
    return {
        client_id: [(rule.code, written(rule.check(context))) for rule in rules]
        for client_id, context in contexts.items()
    }


def written(finding: Finding | None) -> object:
    if finding is None:
        return None
    words = in_every_language(finding.title, finding.explanation)
    return replace(finding, title="", explanation=""), words


def test_it_reads_for_a_batch_what_one_evaluation_reads(crowd: list[User]) -> None:
    with time_machine.travel(NOON, tick=False):
        now = timezone.now()
        read = batch.read_batch(crowd, now, daily={c.pk for c in crowd})
        alone = {c.pk: build_context(c, now) for c in crowd}
        for client in crowd:
            together, single = read[client.pk], alone[client.pk]
            assert together.today == single.today
            assert together.checkins == single.checkins
            assert together.checks_in_daily == single.checks_in_daily
            assert together.earlier_checkin == single.earlier_checkin
            assert together.extra[COUNTS] == statuses(client, together.today)
            assert together.extra[SIGNALLED_TODAY] == set()
        # Same findings, though the batch read everything beforehand.
        assert findings(read) == findings(alone)
    fired = {rule for rules in findings(read).values() for rule, found in rules if found}
    # The crowd is built so that the batch has something to find in each kind of input.
    assert {"craving_high", "mood_low", "high_risk_date", "checkins_missed"} <= fired
    assert {"bam_risk_up", "isolation"} <= fired


def test_it_evaluates_a_batch_in_the_same_number_of_queries_whatever_its_size(
    alice: User,
) -> None:
    def queries_for(clients: int) -> int:
        people = [make_user(f"c{clients}-{n}@example.org", f"C {n}") for n in range(clients)]
        for person in people:
            CheckIn.objects.create(
                client=person, local_date=TODAY, mood=3, craving=2, stress=3, sleep_hours=7
            )
        with time_machine.travel(NOON, tick=False):
            for person in people:
                request_evaluation(person)
            with CaptureQueriesContext(connection) as captured:
                assert evaluate_due(timezone.now()) == clients
        return len(captured.captured_queries)

    assert queries_for(3) == queries_for(30)


def test_it_lets_one_loop_claim_an_evaluation(crowd: list[User]) -> None:
    with time_machine.travel(NOON, tick=False):
        for client in crowd:
            request_evaluation(client)
        now = timezone.now()
        first, lease = batch.claim(now, 10)
        second, _ = batch.claim(now, 10)
    assert len(first) == len(crowd) and second == []
    assert set(EvaluationState.objects.values_list("next_evaluation_at", flat=True)) == {lease}


def test_it_evaluates_one_by_one_when_reading_the_batch_fails(
    crowd: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("the database went away for a moment")

    monkeypatch.setattr(batch, "read_batch", broken)
    with time_machine.travel(NOON, tick=False):
        for client in crowd:
            request_evaluation(client)
        assert evaluate_due(timezone.now()) == len(crowd)
    assert Signal.objects.filter(client=crowd[0], rule="craving_high").exists()


def test_it_does_not_raise_a_signal_twice_in_a_day(crowd: list[User]) -> None:
    for moment in (NOON, NOON + timedelta(hours=3)):
        with time_machine.travel(moment, tick=False):
            for client in crowd:
                request_evaluation(client)
            assert evaluate_due(timezone.now()) == len(crowd)
    rules = list(Signal.objects.filter(client=crowd[0]).values_list("rule", flat=True))
    assert sorted(rules) == sorted(set(rules)) and "craving_high" in rules
    assert Signal.objects.count() == Signal.objects.values("client", "rule").distinct().count()


def test_it_checks_a_batch_for_the_isolation_nudge_in_the_same_number_of_queries(
    bob: User,
) -> None:
    """The nudge runs in the same loop, between evaluations: its reads are per batch too."""
    from contacts import nudge

    def queries_for(clients: int) -> int:
        for n in range(clients):
            person = make_user(f"n{clients}-{n}@example.org", f"N {n}")
            Membership.objects.create(
                client=person, supporter=bob, relationship=Relationship.FRIEND, scopes=[]
            )
        with CaptureQueriesContext(connection) as captured:
            nudge.run(NOON)
        # Per client: its one small write (when to look again), in the batch's transaction.
        return len(captured.captured_queries) - clients

    assert queries_for(3) == queries_for(30)
