"""A lapse from the check-in: "I used today" writes the lapse down with the check-in (web and
API), so the count changes at once; the lapse page is offered for more, in kind words."""

from __future__ import annotations

import html
import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Alert
from circle.models import Membership
from sobriety import services
from sobriety.lapses import change_lapse, record_lapse
from sobriety.models import Lapse
from tests.test_sobriety import kind_words

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

NY = ZoneInfo("America/New_York")
MOMENT = datetime(2026, 3, 10, 18, 0, tzinfo=NY)
TODAY = MOMENT.date()
CHECKIN = {"mood": "2", "craving": "8", "stress": "7", "sleep_hours": "5", "for_date": "2026-03-10"}


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(MOMENT, tick=False)
    return MOMENT


@pytest.fixture
def counting(alice: User, now: datetime) -> User:
    services.set_start(alice, TODAY - timedelta(days=30))
    return alice


def text_of(page: _MonkeyPatchedWSGIResponse) -> str:
    return " ".join(html.unescape(strip_tags(page.content.decode())).split())


def api_check_in(web: Client, used: bool, for_date: date = TODAY) -> _MonkeyPatchedWSGIResponse:
    body = {"mood": 2, "craving": 8, "stress": 7, "sleep_hours": 5, "used": used}
    return web.put(
        "/api/v1/checkins/today",
        json.dumps({**body, "for_date": for_date.isoformat()}),
        content_type="application/json",
    )


def test_it_writes_the_lapse_down_with_the_check_in_on_the_web(
    as_alice: Client, counting: User
) -> None:
    sent = as_alice.post("/checkin/", {**CHECKIN, "used": "on"}, follow=True)
    lapse = Lapse.objects.get(client=counting)
    assert (lapse.date, lapse.end_date, lapse.told_circle) == (TODAY, TODAY, False)
    assert sent.redirect_chain[-1][0] == reverse("sobriety:edit_lapse", args=[lapse.pk])
    page = text_of(sent)
    assert "It is written down with your check-in" in page
    assert "every sober day you had still counts" in page
    kind_words(page)
    # The count changed at once, before any evaluation ran.
    (st,) = services.statuses(counting)
    assert st.starts_tomorrow and st.total_sober_days == 30
    assert "Your new count starts tomorrow" in text_of(as_alice.get("/"))


def test_it_does_not_write_it_twice_when_the_check_in_changes(
    as_alice: Client, counting: User
) -> None:
    as_alice.post("/checkin/", {**CHECKIN, "used": "on"})
    again = as_alice.post("/checkin/", {**CHECKIN, "used": "on", "mood": "3"})
    assert again.status_code == 302 and again["Location"] == reverse("home")
    assert Lapse.objects.count() == 1


def test_it_takes_the_lapse_back_when_used_is_unticked(as_alice: Client, counting: User) -> None:
    as_alice.post("/checkin/", {**CHECKIN, "used": "on"})
    as_alice.post("/checkin/", CHECKIN)
    assert not Lapse.objects.exists()
    (st,) = services.statuses(counting)
    assert st.current_streak == 30


def test_it_keeps_a_lapse_the_client_wrote_about(as_alice: Client, counting: User) -> None:
    as_alice.post("/checkin/", {**CHECKIN, "used": "on"})
    lapse = Lapse.objects.get()
    change_lapse(counting, lapse.pk, TODAY, what_happened="an old friend came by")
    as_alice.post("/checkin/", CHECKIN)
    assert Lapse.objects.get().what_happened == "an old friend came by"


def test_it_makes_days_of_use_in_a_row_one_lapse(
    as_alice: Client, counting: User, time_machine: TimeMachineFixture
) -> None:
    as_alice.post("/checkin/", {**CHECKIN, "used": "on"})
    time_machine.move_to(MOMENT + timedelta(days=1), tick=False)
    tomorrow = TODAY + timedelta(days=1)
    as_alice.post("/checkin/", {**CHECKIN, "used": "on", "for_date": tomorrow.isoformat()})
    lapse = Lapse.objects.get()
    assert (lapse.date, lapse.end_date, lapse.days) == (TODAY, tomorrow, 2)
    (st,) = services.statuses(counting)
    assert st.starts_tomorrow and st.total_sober_days == 30


def test_it_offers_the_lapse_page_without_a_count(
    as_alice: Client, alice: User, now: datetime
) -> None:
    sent = as_alice.post("/checkin/", {**CHECKIN, "used": "on"})
    assert sent["Location"] == f"{reverse('sobriety:lapse')}?date=2026-03-10"
    assert not Lapse.objects.exists()


def test_it_writes_the_lapse_down_with_the_check_in_in_the_api(
    as_alice: Client, counting: User
) -> None:
    sent = api_check_in(as_alice, used=True)
    assert sent.status_code == 201, sent.content
    lapse = Lapse.objects.get()
    assert sent.json()["lapse_id"] == lapse.pk
    assert sent.json()["lapse_form_url"] == reverse("sobriety:edit_lapse", args=[lapse.pk])
    (count,) = as_alice.get("/api/v1/sobriety").json()["counts"]
    assert count["current_start"] == "2026-03-11" and count["lapse_count"] == 1
    calm = api_check_in(as_alice, used=False)
    assert calm.status_code == 200 and calm.json()["lapse_id"] is None
    assert not Lapse.objects.exists()


def test_it_changes_and_removes_a_lapse_on_the_web(
    as_alice: Client, counting: User, bob: User, bob_membership: Membership
) -> None:
    as_alice.post("/checkin/", {**CHECKIN, "used": "on"})
    lapse = Lapse.objects.get()
    page = as_alice.get(reverse("sobriety:edit_lapse", args=[lapse.pk]))
    assert page.status_code == 200 and 'value="2026-03-10"' in page.content.decode()
    form = {"date": "2026-03-09", "end_date": "2026-03-10", "what_happened": "a long weekend"}
    saved = as_alice.post(reverse("sobriety:edit_lapse", args=[lapse.pk]), {**form})
    assert saved.status_code == 302
    lapse.refresh_from_db()
    assert (lapse.date, lapse.end_date, lapse.what_happened) == (
        date(2026, 3, 9),
        TODAY,
        "a long weekend",
    )
    assert not Alert.objects.filter(kind=Alert.Kind.LAPSE).exists()
    as_alice.post(reverse("sobriety:edit_lapse", args=[lapse.pk]), {**form, "tell_circle": "on"})
    as_alice.post(reverse("sobriety:edit_lapse", args=[lapse.pk]), {**form, "tell_circle": "on"})
    (told,) = Alert.objects.filter(kind=Alert.Kind.LAPSE)
    assert "from Monday 9 March to Tuesday 10 March" in told.body
    assert "a long weekend" not in told.body
    kind_words(told.subject + told.body)
    bad = as_alice.post(
        reverse("sobriety:edit_lapse", args=[lapse.pk]), {**form, "end_date": "2026-03-08"}
    )
    assert bad.status_code == 400 and list(bad.context["form"].errors) == ["end_date"]
    assert as_alice.get(reverse("sobriety:remove_lapse", args=[lapse.pk])).status_code == 200
    as_alice.post(reverse("sobriety:remove_lapse", args=[lapse.pk]))
    assert not Lapse.objects.exists()
    (st,) = services.statuses(counting)
    assert st.current_streak == 30


def test_it_changes_and_removes_a_lapse_in_the_api(as_alice: Client, counting: User) -> None:
    api_check_in(as_alice, used=True)
    lapse = Lapse.objects.get()
    url = f"/api/v1/sobriety/lapses/{lapse.pk}"
    body = {"date": "2026-03-08", "end_date": "2026-03-10", "what_learned": "call Sam first"}
    changed = as_alice.put(url, json.dumps(body), content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["days"], changed.json()["what_learned"]) == (3, "call Sam first")
    future = {**body, "end_date": "2026-03-11"}
    refused = as_alice.put(url, json.dumps(future), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["message"].startswith("end_date:")
    assert Lapse.objects.get().end_date == TODAY
    assert as_alice.delete(url).status_code == 204
    assert as_alice.delete(url).status_code == 404
    assert not Lapse.objects.exists()


def test_it_keeps_a_lapse_to_its_client(as_bob: Client, counting: User) -> None:
    written = record_lapse(counting, TODAY, "private words")
    url = f"/api/v1/sobriety/lapses/{written.pk}"
    body = json.dumps({"date": "2026-03-10"})
    assert as_bob.put(url, body, content_type="application/json").status_code == 404
    assert as_bob.delete(url).status_code == 404
    assert as_bob.get(reverse("sobriety:edit_lapse", args=[written.pk])).status_code == 404
    assert as_bob.post(reverse("sobriety:remove_lapse", args=[written.pk])).status_code == 404
    assert Lapse.objects.get().what_happened == "private words"
