"""The daily check-in on the web: one per local day, editable that day only, validated per
field, leading into the lapse flow, history with charts, and what supporters see of it."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert
from alerts.services import notify_circle
from audit.models import AccessLog
from checkins import services
from checkins.models import CheckIn
from circle.models import Membership, Relationship, Scope
from signals.services import evaluate_due
from tests.conftest import client_for, make_user

UTC = ZoneInfo("UTC")
# 15:00 UTC on Tuesday 10 March 2026 is 11:00 in New York (daylight time).
NOON_ISH = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
NOTE = "private words only alice may read"


def form(**changes: str) -> dict[str, str]:
    data = {
        "mood": "4",
        "craving": "2",
        "stress": "3",
        "sleep_hours": "7.5",
        "coping_used": "walked the dog",
        "triggers": "payday, Payday , old friends",
        "note": NOTE,
    }
    data.update(changes)
    return data


def data(**changes: object) -> services.CheckInData:
    values: dict[str, Any] = {"mood": 3, "craving": 1, "stress": 2, "sleep_hours": Decimal("8.0")}
    values.update(changes)
    return services.CheckInData(**values)


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(NOON_ISH, tick=False)
    return NOON_ISH


# One check-in per local day


def test_it_saves_a_check_in_for_the_clients_local_day(
    as_alice: Client, alice: User, now: datetime
) -> None:
    page = as_alice.get("/checkin/")
    assert page.status_code == 200
    body = page.content.decode()
    for label in ("Very low", "Low", "Okay", "Good", "Great"):
        assert label in body
    assert '<label for="id_craving">' in body
    sent = as_alice.post("/checkin/", form(for_date="2026-03-10"))
    assert sent.status_code == 302 and sent["Location"] == "/"
    saved = CheckIn.objects.get(client=alice)
    assert saved.local_date == date(2026, 3, 10)
    assert (saved.mood, saved.craving, saved.stress) == (4, 2, 3)
    assert saved.sleep_hours == Decimal("7.5")
    assert saved.triggers == ["payday", "old friends"]
    assert saved.note == NOTE


def test_it_uses_the_local_date_not_the_utc_date(
    db: None, time_machine: TimeMachineFixture
) -> None:
    # 03:30 UTC on 11 March is still 10 March in New York, and already 11 March in Tokyo.
    time_machine.move_to(datetime(2026, 3, 11, 3, 30, tzinfo=UTC), tick=False)
    ny = make_user("ny@example.org", "Nia")
    tokyo = make_user("tokyo@example.org", "Taro", zone="Asia/Tokyo")
    auckland = make_user("akl@example.org", "Aroha", zone="Pacific/Auckland")
    days = {
        u.time_zone: services.save_today(u, data())[0].local_date for u in (ny, tokyo, auckland)
    }
    assert days == {
        "America/New_York": date(2026, 3, 10),
        "Asia/Tokyo": date(2026, 3, 11),
        "Pacific/Auckland": date(2026, 3, 11),
    }


def test_it_updates_todays_check_in_on_a_second_send(
    as_alice: Client, alice: User, now: datetime
) -> None:
    as_alice.post("/checkin/", form())
    page = as_alice.get("/checkin/")
    assert "Save changes" in page.content.decode()
    assert page.context["form"].initial["triggers"] == "payday, old friends"
    sent = as_alice.post("/checkin/", form(mood="2", note=""))
    assert sent.status_code == 302
    saved = CheckIn.objects.get(client=alice)
    assert saved.mood == 2 and saved.note == ""
    assert saved.updated_at == now


def test_it_starts_a_new_check_in_the_next_local_day(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 11, 3, 59, tzinfo=UTC), tick=False)  # 23:59 NY
    first, created = services.save_today(alice, data(mood=2))
    assert created and first.local_date == date(2026, 3, 10)
    time_machine.move_to(datetime(2026, 3, 11, 4, 1, tzinfo=UTC), tick=False)  # 00:01 NY
    second, created = services.save_today(alice, data(mood=5))
    assert created and second.local_date == date(2026, 3, 11)
    first.refresh_from_db()
    assert first.mood == 2
    assert CheckIn.objects.filter(client=alice).count() == 2


def test_it_never_changes_yesterdays_check_in(
    as_alice: Client, alice: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 11, 3, 50, tzinfo=UTC), tick=False)  # 23:50 NY
    as_alice.post("/checkin/", form(mood="3", for_date="2026-03-10"))
    opened = as_alice.get("/checkin/")
    assert 'name="for_date" value="2026-03-10"' in opened.content.decode()
    # The form opened before midnight is sent after it: refused, nothing is changed.
    time_machine.move_to(datetime(2026, 3, 11, 4, 10, tzinfo=UTC), tick=False)
    sent = as_alice.post("/checkin/", form(mood="5", for_date="2026-03-10"))
    assert sent.status_code == 400
    body = html.unescape(sent.content.decode())
    assert "past day's check-in can't be changed" in body
    assert 'name="for_date" value="2026-03-11"' in body
    assert CheckIn.objects.get(client=alice).mood == 3
    with pytest.raises(services.CheckInError):
        services.save_today(alice, data(), for_date=date(2026, 3, 10))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mood": "6"}, "mood"),
        ({"mood": "0"}, "mood"),
        ({"mood": ""}, "mood"),
        ({"craving": "11"}, "craving"),
        ({"craving": "-1"}, "craving"),
        ({"stress": "12"}, "stress"),
        ({"sleep_hours": "25"}, "sleep_hours"),
        ({"sleep_hours": "7.25"}, "sleep_hours"),
        ({"triggers": ",".join(f"t{i}" for i in range(21))}, "triggers"),
        ({"triggers": "x" * 41}, "triggers"),
    ],
)
def test_it_shows_range_errors_per_field(
    as_alice: Client, alice: User, changes: dict[str, Any], field: str
) -> None:
    sent = as_alice.post("/checkin/", form(**changes))
    assert sent.status_code == 400
    assert list(sent.context["form"].errors) == [field]
    assert 'class="field has-error"' in sent.content.decode()
    assert not CheckIn.objects.filter(client=alice).exists()


def test_it_checks_ranges_in_the_service_too(alice: User) -> None:
    for changes, field in (({"mood": 9}, "mood"), ({"craving": 11}, "craving")):
        with pytest.raises(services.CheckInError) as error:
            services.save_today(alice, data(**changes))
        assert error.value.field == field
    assert not CheckIn.objects.exists()


def test_it_asks_to_sign_in_first(db: None) -> None:
    assert Client().get("/checkin/").status_code == 302


# Used: into the lapse flow


def test_it_leads_a_check_in_with_use_into_the_lapse_form(as_alice: Client, now: datetime) -> None:
    sent = as_alice.post("/checkin/", form(used="on"))
    assert sent.status_code == 302
    assert sent["Location"] == "/sobriety/lapse/?date=2026-03-10"
    lapse_page = as_alice.get(sent["Location"])
    assert lapse_page.status_code == 200
    assert 'value="2026-03-10"' in lapse_page.content.decode()
    assert "part of many recoveries" in lapse_page.content.decode()


def test_it_does_not_ask_again_once_the_lapse_is_written(
    as_alice: Client, alice: User, now: datetime
) -> None:
    as_alice.post("/checkin/", form(used="on"))
    as_alice.post("/sobriety/lapse/", {"date": "2026-03-10", "what_happened": "x"})
    sent = as_alice.post("/checkin/", form(used="on", mood="3"))
    assert sent["Location"] == "/"


# After a missed check-in


def test_it_tells_the_circle_when_the_client_checks_in_again(
    alice: User, bob: User, bob_membership: Membership, now: datetime
) -> None:
    bob_membership.scopes = [*bob_membership.scopes, Scope.ALERTS]
    bob_membership.save()
    missed = notify_circle(
        alice,
        Alert.Kind.MISSED_CHECKIN,
        "missed",
        scope=Scope.CHECKIN_SUMMARY,
        dedupe_key="missed:test",
    )
    assert missed is not None
    services.save_today(alice, data())
    again = Alert.objects.filter(client=alice, kind=Alert.Kind.CHECKED_IN_AGAIN)
    assert not again.exists()  # the check-in's request leaves it to the evaluation it asks for
    assert evaluate_due(now) == 1
    services.save_today(alice, data(mood=4))  # an edit the same day says nothing more
    evaluate_due(now)
    assert again.count() == 1
    assert {n.recipient for n in again.get().notifications.all()} == {bob}


# History


def test_it_draws_trends_over_30_and_90_days(
    as_alice: Client, alice: User, time_machine: TimeMachineFixture
) -> None:
    for day, mood in ((1, 2), (2, 3), (4, 5)):
        time_machine.move_to(datetime(2026, 3, day, 17, 0, tzinfo=UTC), tick=False)
        services.save_today(alice, data(mood=mood, note=NOTE))
    time_machine.move_to(NOON_ISH, tick=False)
    page = as_alice.get("/checkins/history/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("<svg") == 4
    assert body.count("<title id=") == 4 and body.count("<desc id=") == 4
    assert 'aria-labelledby="chart-mood-title chart-mood-desc"' in body
    assert "Mood, 9 Feb to 10 Mar" in body
    assert "3 check-ins in 30 days. Average 3.3 (okay), lowest 2 (low), highest 5 (great)" in body
    # Days 1 and 2 are joined; day 3 has none, so day 4 stands alone as a dot.
    assert len(page.context["charts"][0].paths) == 1
    assert len(page.context["charts"][0].dots) == 3
    table = body.split("<table")[1].split("</table>")[0]
    assert "Great (5)" in table and "Low (2)" in table
    assert NOTE in body  # the client's own page shows her note
    longer = as_alice.get("/checkins/history/?days=90")
    assert "Mood, 11 Dec to 10 Mar" in longer.content.decode()
    assert as_alice.get("/checkins/history/?days=7").context["days"] == 30


def test_it_draws_an_empty_history_kindly(as_alice: Client, now: datetime) -> None:
    body = as_alice.get("/checkins/history/").content.decode()
    assert "No check-ins in these 30 days yet." in body


def test_it_keeps_chart_numbers_unlocalised(alice: User, time_machine: TimeMachineFixture) -> None:
    alice.language = "es"
    alice.save()
    for day in (9, 10):
        time_machine.move_to(datetime(2026, 3, day, 15, 0, tzinfo=UTC), tick=False)
        services.save_today(alice, data(sleep_hours=Decimal("7.5")))
    body = client_for(alice).get("/checkins/history/").content.decode()
    numbers = re.findall(r' (?:d|cx|cy|x|y|x1|x2|y1|y2)="([^"]*)"', body)
    assert numbers and not [n for n in numbers if "," in n]
    assert 'd="M' in body


# Home and supporter sections


def test_it_shows_the_check_in_on_the_clients_home(
    as_alice: Client, alice: User, now: datetime
) -> None:
    body = as_alice.get("/").content.decode()
    assert "Check in now" in body
    services.save_today(alice, data(mood=4))
    body = as_alice.get("/").content.decode()
    assert "You checked in today, feeling good" in body


def test_it_shows_today_as_missed_after_the_deadline(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), tick=False)  # 08:00 NY
    services.save_schedule(alice, time(7, 0), 30)
    assert services.today_status(alice).code == "missed"
    services.save_schedule(alice, time(20, 0), 30)
    assert services.today_status(alice).code == "not_yet"
    services.save_today(alice, data())
    assert services.today_status(alice).code == "checked_in"


def test_it_shows_a_summary_supporter_only_the_status(
    as_bob: Client, alice: User, bob: User, now: datetime
) -> None:
    services.save_today(alice, data(mood=1, coping_used="called my sponsor", note=NOTE))
    page = as_bob.get(f"/supporting/{alice.pk}/")
    body = page.content.decode()
    assert "Alice Anders checked in today" in body
    assert "Very low" not in body and "called my sponsor" not in body
    assert NOTE not in body
    [visit] = AccessLog.objects.filter(viewer=bob).values_list("what", flat=True)
    assert "check-in status" in visit and "check-in details" not in visit


def test_it_shows_a_detail_supporter_details_but_never_the_note(
    alice: User, dana: User, dana_membership: Membership, now: datetime
) -> None:
    services.save_today(
        alice,
        data(mood=1, coping_used="called my sponsor", triggers=["payday"], note=NOTE, used=True),
    )
    body = client_for(dana).get(f"/supporting/{alice.pk}/").content.decode()
    assert "Very low (1 of 5)" in body
    assert "called my sponsor" in body and "payday" in body
    assert NOTE not in body
    assert "used" not in body.lower().split("check-ins of the last")[1].split("</section>")[0]
    assert AccessLog.objects.filter(viewer=dana, what__contains="check-in details").exists()


def test_it_shows_no_check_in_section_without_the_scope(alice: User, now: datetime) -> None:
    erin = make_user("erin@example.org", "Erin")
    Membership.objects.create(
        client=alice, supporter=erin, relationship=Relationship.PEER, scopes=[Scope.SOBRIETY]
    )
    services.save_today(alice, data())
    body = client_for(erin).get(f"/supporting/{alice.pk}/").content.decode()
    assert 'id="checkin-status"' not in body and 'id="checkin-details"' not in body
    assert not AccessLog.objects.filter(viewer=erin, what__startswith="check-in").exists()


def test_it_hides_the_sections_from_a_stranger(
    as_charlie: Client, alice: User, now: datetime
) -> None:
    services.save_today(alice, data(note=NOTE))
    assert as_charlie.get(f"/supporting/{alice.pk}/").status_code == 404


def test_it_shows_crisis_resources_at_once_for_crisis_words(alice: User, as_alice: Client) -> None:
    from crisis.models import CrisisEvent

    response = as_alice.post(
        "/checkin/",
        {
            "mood": "1",
            "craving": "3",
            "stress": "9",
            "sleep_hours": "4",
            "note": "I want to kill myself tonight",
            "coping_used": "",
            "triggers": "",
        },
        follow=True,
    )
    page = response.content.decode()
    assert 'href="tel:988"' in page and "tel:18006624357" in page and 'href="tel:911"' in page
    assert CheckIn.objects.get(client=alice).note == "I want to kill myself tonight"
    assert CrisisEvent.objects.filter(client=alice, source="checkin_note").count() == 1


def test_it_does_not_alarm_on_ordinary_words(alice: User, as_alice: Client) -> None:
    response = as_alice.post(
        "/checkin/",
        {
            "mood": "3",
            "craving": "3",
            "stress": "3",
            "sleep_hours": "7",
            "note": "This craving is killing me but I went for a run",
            "coping_used": "",
            "triggers": "",
        },
        follow=True,
    )
    assert "You don't have to carry it alone" not in response.content.decode()


def test_it_answers_crisis_words_in_the_api(alice: User) -> None:
    from tests.conftest import client_for

    response = client_for(alice).put(
        "/api/v1/checkins/today",
        {"mood": 1, "craving": 2, "stress": 8, "sleep_hours": 5, "note": "no reason to live"},
        content_type="application/json",
    )
    assert response.status_code == 201
    crisis = response.json()["crisis"]
    assert crisis["crisis"] is True
    assert any(r["tel_link"] == "tel:988" for r in crisis["resources"])
