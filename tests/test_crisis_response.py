"""The crisis response never goes quiet: every crisis message escalates (the same day, after an
acknowledgement), a possible crisis asks and escalates on "yes" or silence, not on "no"; every
free-text field of every model is scanned on save or listed with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts.models import User
from alerts.reachout import reach_out
from circle.models import Membership, Scope
from circle.policy import NotVisible
from crisis import services
from crisis.models import CrisisEvent
from crisis.scanning import NOT_CLIENT_TEXT, SCANNED
from plans.services import save_plan
from recoverycircle.periodic import run_all
from signals.models import Signal
from signals.services import acknowledge, escalate_due
from sobriety.lapses import record_lapse
from tests.project import project_apps

MORNING = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 10:00 in New York


@pytest.fixture
def urgent(alice: User, dana: User, dana_membership: Membership) -> Membership:
    """Alice's plan names Dana for urgent moments, told 30 minutes after an unacknowledged
    signal."""
    dana_membership.scopes = [*dana_membership.scopes, Scope.ALERTS]
    dana_membership.save()
    save_plan(
        alice,
        alice,
        {
            "people": [dana_membership.pk],
            "ladder": {
                "urgent": {
                    "membership_ids": [dana_membership.pk],
                    "channels": ["inbox"],
                    "delay_minutes": 30,
                }
            },
        },
    )
    return dana_membership


def told(client: User) -> int:
    return (
        Signal.objects.filter(client=client, rule__startswith="crisis:")
        .exclude(escalated_at=None)
        .count()
    )


def test_it_escalates_two_crises_the_same_day(alice: User, urgent: Membership) -> None:
    with time_machine.travel(MORNING, tick=False):
        record_lapse(alice, MORNING.date(), what_happened="I want to kill myself")
    with time_machine.travel(MORNING + timedelta(hours=5), tick=False):
        reach_out(alice, "took the whole bottle of my pills")
    with time_machine.travel(MORNING + timedelta(hours=6), tick=False):
        assert escalate_due(timezone.now()) == 2
    assert told(alice) == 2
    assert CrisisEvent.objects.filter(client=alice).count() == 2


def test_it_is_not_silenced_by_acknowledging_the_first(alice: User, urgent: Membership) -> None:
    with time_machine.travel(MORNING, tick=False):
        record_lapse(alice, MORNING.date(), what_happened="I'm going to end my life")
        first = Signal.objects.get(client=alice)
        acknowledge(alice, first.pk)
    with time_machine.travel(MORNING + timedelta(hours=1), tick=False):
        reach_out(alice, "suicidal again")
    with time_machine.travel(MORNING + timedelta(hours=2), tick=False):
        assert escalate_due(timezone.now()) == 1
    second = Signal.objects.exclude(pk=first.pk).get(client=alice)
    assert second.escalated_at is not None and told(alice) == 1


def test_it_dedupes_only_the_same_words_saved_again_in_the_same_place(
    alice: User, urgent: Membership
) -> None:
    lapse = record_lapse(alice, MORNING.date(), what_happened="I want to die")
    lapse.what_learned = "call Sam sooner"
    lapse.save()
    assert CrisisEvent.objects.count() == 1
    record_lapse(alice, MORNING.date(), what_happened="I want to die")  # a new note
    assert CrisisEvent.objects.count() == 2


def possible(client: User) -> CrisisEvent:
    services.handle_text(client, "wish I could sleep and never wake up", "checkin_note", "x:1")
    return CrisisEvent.objects.get(client=client)


def test_it_asks_about_a_possible_crisis_and_escalates_on_yes(
    alice: User, urgent: Membership
) -> None:
    with time_machine.travel(MORNING, tick=False):
        event = possible(alice)
        assert event.tier == "possible" and event.waiting_for_answer
        assert told(alice) == 0 and not Signal.objects.exists()
        services.answer_question(alice, event.pk, "yes")
    assert Signal.objects.get(client=alice).level == "urgent"
    with time_machine.travel(MORNING + timedelta(minutes=31), tick=False):
        assert escalate_due(timezone.now()) == 1


@pytest.mark.parametrize(("answer", "escalates"), [(None, True), ("declined", True), ("no", False)])
def test_it_escalates_an_unanswered_question_after_the_configured_time(
    alice: User, urgent: Membership, settings: Settings, answer: str | None, escalates: bool
) -> None:
    settings.CRISIS_QUESTION_MINUTES = 10
    with time_machine.travel(MORNING, tick=False):
        event = possible(alice)
        if answer:
            services.answer_question(alice, event.pk, answer)
    with time_machine.travel(MORNING + timedelta(minutes=9), tick=False):
        run_all(timezone.now())
        assert not Signal.objects.exists()
    with time_machine.travel(MORNING + timedelta(minutes=11), tick=False):
        run_all(timezone.now())
        # A second alert loop at the same moment finds nothing left to claim.
        assert services.escalate_unanswered(timezone.now()) == 0
    assert Signal.objects.filter(client=alice).count() == (1 if escalates else 0)
    event.refresh_from_db()
    assert (event.escalated_at is not None) is escalates


def test_it_refuses_a_second_answer_and_a_question_of_someone_else(alice: User, bob: User) -> None:
    event = possible(alice)
    services.answer_question(alice, event.pk, "no")
    with pytest.raises(services.QuestionError):
        services.answer_question(alice, event.pk, "yes")
    with pytest.raises(NotVisible):
        services.answer_question(bob, event.pk, "yes")


def test_it_asks_on_the_home_page_and_takes_one_tap(as_alice: Client, alice: User) -> None:
    event = possible(alice)
    page = as_alice.get("/").content.decode()
    assert "Are you thinking about ending your life?" in page and 'href="tel:988"' in page
    sent = as_alice.post(f"/crisis/questions/{event.pk}/answer/", {"answer": "no"})
    assert sent.status_code == 302
    event.refresh_from_db()
    assert event.answer == "no" and event.question_deadline is None
    assert "Are you thinking" not in as_alice.get("/").content.decode()


def test_it_answers_over_the_api(as_alice: Client, alice: User) -> None:
    event = possible(alice)
    listed = as_alice.get("/api/v1/crisis/questions").json()
    assert [q["id"] for q in listed] == [event.pk]
    sent = as_alice.post(
        f"/api/v1/crisis/questions/{event.pk}/answer", {"answer": "maybe"}, "application/json"
    )
    assert sent.status_code == 422 and sent.json()["message"]
    sent = as_alice.post(
        f"/api/v1/crisis/questions/{event.pk}/answer", {"answer": "yes"}, "application/json"
    )
    assert sent.status_code == 200 and sent.json()["answer"] == "yes"


def test_it_shows_the_resources_after_any_save_with_crisis_words(as_alice: Client) -> None:
    sent = as_alice.post(
        "/sobriety/lapse/",
        {"date": "2026-03-10", "what_happened": "honestly i might kms tonight"},
        follow=True,
    )
    assert 'href="tel:988"' in sent.content.decode()
    assert CrisisEvent.objects.get().source == "lapse_note"


FREE_TEXT = (models.TextField, models.CharField, models.JSONField)


def test_it_scans_every_free_text_field_or_says_why_not() -> None:
    """A new free-text field anywhere in the project fails here until it is registered in
    crisis.scanning.SCANNED or listed in NOT_CLIENT_TEXT with its reason."""
    # Every app of this project (not Django's or a library's), so a new app is covered at once.
    ours = {config.label for config in project_apps()}
    unscanned = []
    for model in apps.get_models():
        if model._meta.app_label not in ours:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, FREE_TEXT) or getattr(field, "choices", None):
                continue
            if isinstance(field, models.EmailField | models.URLField):
                continue  # an address, checked as one
            name = f"{model._meta.label}.{field.name}"
            scanned = field.name in SCANNED.get(model._meta.label, {})
            if not scanned and name not in NOT_CLIENT_TEXT:
                unscanned.append(name)
    assert unscanned == []


@pytest.mark.parametrize("label", sorted(SCANNED))
def test_it_registers_only_real_fields(label: str) -> None:
    model = apps.get_model(label)
    for name in SCANNED[label]:
        assert isinstance(model._meta.get_field(name), FREE_TEXT)


def test_it_shows_a_questionnaire_crisis_in_words_with_people_to_call(
    as_alice: Client, alice: User, urgent: Membership
) -> None:
    from measures.services import save_response

    save_plan(
        alice,
        alice,
        {
            "people": [urgent.pk],
            "coping": [{"label": "Automatic transfer of pay to savings"}],
            "professional_contacts": [
                {"name": "Dr. Nair", "role": "therapist", "phone": "555 0100"}
            ],
        },
    )
    save_response(alice, "phq9", {str(n): 0 for n in range(1, 10)} | {"9": 1})
    signal = Signal.objects.get(client=alice)
    page = as_alice.get(f"/signals/{signal.pk}/").content.decode()
    assert "measures:" not in page and "You wrote" not in signal.title
    assert "PHQ-9" in signal.title and "dead or of hurting yourself" in signal.explanation
    assert "Automatic transfer" not in page
    assert 'href="tel:5550100"' in page and "Dana" in page and 'href="tel:988"' in page


def test_it_asks_no_question_when_the_same_words_are_already_clear(
    alice: User, urgent: Membership
) -> None:
    with time_machine.travel(MORNING, tick=False):
        reach_out(alice, "I can't do this anymore, I want to die")
    events = CrisisEvent.objects.filter(client=alice)
    assert [e.tier for e in events] == ["clear"]
