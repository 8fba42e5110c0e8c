"""Alerts raised by the craving tool, plan co-authoring and questionnaire reminders are
written in every language, so a reader who changes their language later reads them in the
new one (found in a browser walk: a Spanish supporter read "… would like to hear from you
now" in English)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert
from circle.models import Membership
from measures import jobs, schedules
from plans import coauthoring, services
from plans.models import PlanCoAuthor
from toolkit import craving


def test_it_writes_the_craving_tools_message_in_every_language(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    services.save_plan(alice, alice, {"reasons": ["Lily"], "people": [bob_membership.pk]})
    session = craving.start(alice, 8)
    alert = craving.message_person(alice, session.pk, bob_membership.pk)
    assert alert is not None
    english_subject, english_body = alert.words_in("en")
    spanish_subject, spanish_body = alert.words_in("es")
    assert english_subject == "Alice Anders would like to hear from you now"
    assert spanish_subject == "A Alice Anders le gustaría saber de ti ahora"
    assert spanish_body != english_body and "They chose you" not in spanish_body


def test_it_writes_a_co_authors_proposal_and_edit_in_every_language(
    alice: User, dana_membership: Membership
) -> None:
    coauthor = PlanCoAuthor.objects.create(membership=dana_membership)
    services.save_plan(alice, alice, {"reasons": ["Lily"]})
    coauthoring.propose(dana_membership, {"reasons": ["Lily", "Health"]})
    proposal = Alert.objects.get(client=alice, kind=coauthoring.KIND_PROPOSAL)
    assert proposal.words_in("es")[0] == f"{dana_membership.supporter} propuso cambios a tu plan"
    assert "Nothing changes" not in proposal.words_in("es")[1]
    coauthor.can_edit_directly = True
    coauthor.save()
    coauthoring.edit_as_coauthor(dana_membership, {"reasons": ["Lily", "Work"]})
    changed = Alert.objects.get(client=alice, kind=coauthoring.KIND_CHANGED)
    assert changed.words_in("en")[0] == f"{dana_membership.supporter} changed your plan"
    assert changed.words_in("es")[0] != changed.words_in("en")[0]
    assert "version 2" in changed.words_in("en")[1] and "2" in changed.words_in("es")[1]


def test_it_writes_a_questionnaire_reminder_in_every_language(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    start = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=False)
    schedules.ensure(alice)
    assert jobs.remind_due_measures(start + timedelta(days=1)) == 2
    reminder = Alert.objects.filter(client=alice, kind="measure_due").first()
    assert reminder is not None
    assert reminder.words_in("en")[0] == "A short questionnaire is due"
    assert reminder.words_in("es")[0] != "A short questionnaire is due"
    assert "is due" not in reminder.words_in("es")[1]
