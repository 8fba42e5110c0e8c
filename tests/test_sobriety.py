"""Sobriety: streaks across lapses, milestones and their announcement, the lapse flow in kind
words, and what supporters see."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert, Notification
from audit.models import AccessLog
from checkins.services import CheckInData, save_today
from circle.models import SUPPORTER_LABELS, Membership, Relationship, Scope
from plans.services import save_plan
from signals.services import evaluate_due, request_evaluation
from sobriety import lapses, services
from sobriety.models import Lapse, SobrietyStart
from tests.conftest import client_for, make_user

UTC = ZoneInfo("UTC")
TODAY = date(2026, 3, 10)  # in New York at the moment below
MOMENT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
SHAMING = ("fail", "reset", "relapse", "zero", "clean", "dirty", "slipped up", "again from")


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(MOMENT, tick=False)
    return MOMENT


def start(client: User, days_ago: int, substance: str = "") -> SobrietyStart:
    return services.set_start(client, TODAY - timedelta(days=days_ago), substance)


def announce_on(client: User) -> None:
    services.save_settings(client, True)


def write_lapse_plan(client: User, *steps: str) -> None:
    """The one lapse plan: the lapse plan section of the client's plan."""
    save_plan(client, client, {"lapse_plan": list(steps)})


def kind_words(text: str) -> None:
    lowered = html.unescape(text).lower()
    for word in SHAMING:
        assert word not in lowered, word


# Streaks, totals, longest


def test_it_counts_sober_days_once_they_are_over() -> None:
    (only,) = services.periods(date(2026, 1, 1), [], date(2026, 1, 1))
    assert only.days(date(2026, 1, 1)) == 0
    assert only.days(date(2026, 1, 2)) == 1


def test_it_counts_streak_total_and_longest_across_lapses(alice: User, now: datetime) -> None:
    count = services.set_start(alice, date(2026, 1, 1))
    for day in (date(2026, 1, 5), date(2026, 1, 20)):
        lapses.record_lapse(alice, day, start=count)
    (st,) = services.statuses(alice, date(2026, 2, 1))
    # 1-4 January (4), 6-19 January (14), 21-31 January (11); lapse days are not sober days.
    assert st.current_start == date(2026, 1, 21)
    assert st.current_streak == 11
    assert st.longest_streak == 14
    assert st.total_sober_days == 29
    assert st.lapse_count == 2


def test_it_keeps_counting_right_for_lapses_written_late_or_twice(
    alice: User, now: datetime
) -> None:
    count = services.set_start(alice, date(2026, 1, 1))
    lapses.record_lapse(alice, date(2026, 1, 20), start=count)
    lapses.record_lapse(alice, date(2026, 1, 5), start=count)  # written down later
    lapses.record_lapse(alice, date(2026, 1, 20), start=count)  # the same day twice
    (st,) = services.statuses(alice, date(2026, 2, 1))
    assert (st.current_streak, st.longest_streak, st.total_sober_days) == (11, 14, 29)


def test_it_starts_the_new_count_the_day_after_a_lapse_today(alice: User, now: datetime) -> None:
    start(alice, 40)
    lapses.record_lapse(alice, TODAY)
    (st,) = services.statuses(alice)
    assert st.starts_tomorrow and st.current_streak == 0
    assert st.total_sober_days == 40 and st.longest_streak == 40
    (tomorrow,) = services.statuses(alice, TODAY + timedelta(days=1))
    assert tomorrow.current_streak == 0 and not tomorrow.starts_tomorrow
    assert tomorrow.total_sober_days == 40


def test_it_keeps_a_count_per_substance(alice: User, now: datetime) -> None:
    alcohol = start(alice, 100, "alcohol")
    start(alice, 10, "cannabis")
    lapses.record_lapse(alice, TODAY - timedelta(days=3), start=alcohol)
    counts = {st.start.substance: st.current_streak for st in services.statuses(alice)}
    assert counts == {"alcohol": 2, "cannabis": 10}


def test_it_refuses_future_dates_and_lapses_before_the_start(alice: User, now: datetime) -> None:
    with pytest.raises(services.SobrietyError):
        start(alice, -1)
    count = start(alice, 5)
    with pytest.raises(services.SobrietyError) as error:
        lapses.record_lapse(alice, TODAY - timedelta(days=6), start=count)
    assert error.value.field == "date"
    with pytest.raises(services.SobrietyError):
        lapses.record_lapse(alice, TODAY + timedelta(days=1), start=count)
    assert not Lapse.objects.exists()


def test_it_starts_a_count_when_a_lapse_comes_first(alice: User, now: datetime) -> None:
    lapses.record_lapse(alice, TODAY - timedelta(days=2))
    (st,) = services.statuses(alice)
    assert st.start.substance == "" and st.current_start == TODAY - timedelta(days=1)
    assert st.current_streak == 1 and st.total_sober_days == 1


def test_it_changes_a_start_date_in_place(alice: User, now: datetime) -> None:
    first = start(alice, 10)
    again = start(alice, 20)
    assert first.pk == again.pk and again.start_date == TODAY - timedelta(days=20)


# Milestones


def test_it_lists_the_milestones() -> None:
    assert services.milestones_up_to(0) == []
    assert services.milestones_up_to(1100) == [1, 7, 14, 30, 60, 90, 180, 270, 365, 730, 1095]
    assert [services.next_milestone(d) for d in (0, 1, 6, 29, 270, 365, 731)] == [
        1,
        7,
        7,
        30,
        365,
        730,
        1095,
    ]
    labels = [services.milestone_label(d) for d in (1, 7, 14, 30, 365, 730)]
    assert labels == ["1 day", "1 week", "2 weeks", "30 days", "1 year", "2 years"]


def test_it_celebrates_a_fresh_milestone_on_home(
    as_alice: Client, alice: User, now: datetime
) -> None:
    start(alice, 30)
    body = html.unescape(as_alice.get("/").content.decode())
    assert "30 days! You reached it on Tuesday 10 March" in body
    assert "Next: 60 days, in 30 days" in body
    kind_words(body.split('id="sobriety-home"')[1].split("</section>")[0])


def test_it_announces_nothing_unless_the_client_allows_it(
    as_alice: Client, alice: User, bob_membership: Membership, now: datetime
) -> None:
    start(alice, 30)
    as_alice.get("/")
    save_today(alice, CheckInData(mood=3, craving=0, stress=0, sleep_hours=Decimal(8)))
    assert not Alert.objects.filter(kind=Alert.Kind.MILESTONE).exists()


def test_it_announces_a_milestone_once_to_sobriety_supporters_only(
    as_alice: Client,
    alice: User,
    bob: User,
    dana: User,
    bob_membership: Membership,
    dana_membership: Membership,
    now: datetime,
) -> None:
    erin = make_user("erin@example.org", "Erin")
    Membership.objects.create(
        client=alice,
        supporter=erin,
        relationship=Relationship.FAMILY,
        scopes=[Scope.CHECKIN_SUMMARY, Scope.ALERTS],
    )
    announce_on(alice)
    count = start(alice, 7)
    as_alice.get("/")
    as_alice.get("/")
    services.detect_milestones(alice)
    (alert,) = Alert.objects.filter(kind=Alert.Kind.MILESTONE)
    assert alert.subject == "Alice Anders reached 1 week of sobriety"
    assert alert.dedupe_key == f"milestone:{alice.pk}:{count.pk}.0:7"
    told = {n.recipient for n in alert.notifications.all()}
    assert told == {bob, dana}
    assert set(alert.notifications.values_list("required_scope", flat=True)) == {"sobriety"}
    kind_words(alert.subject + alert.body)


def test_it_announces_milestones_found_by_a_check_in(
    alice: User, bob_membership: Membership, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    announce_on(alice)
    start(alice, 13, "alcohol")
    time_machine.move_to(MOMENT + timedelta(days=1), tick=False)
    save_today(alice, CheckInData(mood=4, craving=1, stress=1, sleep_hours=Decimal(7)))
    milestones = Alert.objects.filter(kind=Alert.Kind.MILESTONE)
    assert not milestones.exists()  # the check-in asked for an evaluation; the loop runs it
    assert evaluate_due(timezone.now()) == 1
    (alert,) = milestones
    assert alert.subject == "Alice Anders reached 2 weeks free from alcohol"


def test_it_announces_a_milestone_on_the_daily_pass_without_a_check_in(
    alice: User, bob_membership: Membership, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    announce_on(alice)
    start(alice, 6)
    request_evaluation(alice)
    evaluate_due(timezone.now())
    milestones = Alert.objects.filter(kind=Alert.Kind.MILESTONE).order_by("id")
    assert [a.subject for a in milestones.all()] == ["Alice Anders reached 1 day of sobriety"]
    assert evaluate_due(timezone.now()) == 0  # nothing due until the next daily pass
    time_machine.move_to(MOMENT + timedelta(days=1), tick=False)  # past the next daily pass
    assert evaluate_due(timezone.now()) == 1
    assert [a.subject for a in milestones.all()][1:] == ["Alice Anders reached 1 week of sobriety"]


def test_it_does_not_announce_old_milestones(
    as_alice: Client, alice: User, bob_membership: Membership, now: datetime
) -> None:
    announce_on(alice)
    start(alice, 100)  # 90 days were reached ten days ago
    as_alice.get("/")
    assert not Alert.objects.filter(kind=Alert.Kind.MILESTONE).exists()


def test_it_celebrates_the_new_streak_after_a_lapse(
    alice: User, bob_membership: Membership, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    announce_on(alice)
    start(alice, 7)
    services.detect_milestones(alice)
    lapse = lapses.record_lapse(alice, TODAY, tell_circle=True)  # see test_sobriety_periods
    time_machine.move_to(MOMENT + timedelta(days=2), tick=False)
    services.detect_milestones(alice)
    keys = sorted(
        str(k)
        for k in Alert.objects.filter(kind=Alert.Kind.MILESTONE).values_list(
            "dedupe_key", flat=True
        )
    )
    assert keys == [
        f"milestone:{alice.pk}:{lapse.start_id}.0:7",
        f"milestone:{alice.pk}:{lapse.start_id}.{lapse.pk}:1",
    ]


# The lapse flow


def test_it_shows_the_lapse_plan_in_kind_words(
    as_alice: Client, alice: User, now: datetime
) -> None:
    write_lapse_plan(alice, "Call Sam", "Go to the 7pm meeting")
    page = as_alice.get("/sobriety/lapse/?date=2026-03-08")
    body = html.unescape(page.content.decode())
    assert "<ol><li>Call Sam</li><li>Go to the 7pm meeting</li></ol>" in body
    assert 'href="/plan/edit/lapse_plan/"' in body
    assert "A lapse is part of many recoveries" in body
    assert 'value="2026-03-08"' in body
    kind_words(body)


def test_it_offers_help_when_there_is_no_lapse_plan(as_alice: Client, now: datetime) -> None:
    body = html.unescape(as_alice.get("/sobriety/lapse/?date=nonsense").content.decode())
    assert "haven't written a lapse plan" in body and "988" in body
    assert 'href="/plan/edit/lapse_plan/">write your lapse plan</a>' in body
    assert 'value="2026-03-10"' in body
    kind_words(body)


def test_it_shows_the_plans_lapse_plan_on_the_overview(
    as_alice: Client, alice: User, now: datetime
) -> None:
    empty = html.unescape(as_alice.get("/sobriety/").content.decode())
    assert 'href="/plan/edit/lapse_plan/">Write it down in your plan</a>' in empty
    write_lapse_plan(alice, "Call Sam", "Be kind to myself")
    body = html.unescape(as_alice.get("/sobriety/").content.decode())
    assert "<ol><li>Call Sam</li><li>Be kind to myself</li></ol>" in body
    assert 'href="/plan/edit/lapse_plan/">Change my lapse plan</a>' in body
    kind_words(body.split('id="plan"')[1].split("</section>")[0])


def test_it_writes_down_a_lapse_privately_by_default(
    as_alice: Client, alice: User, bob_membership: Membership, now: datetime
) -> None:
    start(alice, 30)
    sent = as_alice.post(
        "/sobriety/lapse/",
        {"date": "2026-03-09", "what_happened": "a party", "what_learned": "leave early"},
    )
    assert sent.status_code == 302
    (lapse,) = Lapse.objects.filter(client=alice)
    assert (lapse.what_happened, lapse.told_circle) == ("a party", False)
    assert not Alert.objects.filter(kind=Alert.Kind.LAPSE).exists()
    page = as_alice.get("/sobriety/")
    body = html.unescape(page.content.decode())
    assert "Your new count runs from Tuesday 10 March" in body
    assert "a party" in body and "leave early" in body
    assert "Total sober days</dt><dd>29" in body
    kind_words(body)


def test_it_tells_sobriety_supporters_kindly_when_asked(
    as_alice: Client, alice: User, bob: User, bob_membership: Membership, now: datetime
) -> None:
    start(alice, 30)
    as_alice.post(
        "/sobriety/lapse/",
        {"date": "2026-03-09", "what_happened": "a party", "tell_circle": "on"},
    )
    (alert,) = Alert.objects.filter(kind=Alert.Kind.LAPSE)
    assert "part of many recoveries" in alert.body
    assert "a party" not in alert.body
    kind_words(alert.subject + alert.body)
    assert {n.recipient for n in alert.notifications.all()} == {bob}
    assert Notification.objects.filter(alert=alert, required_scope="sobriety").count() == 2


def test_it_lets_the_client_choose_the_count_of_a_lapse(
    as_alice: Client, alice: User, now: datetime
) -> None:
    start(alice, 30, "alcohol")
    cannabis = start(alice, 30, "cannabis")
    page = as_alice.get("/sobriety/lapse/")
    assert '<label for="id_start">' in page.content.decode()
    as_alice.post("/sobriety/lapse/", {"start": cannabis.pk, "date": "2026-03-09"})
    assert Lapse.objects.get().start == cannabis


def test_it_shows_lapse_errors_per_field(as_alice: Client, alice: User, now: datetime) -> None:
    start(alice, 5)
    sent = as_alice.post("/sobriety/lapse/", {"date": "2026-03-01"})
    assert sent.status_code == 400
    assert list(sent.context["form"].errors) == ["date"]
    future = as_alice.post("/sobriety/lapse/", {"date": "2026-03-11"})
    assert future.status_code == 400 and "future" in future.content.decode()
    assert not Lapse.objects.exists()


# Start date and settings pages


def test_it_sets_a_start_date_on_the_web(as_alice: Client, alice: User, now: datetime) -> None:
    assert as_alice.get("/sobriety/start/").status_code == 200
    sent = as_alice.post("/sobriety/start/", {"start_date": "2026-02-08", "substance": " alcohol "})
    assert sent.status_code == 302
    assert SobrietyStart.objects.get(client=alice).substance == "alcohol"
    bad = as_alice.post("/sobriety/start/", {"start_date": "2026-04-01"})
    assert bad.status_code == 400 and list(bad.context["form"].errors) == ["start_date"]
    page = html.unescape(as_alice.get("/sobriety/").content.decode())
    assert "30</strong> days since 8 February 2026" in page


def test_it_removes_only_my_own_count(as_alice: Client, alice: User, now: datetime) -> None:
    count = start(alice, 3)
    charlie_tries = client_for(make_user("c2@example.org", "C")).post(
        f"/sobriety/start/{count.pk}/remove/"
    )
    assert charlie_tries.status_code == 404
    lapses.record_lapse(alice, TODAY, start=count)
    asked = html.unescape(as_alice.get(f"/sobriety/start/{count.pk}/remove/").content.decode())
    assert "The 1 lapse written down for it will be removed too" in asked
    assert SobrietyStart.objects.exists()
    assert as_alice.post(f"/sobriety/start/{count.pk}/remove/").status_code == 302
    assert not SobrietyStart.objects.exists()


def test_it_saves_sobriety_settings(as_alice: Client, alice: User, now: datetime) -> None:
    assert services.settings_of(alice).announce_milestones is False
    page = as_alice.get("/sobriety/settings/").content.decode()
    assert 'name="lapse_plan"' not in page
    assert 'href="/plan/edit/lapse_plan/">change my lapse plan</a>' in page
    sent = as_alice.post("/sobriety/settings/", {"announce_milestones": "on"})
    assert sent.status_code == 302
    assert services.settings_of(alice).announce_milestones
    assert as_alice.post("/sobriety/settings/", {}).status_code == 302
    assert not services.settings_of(alice).announce_milestones


# What supporters see


def test_it_shows_the_streak_to_a_sobriety_supporter(
    as_bob: Client, alice: User, bob: User, now: datetime
) -> None:
    start(alice, 30)
    lapses.record_lapse(alice, TODAY - timedelta(days=10), "a party", "leave early")
    write_lapse_plan(alice, "Call Sam.")
    body = html.unescape(as_bob.get(f"/supporting/{alice.pk}/").content.decode())
    section = body.split('id="sobriety-supporter"')[1].split("</section>")[0]
    assert "9</strong> days since 1 March 2026" in section
    assert "a party" not in body and "leave early" not in body and "Call Sam." not in body
    assert AccessLog.objects.filter(viewer=bob, what__contains="sobriety count").exists()
    kind_words(section)


def test_it_shows_no_streak_without_the_sobriety_scope(alice: User, now: datetime) -> None:
    fay = make_user("fay@example.org", "Fay")
    Membership.objects.create(
        client=alice,
        supporter=fay,
        relationship=Relationship.FAMILY,
        scopes=[Scope.CHECKIN_SUMMARY],
    )
    start(alice, 30)
    body = client_for(fay).get(f"/supporting/{alice.pk}/").content.decode()
    assert 'id="sobriety-supporter"' not in body
    assert not AccessLog.objects.filter(viewer=fay, what__contains="sobriety count").exists()


def test_it_says_what_supporters_see_of_milestones_as_the_scope_does(
    as_alice: Client, alice: User, now: datetime
) -> None:
    # The scope is "sobriety count and milestones": they always see milestones; the setting
    # only decides whether they are also sent a message.
    quiet = html.unescape(as_alice.get("/sobriety/").content.decode())
    assert "not shared" not in quiet
    assert "see your milestones on their page; they are not sent a message" in quiet
    services.save_settings(alice, announce_milestones=True)
    told = html.unescape(as_alice.get("/sobriety/").content.decode())
    assert "see your milestones, and are told when you reach one" in told
    assert str(SUPPORTER_LABELS[Scope.SOBRIETY]) == "Their sobriety count and milestones"
