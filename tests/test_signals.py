"""Warning signals: each rule with time travel, the client first, the ladder's timing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert
from checkins.models import CheckIn, CheckInSchedule
from circle.models import Membership, Scope
from measures.services import definition, save_response
from plans.services import save_plan
from signals.models import Signal
from signals.services import (
    acknowledge,
    escalate_due,
    evaluate,
    evaluate_due,
    on_crisis,
    raise_signal,
    request_evaluation,
)
from tests.conftest import client_for

NY = ZoneInfo("America/New_York")
NOON = datetime(2026, 5, 20, 12, 0, tzinfo=NY)
TODAY = NOON.date()


def day(n: int) -> date:
    return TODAY - timedelta(days=n)


def check_in(client: User, ago: int, **values: object) -> CheckIn:
    data = {"mood": 3, "craving": 2, "stress": 3, "sleep_hours": 7, **values}
    return CheckIn.objects.create(client=client, local_date=day(ago), **data)


def fired(client: User) -> dict[str, Signal]:
    with time_machine.travel(NOON, tick=False):
        evaluate(client)
    return {s.rule: s for s in Signal.objects.filter(client=client)}


def test_it_fires_on_strong_cravings(alice: User) -> None:
    for ago, craving in enumerate([8, 2, 9, 7, 1]):
        check_in(alice, ago, craving=craving)
    signal = fired(alice)["craving_high"]
    assert signal.level == "concern"
    assert signal.explanation == (
        "Your craving was 7 or more on 3 of your last 5 check-ins (8, 2, 9, 7, 1, newest first)."
    )


def test_it_does_not_fire_on_two_strong_days(alice: User) -> None:
    for ago, craving in enumerate([8, 2, 9, 6, 1]):
        check_in(alice, ago, craving=craving)
    assert "craving_high" not in fired(alice)


def test_it_fires_on_rising_cravings(alice: User) -> None:
    for ago, craving in enumerate([6, 5, 6, 2, 2, 3, 2, 1, 2, 2]):
        check_in(alice, ago, craving=craving)
    signal = fired(alice)["craving_rising"]
    assert signal.level == "watch"
    assert "averages 5.7, up 3.7 from 2.0" in signal.explanation


def test_it_fires_on_three_low_days_in_a_row(alice: User) -> None:
    for ago, mood in enumerate([2, 1, 2, 4]):
        check_in(alice, ago, mood=mood)
    assert fired(alice)["mood_low"].explanation == (
        "Your mood was low or very low on each of the last 3 days."
    )


def test_it_needs_the_low_days_to_be_consecutive(alice: User) -> None:
    for ago, mood in [(0, 2), (1, 1), (3, 2)]:
        check_in(alice, ago, mood=mood)
    assert "mood_low" not in fired(alice)


def test_it_fires_on_short_sleep(alice: User) -> None:
    for ago, hours in enumerate([4.5, 4, 8, 3]):
        check_in(alice, ago, sleep_hours=hours)
    assert "(4.5 h, 4 h, 3 h)" in fired(alice)["sleep_short"].explanation


def test_it_fires_on_high_stress(alice: User) -> None:
    for ago, stress in enumerate([9, 8, 8, 2]):
        check_in(alice, ago, stress=stress)
    assert fired(alice)["stress_high"].level == "watch"


def test_it_fires_on_missed_checkins_only_for_daily_check_in(alice: User) -> None:
    for ago in (0, 1, 3, 5, 9):
        check_in(alice, ago)
    assert "checkins_missed" not in fired(alice)
    CheckInSchedule.objects.create(client=alice, due_time=time(20, 0))
    signal = fired(alice)["checkins_missed"]
    assert signal.level == "watch"
    assert signal.explanation == "There was no check-in on 4 of the last 7 days."


def test_it_raises_concern_for_missed_days_in_a_row(alice: User) -> None:
    CheckInSchedule.objects.create(client=alice, due_time=time(20, 0))
    check_in(alice, 6)
    assert fired(alice)["checkins_missed"].level == "concern"


def test_it_answers_reported_use_without_shame(alice: User) -> None:
    check_in(alice, 0, used=True)
    signal = fired(alice)["use_reported"]
    assert "not the end of your recovery" in signal.explanation


def test_it_fires_once_a_day_per_rule(alice: User) -> None:
    for ago in range(3):
        check_in(alice, ago, mood=1)
    fired(alice)
    fired(alice)
    assert Signal.objects.filter(rule="mood_low").count() == 1
    assert Alert.objects.filter(kind="signal", client=alice).count() == 1


def test_it_tells_the_client_first(alice: User, bob: User, bob_membership: Membership) -> None:
    for ago in range(3):
        check_in(alice, ago, mood=1)
    fired(alice)
    alert = Alert.objects.get(kind="signal")
    assert set(alert.notifications.values_list("recipient_id", flat=True)) == {alice.pk}


@pytest.fixture
def ladder(
    alice: User, bob: User, dana: User, bob_membership: Membership, dana_membership: Membership
) -> User:
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    dana_membership.scopes = [*dana_membership.scopes, Scope.ALERTS]
    dana_membership.save()
    save_plan(
        alice,
        alice,
        {
            "coping": [{"label": "Walk around the block"}, {"label": "Call my sponsor"}],
            "people": [bob_membership.pk, dana_membership.pk],
            "triggers": [{"label": "Anniversary of dad's death", "kind": "date", "date": "05-22"}],
            "ladder": {
                "concern": {
                    "membership_ids": [bob_membership.pk],
                    "channels": ["email"],
                    "delay_minutes": 120,
                },
                "urgent": {
                    "membership_ids": [dana_membership.pk],
                    "channels": ["inbox", "email"],
                    "delay_minutes": 0,
                },
            },
        },
    )
    return alice


def low_mood_signal(client: User) -> Signal:
    for ago in range(3):
        check_in(client, ago, mood=1)
    return fired(client)["mood_low"]


def test_it_escalates_after_the_ladder_delay(ladder: User, bob: User) -> None:
    signal = low_mood_signal(ladder)
    assert signal.escalate_at == NOON + timedelta(minutes=120)
    assert escalate_due(NOON + timedelta(minutes=119)) == 0
    with time_machine.travel(NOON + timedelta(minutes=120), tick=False):
        assert escalate_due(timezone.now()) == 1
        assert escalate_due(timezone.now()) == 0
        deliver_due("w")
    told = [m for m in mail.outbox if m.to == ["bob@example.org"]]
    assert [m.subject for m in told] == ["Alice Anders may need support (concern)"]
    # Only what the alerts scope covers: not the check-in details behind the signal.
    assert "mood" not in told[0].body.lower()
    assert "chose you in their relapse prevention plan" in told[0].body
    assert not bob.notifications.filter(channel="inbox").exists()  # the ladder chose e-mail


def test_it_does_not_escalate_an_acknowledged_signal(ladder: User) -> None:
    signal = low_mood_signal(ladder)
    acknowledge(ladder, signal.pk, "Talked to my sponsor already")
    assert escalate_due(NOON + timedelta(hours=3)) == 0
    signal.refresh_from_db()
    assert signal.acknowledgement_note == "Talked to my sponsor already"


def test_it_shows_the_clients_own_coping_and_people(ladder: User, as_alice: Client) -> None:
    low_mood_signal(ladder)
    with time_machine.travel(NOON, tick=False):
        page = as_alice.get("/").content.decode()
    assert "Your mood has been low for several days" in page
    assert "Walk around the block" in page and "Call my sponsor" in page
    assert "Bob Brown" in page


def test_it_warns_of_a_high_risk_date_from_the_plan(ladder: User) -> None:
    signal = fired(ladder)["high_risk_date"]
    assert signal.title == "A hard date is coming: Anniversary of dad's death"
    assert "in 2 days" in signal.explanation


def test_it_follows_the_urgent_level_on_crisis_words(ladder: User, dana: User) -> None:
    with time_machine.travel(NOON, tick=False):
        on_crisis(ladder, "suicidal ideation")
        assert escalate_due(timezone.now()) == 1
        deliver_due("w")
    signal = Signal.objects.get(rule__startswith="crisis:")
    assert signal.level == "urgent"
    assert [m.subject for m in mail.outbox if m.to == ["dana@clinic.example.org"]] == [
        "Alice Anders may need support (urgent)"
    ]


def test_it_raises_an_urgent_signal_for_phq9_item_9(ladder: User) -> None:
    answers = {str(n): 0 for n in range(1, 10)} | {"9": 1}
    save_response(ladder, "phq9", answers)
    assert Signal.objects.get(client=ladder, rule__startswith="crisis:").level == "urgent"


def test_it_compares_bam_risk_with_the_clients_own_baseline(alice: User) -> None:
    calm = {item.key: 0 for item in definition("bam").items}
    for _ in range(2):
        save_response(alice, "bam", calm)
    risky = calm | {"1": 4, "2": 4, "3": 4}
    save_response(alice, "bam", risky)
    signal = fired(alice)["bam_risk_up"]
    assert signal.level == "concern"
    assert "up from your usual 0.0" in signal.explanation


def test_it_hides_signals_from_everyone_else(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    signal = raise_signal(
        alice, "mood_low", __import__("signals.rules").rules.Finding("concern", "t", "e")
    )
    assert signal is not None
    assert client_for(bob).get(f"/signals/{signal.pk}/").status_code == 404
    assert client_for(bob).get(f"/api/v1/signals/{signal.pk}").status_code == 404
    response = client_for(alice).post(
        f"/api/v1/signals/{signal.pk}/acknowledge", {"note": "ok"}, content_type="application/json"
    )
    assert response.status_code == 200
    again = client_for(alice).post(
        f"/api/v1/signals/{signal.pk}/acknowledge", {}, content_type="application/json"
    )
    assert again.status_code == 409


# Commitments kept (ticked in the check-in; meetings attended count for meetings)


def commit_plan(client: User, days_ago: int = 10) -> None:
    """A plan with meetings 3 times a week (m1) and calling the sponsor daily (m2)."""
    with time_machine.travel(NOON - timedelta(days=days_ago), tick=False):
        save_plan(
            client,
            client,
            {
                "commitments": [
                    {"label": "Go to a meeting", "times_per_week": 3},
                    {"label": "Call my sponsor", "daily": True},
                ]
            },
        )


def test_it_fires_when_a_commitment_is_kept_under_half(alice: User) -> None:
    commit_plan(alice)
    for ago in range(8):
        check_in(alice, ago, commitments_kept=["m2"] if ago < 5 else [])
    check_in(alice, 8, commitments_kept=["m1"])  # last week's meetings do not count
    CheckIn.objects.filter(client=alice, local_date=day(2)).update(commitments_kept=["m1", "m2"])
    signal = fired(alice)["commitments_skipped"]
    assert signal.level == "watch"
    assert signal.title == "Fewer than you planned: Go to a meeting"
    assert signal.explanation.startswith(
        'Your plan says "Go to a meeting" 3 times a week; the last 7 days show 1.'
    )
    assert "Call my sponsor" not in signal.explanation  # 5 of 7 days is more than half


def test_it_names_every_commitment_kept_under_half(alice: User) -> None:
    commit_plan(alice)
    for ago in range(8):
        check_in(alice, ago, commitments_kept=["m2"] if ago in (0, 3, 6) else [])
    signal = fired(alice)["commitments_skipped"]
    assert signal.title == "Fewer than you planned: 2 of your commitments"
    assert (
        'the last 7 days show 0. Your plan says "Call my sponsor" daily; you kept it on 3 of '
        in (signal.explanation)
    )


def test_it_counts_meetings_attended_for_a_meeting_commitment(alice: User) -> None:
    commit_plan(alice)
    for ago in range(8):
        check_in(alice, ago, meeting_attended=ago in (1, 4), commitments_kept=["m2"])
    assert "commitments_skipped" not in fired(alice)


def test_it_waits_for_a_full_week_of_a_commitment(alice: User) -> None:
    commit_plan(alice, days_ago=3)  # added this week: not a full week yet
    for ago in range(8):
        check_in(alice, ago)
    assert "commitments_skipped" not in fired(alice)


def test_it_waits_for_a_full_week_of_check_ins(alice: User) -> None:
    commit_plan(alice)
    for ago in range(6):
        check_in(alice, ago)
    assert "commitments_skipped" not in fired(alice)


def test_it_notices_isolation_from_the_contact_log(alice: User, bob_membership: Membership) -> None:
    from contacts.models import ContactLog

    ContactLog.objects.create(
        client=alice,
        membership=bob_membership,
        name="Bob Brown",
        channel="call",
        at=NOON - timedelta(days=5),
    )
    signal = fired(alice)["isolation"]
    assert signal.level == "watch"
    assert "for 5 days" in signal.explanation


def test_it_stays_quiet_after_a_recent_contact(alice: User, bob_membership: Membership) -> None:
    from contacts.models import ContactLog

    ContactLog.objects.create(
        client=alice,
        membership=bob_membership,
        name="Bob Brown",
        channel="call",
        at=NOON - timedelta(days=1),
    )
    assert "isolation" not in fired(alice)


def test_it_runs_the_daily_rules_once_a_day_not_after_every_check_in(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Isolation reads no check-in: it runs in the first evaluation after 09:00 local, once."""
    looked: list[datetime] = []

    def counting(clients: list[User], now: datetime) -> list[int | None]:
        looked.append(now)
        return [None for _ in clients]

    monkeypatch.setattr("signals.contact_links.days_since_contact", counting)

    def evaluate_at(hour: int, minute: int = 0, day_: int = 10) -> None:
        moment = datetime(2026, 3, day_, hour, minute, tzinfo=NY)
        with time_machine.travel(moment, tick=False):
            request_evaluation(alice)
            assert evaluate_due(timezone.now()) == 1

    evaluate_at(8, 0)  # the first evaluation ever runs them
    evaluate_at(8, 30)  # before today's 09:00: done since yesterday's
    assert len(looked) == 1
    evaluate_at(9, 5)  # the first after today's 09:00
    evaluate_at(15, 0)
    assert len(looked) == 2
    evaluate_at(9, 0, day_=11)
    assert len(looked) == 3


def test_it_runs_the_daily_rules_at_09_00_local_across_daylight_saving(alice: User) -> None:
    """2026-03-08: New York springs forward. 09:00 local stays 09:00 on either side."""
    from signals.models import EvaluationState
    from signals.services import daily_rules_due

    def due(ran: datetime, now: datetime) -> bool:
        return daily_rules_due(EvaluationState(client=alice, daily_rules_at=ran), now)

    saturday_run = datetime(2026, 3, 7, 9, 30, tzinfo=NY)
    assert not due(saturday_run, datetime(2026, 3, 8, 8, 59, tzinfo=NY))
    assert due(saturday_run, datetime(2026, 3, 8, 9, 0, tzinfo=NY))
    sunday_run = datetime(2026, 3, 8, 9, 1, tzinfo=NY)
    assert not due(sunday_run, datetime(2026, 3, 9, 8, 59, tzinfo=NY))
    assert due(sunday_run, datetime(2026, 3, 9, 9, 0, tzinfo=NY))
