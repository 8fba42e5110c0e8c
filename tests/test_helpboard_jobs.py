"""Help board jobs: the reminder to whoever offered, and "still needed" raised again to the
circle (and the client told), each once per occurrence, at the right moment."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts.models import User
from alerts.models import Alert, Notification
from circle.models import Membership, Scope
from helpboard import reminders, services
from helpboard.jobs import help_board
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import Repeat
from helpboard.services import NeedDraft
from recoverycircle import registry

NY = ZoneInfo("America/New_York")
SUNDAY = datetime(2026, 3, 1, 9, 0, tzinfo=NY)
TUESDAY_6PM = datetime(2026, 3, 3, 18, 0, tzinfo=NY)
NEXT_TUESDAY_6PM = datetime(2026, 3, 10, 18, 0, tzinfo=NY)


@pytest.fixture
def circle(
    alice: User, bob: User, dana: User, bob_membership: Membership, dana_membership: Membership
) -> User:
    for membership in (bob_membership, dana_membership):
        membership.scopes = [*membership.scopes, Scope.HELP]
        membership.save()
    return alice


def post(client: User, when: datetime = TUESDAY_6PM, repeat: Repeat | None = None) -> HelpNeed:
    return services.post_need(
        client,
        client.pk,
        NeedDraft(
            kind="meal",
            title="dinner",
            starts_at=when,
            ends_at=when.replace(hour=when.hour + 1),
            repeat=repeat,
        ),
    )


def run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return help_board(timezone.now())


def kinds_to(person: User, kind: str) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=person, channel="inbox", alert__kind=kind
        ).values_list("alert__subject", flat=True)
    )


def test_it_is_a_registered_periodic_job() -> None:
    assert help_board in registry.periodic_jobs


def test_it_reminds_the_helper_two_hours_before(circle: User, bob: User, dana: User) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        need = post(circle)
        services.claim(bob, need.pk, TUESDAY_6PM)
    run_at(datetime(2026, 3, 3, 15, 59, tzinfo=NY))
    assert kinds_to(bob, "help_reminder") == []
    run_at(datetime(2026, 3, 3, 16, 0, tzinfo=NY))
    assert kinds_to(bob, "help_reminder") == ["Reminder: A meal: dinner for Alice Anders"]
    reminder = Alert.objects.get(kind="help_reminder")
    assert set(reminder.notifications.values_list("recipient", "channel")) == {
        (bob.pk, "inbox"),
        (bob.pk, "email"),
    }
    assert reminder.notifications.get(channel="email").required_scope == "help"
    run_at(datetime(2026, 3, 3, 16, 30, tzinfo=NY))
    run_at(datetime(2026, 3, 3, 17, 59, tzinfo=NY))
    assert Alert.objects.filter(kind="help_reminder").count() == 1
    assert kinds_to(dana, "help_reminder") == []


def test_it_follows_the_reminder_setting(circle: User, bob: User, settings: Settings) -> None:
    settings.HELP_REMINDER_HOURS = 5
    with time_machine.travel(SUNDAY, tick=False):
        need = post(circle)
        services.claim(bob, need.pk, TUESDAY_6PM)
    run_at(datetime(2026, 3, 3, 12, 59, tzinfo=NY))
    assert kinds_to(bob, "help_reminder") == []
    run_at(datetime(2026, 3, 3, 13, 0, tzinfo=NY))
    assert len(kinds_to(bob, "help_reminder")) == 1


def test_it_does_not_remind_someone_who_just_offered(circle: User, bob: User) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        need = post(circle)
    with time_machine.travel(datetime(2026, 3, 3, 17, 0, tzinfo=NY), tick=False):
        services.claim(bob, need.pk, TUESDAY_6PM)
    run_at(datetime(2026, 3, 3, 17, 1, tzinfo=NY))
    assert kinds_to(bob, "help_reminder") == []


def test_it_raises_an_unclaimed_need_again_a_day_before(
    circle: User, alice: User, bob: User, dana: User
) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        post(circle)
    assert run_at(datetime(2026, 3, 2, 17, 59, tzinfo=NY)) == 1  # only the row is made
    assert kinds_to(bob, "help_unclaimed") == []
    run_at(datetime(2026, 3, 2, 18, 0, tzinfo=NY))
    subject = "Still needed: A meal: dinner for Alice Anders"
    assert kinds_to(bob, "help_unclaimed") == [subject]
    assert kinds_to(dana, "help_unclaimed") == [subject]
    assert kinds_to(alice, "help_unclaimed") == ["Nobody has offered yet: A meal: dinner"]
    assert run_at(datetime(2026, 3, 2, 18, 0, 1, tzinfo=NY)) == 0
    run_at(datetime(2026, 3, 3, 12, 0, tzinfo=NY))
    assert len(kinds_to(bob, "help_unclaimed")) == 1


def test_it_raises_each_occurrence_of_a_recurring_need_once(circle: User, bob: User) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        need = post(circle, repeat=Repeat())
        services.claim(bob, need.pk, TUESDAY_6PM)
    run_at(datetime(2026, 3, 2, 18, 0, tzinfo=NY))
    assert kinds_to(bob, "help_unclaimed") == []  # the first Tuesday has a helper
    run_at(datetime(2026, 3, 9, 17, 59, tzinfo=NY))
    assert kinds_to(bob, "help_unclaimed") == []
    # 9 March is after the switch to daylight time: still 24 hours before 18:00 local.
    run_at(datetime(2026, 3, 9, 18, 0, tzinfo=NY))
    run_at(datetime(2026, 3, 9, 18, 0, 1, tzinfo=NY))
    assert len(kinds_to(bob, "help_unclaimed")) == 1
    raised = HelpOccurrence.objects.exclude(raised_at=None).get()
    assert raised.starts_at == NEXT_TUESDAY_6PM


def test_it_gives_a_need_posted_late_half_its_time_first(circle: User, bob: User) -> None:
    with time_machine.travel(datetime(2026, 3, 3, 8, 0, tzinfo=NY), tick=False):
        post(circle)  # ten hours ahead
    run_at(datetime(2026, 3, 3, 8, 0, 5, tzinfo=NY))
    run_at(datetime(2026, 3, 3, 12, 59, tzinfo=NY))
    assert kinds_to(bob, "help_unclaimed") == []
    run_at(datetime(2026, 3, 3, 13, 0, tzinfo=NY))
    assert len(kinds_to(bob, "help_unclaimed")) == 1


def test_it_leaves_cancelled_and_past_needs_alone(circle: User, alice: User, bob: User) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        need = post(circle)
        services.claim(bob, need.pk, TUESDAY_6PM)
        services.cancel_need(alice, need.pk)
        post(circle, when=datetime(2026, 3, 1, 12, 0, tzinfo=NY))
    run_at(datetime(2026, 3, 3, 16, 0, tzinfo=NY))
    assert kinds_to(bob, "help_reminder") == []
    assert kinds_to(bob, "help_unclaimed") == []


def test_it_makes_occurrence_rows_once_per_day_and_need(circle: User) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        need = post(circle, repeat=Repeat(weekdays=(0, 1, 2, 3, 4)))
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=NY), tick=False):
        assert reminders.materialize(timezone.now()) == 1  # Tue 18:00; Wed 18:00 is later
        assert reminders.materialize(timezone.now()) == 0
    need.refresh_from_db()
    assert need.materialized_until == datetime(2026, 3, 4, 9, 0, tzinfo=NY)
    assert HelpOccurrence.objects.count() == 1
