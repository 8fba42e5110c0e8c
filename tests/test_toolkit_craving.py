"""The craving tool: a use logged from start to finish, what it shows from the plan, one-tap
messages to the plan's people, the history section, and the craving signal rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert, Notification
from checkins.models import CheckIn
from circle.models import Membership
from circle.policy import NotVisible
from crisis.models import CrisisEvent
from plans.services import save_plan
from recoverycircle import registry
from signals.models import EvaluationState, Signal
from signals.services import evaluate
from tests.conftest import client_for
from toolkit import craving, services
from toolkit.models import CravingSession
from toolkit.signal_rules import CRAVING_TOOL_RULE

NOW = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)  # 19:00 in New York


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def planned(alice: User, bob_membership: Membership, dana_membership: Membership) -> User:
    save_plan(
        alice,
        alice,
        {
            "reasons": ["Be there for Lily"],
            "triggers": [
                {"id": "t1", "label": "Friday payday", "kind": "time"},
                {"id": "t2", "label": "Feeling lonely", "kind": "feeling"},
            ],
            "coping": [
                {"id": "c1", "label": "Pay goes to savings", "trigger_ids": ["t1"]},
                {"id": "c2", "label": "Call Bob", "trigger_ids": ["t2"]},
            ],
            "people": [bob_membership.pk, dana_membership.pk],
            "professional_contacts": [
                {"name": "Dr. Diaz", "role": "Therapist", "phone": "555 0100"}
            ],
        },
    )
    return alice


def test_it_logs_a_use_from_start_to_finish(clock: time_machine.Traveller, planned: User) -> None:
    session = craving.start(planned, 8, "t2")
    assert (session.trigger_label, session.trigger_kind) == ("Feeling lonely", "feeling")
    assert craving.open_session(planned) == session
    clock.shift(timedelta(minutes=20))
    done = craving.finish(planned, session.pk, 3, "passed", "Call Bob", "Better now")
    found = CravingSession.objects.get()
    assert (found.craving_start, found.craving_end, found.outcome) == (8, 3, "passed")
    assert found.strategy_tried == "Call Bob" and found.ended_at == NOW + timedelta(minutes=20)
    assert done.crisis is None and craving.open_session(planned) is None
    # Finishing asks for an evaluation of the warning-signal rules.
    assert EvaluationState.objects.get(client=planned).next_evaluation_at <= found.ended_at


def test_it_refuses_finishing_twice_and_keeps_the_first(planned: User) -> None:
    session = craving.start(planned, 8)
    craving.finish(planned, session.pk, 3, "passed")
    with pytest.raises(services.ToolkitError) as refused:
        craving.finish(planned, session.pk, 9, "strong")
    assert refused.value.status == 409
    assert CravingSession.objects.get().craving_end == 3


@pytest.mark.parametrize("value", [-1, 11, True, "7", 7.5])
def test_it_refuses_a_rating_outside_0_to_10(planned: User, value: object) -> None:
    with pytest.raises(services.ToolkitError) as refused:
        craving.start(planned, value)  # type: ignore[arg-type]  # wrong types on purpose
    assert refused.value.field == "craving_start"
    assert not CravingSession.objects.exists()


def test_it_refuses_an_unknown_trigger_or_outcome(planned: User) -> None:
    with pytest.raises(services.ToolkitError):
        craving.start(planned, 5, "t9")
    session = craving.start(planned, 5)
    with pytest.raises(services.ToolkitError) as refused:
        craving.finish(planned, session.pk, 2, "fine")
    assert refused.value.field == "outcome"
    assert CravingSession.objects.get().ended_at is None


def test_it_keeps_a_use_private_to_the_client(planned: User, bob: User) -> None:
    session = craving.start(planned, 5)
    with pytest.raises(NotVisible):
        craving.session_of(bob, session.pk)
    with pytest.raises(NotVisible):
        craving.finish(bob, session.pk, 1, "passed")


def test_it_scans_the_note_for_crisis_language(planned: User) -> None:
    session = craving.start(planned, 9)
    done = craving.finish(planned, session.pk, 9, "strong", note="I want to end my life")
    assert done.crisis is not None
    assert CrisisEvent.objects.filter(client=planned, source="craving_tool").exists()
    assert CravingSession.objects.get().note == "I want to end my life"


def test_it_shows_the_plans_strategies_for_the_trigger_picked(
    planned: User, bob: User, bob_membership: Membership
) -> None:
    strategy = services.share(bob, planned.pk, "Text a friend", "Any friend.", ["feeling"])
    services.adopt(planned, strategy.strategy.pk, ["t2"])
    box = craving.toolbox(planned, craving.start(planned, 6, "t2"))
    assert [s.label for s in box.strategies] == ["Call Bob", "Text a friend"]
    assert box.strategies[1].credit == "Bob Brown"
    assert box.reasons == ["Be there for Lily"]
    assert all("feeling" in s.trigger_kinds for s in box.ideas)
    assert [p.name for p in box.people] == ["Bob Brown", "Dana Diaz"]
    assert box.phones[0].tel == "5550100" and box.phones[1].tel == "988"
    payday = craving.toolbox(planned, craving.start(planned, 6, "t1"))
    assert [s.label for s in payday.strategies] == ["Pay goes to savings"]


def test_it_messages_one_person_once_per_use(
    planned: User, bob: User, bob_membership: Membership
) -> None:
    session = craving.start(planned, 8)
    alert = craving.message_person(planned, session.pk, bob_membership.pk)
    assert alert is not None and alert.subject == "Alice Anders would like to hear from you now"
    assert "craving" not in alert.body.lower()  # the client tells what they want to tell
    assert set(Notification.objects.filter(alert=alert).values_list("recipient", flat=True)) == {
        bob.pk
    }
    assert craving.message_person(planned, session.pk, bob_membership.pk) is None
    assert Alert.objects.filter(kind="reach_out").count() == 1
    assert CravingSession.objects.get().contacted == [bob_membership.pk]


def test_it_refuses_messaging_someone_off_the_plan_or_paused(
    planned: User, charlie: User, bob_membership: Membership
) -> None:
    session = craving.start(planned, 8)
    other = Membership.objects.create(client=planned, supporter=charlie, relationship="friend")
    with pytest.raises(services.ToolkitError):
        craving.message_person(planned, session.pk, other.pk)
    bob_membership.status = "paused"
    bob_membership.save()
    with pytest.raises(services.ToolkitError):
        craving.message_person(planned, session.pk, bob_membership.pk)
    assert not Alert.objects.filter(kind="reach_out").exists()


def test_it_suggests_the_plans_strategies_after_a_risky_check_in(planned: User) -> None:
    web = client_for(planned)
    home = web.get("/").content.decode()
    assert "I&#x27;m craving right now" in home or "I'm craving right now" in home
    assert "After today" not in home
    CheckIn.objects.create(
        client=planned,
        local_date=timezone.now().astimezone(planned.zone).date(),
        mood=2,
        craving=8,
        stress=5,
        sleep_hours=6,
        triggers=["friday payday"],
    )
    home = web.get("/").content.decode()
    section = home[home.index('id="craving-home"') :].split("</section>")[0]
    assert "After today" in section and "Pay goes to savings" in section
    assert "Call Bob" not in section  # linked to another trigger than the one met


def test_it_leaves_the_craving_button_off_a_supporters_home(
    bob: User, bob_membership: Membership
) -> None:
    assert "craving right now" not in client_for(bob).get("/").content.decode()


# Pages


def test_it_runs_the_tool_as_plain_forms(
    clock: time_machine.Traveller, planned: User, bob_membership: Membership
) -> None:
    web = client_for(planned)
    start = web.get("/craving/").content.decode()
    assert "Be there for Lily" in start and "Friday payday" in start
    response = web.post("/craving/", {"craving_start": "8", "trigger_id": "t1"})
    session = CravingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/craving/{session.pk}/"
    page = web.get(response["Location"]).content.decode()
    assert "Pay goes to savings" in page and 'href="tel:988"' in page
    assert "19:20" in page  # stay with it until 20 minutes after the start, local time
    assert "js/craving-timer" in page and "<script>" not in page
    message = web.post(f"/craving/{session.pk}/message/{bob_membership.pk}/")
    assert message.status_code == 302
    assert "asked to get in touch" in web.get(response["Location"]).content.decode()
    done = web.post(
        f"/craving/{session.pk}/finish/",
        {"craving_end": "2", "outcome": "eased", "strategy_tried": "Pay goes to savings"},
    )
    assert done.status_code == 302 and done["Location"] == "/checkins/history/"
    history = web.get(done["Location"]).content.decode()
    assert "Craving tool" in history and "Pay goes to savings (1)" in history


def test_it_keeps_a_bad_start_or_finish_on_the_form(planned: User) -> None:
    web = client_for(planned)
    assert web.post("/craving/", {"craving_start": "12"}).status_code == 400
    assert not CravingSession.objects.exists()
    session = craving.start(planned, 5)
    response = web.post(f"/craving/{session.pk}/finish/", {"craving_end": "3"})
    assert response.status_code == 400 and "How did it go?" in response.content.decode()
    assert CravingSession.objects.get().ended_at is None


def test_it_offers_the_lapse_page_without_blame_after_a_use(planned: User) -> None:
    session = craving.start(planned, 9)
    response = client_for(planned).post(
        f"/craving/{session.pk}/finish/", {"craving_end": "2", "outcome": "used"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/sobriety/lapse/")


def test_it_says_so_when_a_use_was_already_finished(planned: User) -> None:
    session = craving.start(planned, 9)
    craving.finish(planned, session.pk, 2, "passed")
    web = client_for(planned)
    response = web.post(
        f"/craving/{session.pk}/finish/", {"craving_end": "9", "outcome": "strong"}, follow=True
    )
    assert "You already finished this one." in response.content.decode()
    assert CravingSession.objects.get().craving_end == 2


# The craving signal rule


def test_it_adds_the_craving_rule_to_the_signal_rules_once() -> None:
    assert [r.code for r in registry.signal_rules].count("craving_tool") == 1
    assert CRAVING_TOOL_RULE in registry.signal_rules


def test_it_signals_a_craving_still_strong_after_the_tool(
    clock: time_machine.Traveller, planned: User
) -> None:
    session = craving.start(planned, 9, "t2")
    clock.shift(timedelta(minutes=20))
    craving.finish(planned, session.pk, 8, "strong")
    fired = {s.rule: s for s in evaluate(planned)}
    signal = fired["craving_tool"]
    assert signal.level == "concern"
    assert "8 of 10 (9 at the start)" in signal.explanation and "19:00" in signal.explanation


def test_it_signals_a_craving_tool_used_often(clock: time_machine.Traveller, planned: User) -> None:
    for hours in (40, 20, 1):
        session = craving.start(planned, 6, now=NOW - timedelta(hours=hours))
        craving.finish(planned, session.pk, 2, "passed", now=NOW - timedelta(hours=hours - 1))
    signal = Signal.objects.get(
        pk=next(s.pk for s in evaluate(planned) if s.rule == "craving_tool")
    )
    assert signal.level == "watch" and "3 times in the last 3 days" in signal.explanation


def test_it_stays_quiet_when_the_tool_worked(clock: time_machine.Traveller, planned: User) -> None:
    session = craving.start(planned, 9)
    craving.finish(planned, session.pk, 2, "passed")
    assert "craving_tool" not in {s.rule for s in evaluate(planned)}
