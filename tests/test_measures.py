"""Questionnaires on the web: the list with default schedules, one accessible form per
questionnaire, results in plain words, crisis resources at once, trends, the schedule page,
and what a supporter with (and without) the measures scope sees."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from audit.models import AccessLog
from circle.models import Membership
from measures import schedules, services
from measures.instruments import INSTRUMENTS
from measures.models import MeasureResponse, MeasureSchedule
from recoverycircle import registry
from tests.conftest import client_for

UTC = ZoneInfo("UTC")
# 02:30 UTC on Wednesday 11 March 2026 is still Tuesday 10 March in New York.
NOW = datetime(2026, 3, 11, 2, 30, tzinfo=UTC)


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(NOW, tick=False)
    return NOW


def phq9(*values: int) -> dict[str, int]:
    return {str(n): v for n, v in enumerate(values, start=1)}


def posted(answers: dict[str, int]) -> dict[str, str]:
    return {f"item_{key}": str(value) for key, value in answers.items()}


MODERATE = phq9(2, 2, 2, 2, 1, 1, 1, 1, 0)  # 12: moderate, no crisis
ITEM_9 = phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)  # 1: minimal, crisis


# The list and default schedules


def test_it_makes_default_schedules_on_the_first_visit(
    as_alice: Client, alice: User, now: datetime
) -> None:
    assert not MeasureSchedule.objects.filter(client=alice).exists()
    page = as_alice.get("/measures/")
    assert page.status_code == 200
    found = {
        s.instrument: (s.every_days, s.enabled, s.next_due_at)
        for s in MeasureSchedule.objects.filter(client=alice)
    }
    tomorrow = NOW + timedelta(days=1)
    assert found == {
        "bam": (7, True, tomorrow),
        "mspss": (30, True, tomorrow),
        "barc10": (30, False, tomorrow),
        "pacs": (7, False, tomorrow),
        "phq9": (14, False, tomorrow),
        "gad7": (14, False, tomorrow),
    }
    body = page.content.decode()
    for definition in INSTRUMENTS.values():
        assert str(definition.name) in body
    assert body.count("Not taken yet") == 2
    as_alice.get("/measures/")
    assert MeasureSchedule.objects.filter(client=alice).count() == 6


def test_it_shows_the_last_result_and_the_next_due_date(
    as_alice: Client, alice: User, now: datetime
) -> None:
    schedules.change(alice, "phq9", 14, True)
    services.save_response(alice, "phq9", MODERATE, now=NOW - timedelta(days=3))
    body = as_alice.get("/measures/").content.decode()
    assert "12 of 27 (moderate)" in body
    # Three days ago plus 14 days is 02:30 UTC on 22 March: Saturday evening in New York.
    assert "Next due Saturday 21 March (every 14 days)" in body


def test_it_tells_the_client_who_sees_their_results(
    as_alice: Client, dana_membership: Membership, bob_membership: Membership, now: datetime
) -> None:
    body = as_alice.get("/measures/").content.decode()
    assert "shared with:" in body and "Dana Diaz" in body
    assert "Bob Brown" not in body


# Taking a questionnaire


def test_it_shows_one_fieldset_with_a_legend_per_question(as_alice: Client, now: datetime) -> None:
    body = as_alice.get("/measures/phq9/").content.decode()
    assert body.count('<fieldset id="q-') == 9
    assert body.count('type="radio"') == 36
    assert '<legend><span class="qnum">9.</span> Thoughts that you would be better off dead' in body
    assert "Over the last 2 weeks, how often have you been bothered" in body
    assert '<label for="id_item_1_0">' in body
    assert "Kroenke" in body


def test_it_nests_the_bam_drug_questions_under_their_shared_stem(
    as_alice: Client, now: datetime
) -> None:
    body = as_alice.get("/measures/bam/").content.decode()
    assert body.count('<fieldset id="q-') == 23
    assert (
        '<fieldset class="question-group"><legend>7. In the past 30 days, how many days did you use'
        in body
    )
    assert "7A.</span> Marijuana" in body


def test_it_refuses_a_form_with_a_missing_answer_and_keeps_the_others(
    as_alice: Client, alice: User, now: datetime
) -> None:
    answers = posted(MODERATE)
    del answers["item_3"]
    page = as_alice.post("/measures/phq9/", answers)
    assert page.status_code == 400
    body = page.content.decode()
    assert "1 question still needs an answer" in body
    assert '<a href="#q-3">Question 3</a>' in body
    assert "Please choose an answer to this question." in body
    assert body.count("checked") == 8
    assert not MeasureResponse.objects.filter(client=alice).exists()


def test_it_refuses_an_answer_that_is_not_an_option(
    as_alice: Client, alice: User, now: datetime
) -> None:
    answers = posted(MODERATE)
    answers["item_2"] = "7"
    assert as_alice.post("/measures/phq9/", answers).status_code == 400
    assert not MeasureResponse.objects.filter(client=alice).exists()


def test_it_saves_a_result_and_explains_it_in_plain_words(
    as_alice: Client, alice: User, now: datetime
) -> None:
    sent = as_alice.post("/measures/phq9/", posted(MODERATE))
    saved = MeasureResponse.objects.get(client=alice)
    assert sent.status_code == 302 and sent["Location"] == f"/measures/results/{saved.pk}/"
    assert (saved.instrument, saved.total, saved.band, saved.crisis) == (
        "phq9",
        Decimal(12),
        "moderate",
        False,
    )
    assert saved.answers == MODERATE
    assert saved.scores == {"total": {"value": 12, "band": "moderate"}}
    assert saved.local_date == date(2026, 3, 10)  # still Tuesday in New York
    body = as_alice.get(sent["Location"]).content.decode()
    assert "Moderate symptoms of depression in the last two weeks." in body
    assert "Please talk about this with your doctor" in body
    assert "tel:988" not in body.split("<footer")[0]


def test_it_starts_the_period_again_when_taken(alice: User, now: datetime) -> None:
    services.save_response(alice, "bam", {i.key: 0 for i in INSTRUMENTS["bam"].items})
    schedule = MeasureSchedule.objects.get(client=alice, instrument="bam")
    assert schedule.next_due_at == NOW + timedelta(days=7)
    assert MeasureSchedule.objects.filter(client=alice).count() == 6


def test_it_returns_404_for_an_unknown_questionnaire(as_alice: Client, now: datetime) -> None:
    assert as_alice.get("/measures/cssrs/").status_code == 404
    assert as_alice.get("/measures/cssrs/trends/").status_code == 404


# Crisis


def test_it_shows_crisis_resources_at_once_for_phq9_item_9(
    as_alice: Client, alice: User, now: datetime
) -> None:
    sent = as_alice.post("/measures/phq9/", posted(ITEM_9))
    saved = MeasureResponse.objects.get(client=alice)
    assert saved.crisis is True and services.crisis_flag(saved) is True
    body = as_alice.get(sent["Location"]).content.decode()
    main = body.split("<footer")[0]
    crisis = main.index('role="alert"')
    assert crisis < main.index("<h1")
    for link in ('href="tel:988"', 'href="sms:988"', 'href="tel:18006624357"', 'href="tel:911"'):
        assert link in main
    assert "988 Suicide &amp; Crisis Lifeline" in main and "SAMHSA National Helpline" in main


def test_it_shows_crisis_resources_even_when_the_form_is_incomplete(
    as_alice: Client, alice: User, now: datetime
) -> None:
    answers = posted(phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))
    del answers["item_1"]
    page = as_alice.post("/measures/phq9/", answers)
    assert page.status_code == 400
    assert 'href="tel:988"' in page.content.decode().split("<footer")[0]


def test_it_calls_the_crisis_hooks_inside_the_save_transaction(
    alice: User, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def hook(client: User, source: str) -> None:
        calls.append((client, source, connection.in_atomic_block))
        assert MeasureResponse.objects.filter(client=client, crisis=True).exists()

    monkeypatch.setattr(registry, "crisis_hooks", [hook])
    services.save_response(alice, "phq9", MODERATE)
    assert calls == []
    saved = services.save_response(alice, "phq9", ITEM_9)
    assert calls == [(alice, f"measures:phq9:{saved.pk}", True)]


def test_it_keeps_the_answers_when_a_crisis_hook_fails(
    alice: User, now: datetime, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seen = []

    def broken(client: User, source: str) -> None:
        raise RuntimeError("escalation is down")

    monkeypatch.setattr(registry, "crisis_hooks", [broken, lambda c, s: seen.append(s)])
    saved = services.save_response(alice, "phq9", ITEM_9)
    assert MeasureResponse.objects.filter(pk=saved.pk, crisis=True).exists()
    assert seen == [f"measures:phq9:{saved.pk}"]
    assert "crisis hook" in caplog.text


def test_it_decides_the_crisis_flag_from_the_answers(alice: User, now: datetime) -> None:
    calm = services.save_response(alice, "phq9", MODERATE)
    assert services.crisis_flag(calm) is False
    gad = services.save_response(alice, "gad7", {str(n): 3 for n in range(1, 8)})
    assert services.crisis_flag(gad) is False


# Results and trends are the client's own


def test_it_hides_a_result_from_everyone_but_the_client(
    alice: User, dana: User, dana_membership: Membership, charlie: User, now: datetime
) -> None:
    saved = services.save_response(alice, "phq9", MODERATE)
    url = f"/measures/results/{saved.pk}/"
    assert client_for(alice).get(url).status_code == 200
    assert client_for(dana).get(url).status_code == 404
    assert client_for(charlie).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_it_draws_trends_with_a_title_a_description_and_a_table(
    as_alice: Client, alice: User, time_machine: TimeMachineFixture
) -> None:
    for day, values in ((1, [3] * 12), (15, [5] * 11 + [6])):
        time_machine.move_to(datetime(2026, 2, day, 15, 0, tzinfo=UTC), tick=False)
        services.save_response(alice, "mspss", {str(n): v for n, v in enumerate(values, 1)})
    page = as_alice.get("/measures/mspss/trends/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count("<svg") == 4  # total and three subscales
    assert '<title id="chart-mspss-total-title">MSPSS: Total support</title>' in body
    assert "2 results from 1 Feb 2026 to 15 Feb 2026, on a scale of 1 to 7." in body
    assert "First 3 (moderate), latest 5.08 (high) (up 2.08)." in body
    assert re.search(r'<path class="line[^"]*" d="M[\d. ]+ L[\d. ]+">', body)
    assert body.count("<tr>") == 3  # header and two results
    assert "<td>5.08 (high)</td>" in body


def test_it_shows_an_empty_trend_without_failing(as_alice: Client, now: datetime) -> None:
    body = as_alice.get("/measures/pacs/trends/").content.decode()
    assert "No results yet." in body


# The schedule page


def test_it_changes_a_schedule_and_leaves_the_others(
    as_alice: Client, alice: User, now: datetime
) -> None:
    page = as_alice.get("/measures/schedule/")
    assert page.status_code == 200
    assert page.content.decode().count("<fieldset") == 6
    data = {}
    for s in MeasureSchedule.objects.filter(client=alice):
        data[f"{s.instrument}-every_days"] = str(s.every_days)
        if s.enabled:
            data[f"{s.instrument}-enabled"] = "on"
    data["phq9-enabled"] = "on"
    data["phq9-every_days"] = "7"
    del data["bam-enabled"]
    sent = as_alice.post("/measures/schedule/", data)
    assert sent.status_code == 302
    found = {
        s.instrument: (s.every_days, s.enabled)
        for s in MeasureSchedule.objects.filter(client=alice)
    }
    assert found["phq9"] == (7, True)
    assert found["bam"] == (7, False)
    assert found["mspss"] == (30, True)


def test_it_refuses_a_schedule_of_zero_days(as_alice: Client, alice: User, now: datetime) -> None:
    as_alice.get("/measures/schedule/")
    data = {f"{code}-every_days": "30" for code in INSTRUMENTS}
    data["gad7-every_days"] = "0"
    page = as_alice.post("/measures/schedule/", data)
    assert page.status_code == 400
    assert "greater than or equal to 1" in page.content.decode()
    assert MeasureSchedule.objects.get(client=alice, instrument="gad7").every_days == 14


# Supporters: only with the measures scope, scores but never answers, and logged


def test_it_shows_a_supporter_with_the_measures_scope_scores_not_answers(
    alice: User, dana: User, dana_membership: Membership, now: datetime
) -> None:
    services.save_response(alice, "phq9", MODERATE)
    page = client_for(dana).get(f"/clients/{alice.pk}/measures/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Alice Anders" in body and "Moderate symptoms of depression" in body
    assert "<svg" in body
    assert "Little interest or pleasure" not in body  # the items, never the answers
    assert "Please talk about this" not in body  # advice is for the client
    assert AccessLog.objects.filter(
        viewer=dana, client=alice, what__contains="questionnaire results"
    ).exists()


def test_it_hides_results_from_a_supporter_without_the_measures_scope(
    alice: User, bob: User, bob_membership: Membership, charlie: User, now: datetime
) -> None:
    services.save_response(alice, "phq9", MODERATE)
    url = f"/clients/{alice.pk}/measures/"
    assert client_for(bob).get(url).status_code == 404
    assert client_for(charlie).get(url).status_code == 404
    supporting = client_for(bob).get(f"/supporting/{alice.pk}/").content.decode()
    assert "Questionnaire results" not in supporting.split("What Alice Anders shares")[0]
    assert not AccessLog.objects.filter(what__contains="questionnaire results").exists()


def test_it_hides_results_once_the_scope_is_withdrawn_or_paused(
    alice: User, dana: User, dana_membership: Membership, now: datetime
) -> None:
    url = f"/clients/{alice.pk}/measures/"
    dana_membership.status = Membership.Status.PAUSED
    dana_membership.save()
    assert client_for(dana).get(url).status_code == 404
    dana_membership.status = Membership.Status.ACTIVE
    dana_membership.scopes = ["sobriety"]
    dana_membership.save()
    assert client_for(dana).get(url).status_code == 404


def test_it_adds_a_section_to_the_supporters_page_about_the_client(
    alice: User, dana: User, dana_membership: Membership, now: datetime
) -> None:
    services.save_response(alice, "gad7", {str(n): 1 for n in range(1, 8)})
    body = client_for(dana).get(f"/supporting/{alice.pk}/").content.decode()
    assert "Questionnaire results" in body and "GAD-7" in body and "7 of 21 (mild)" in body
    assert f"/clients/{alice.pk}/measures/" in body
    assert AccessLog.objects.filter(viewer=dana, what__contains="questionnaire results").exists()


def test_it_sends_the_client_from_their_own_supporter_url_to_their_list(
    as_alice: Client, alice: User, now: datetime
) -> None:
    page = as_alice.get(f"/clients/{alice.pk}/measures/")
    assert page.status_code == 302 and page["Location"] == "/measures/"


def test_it_shows_due_questionnaires_on_the_home_page(
    as_alice: Client, alice: User, now: datetime
) -> None:
    assert "Short, well-studied questionnaires" in as_alice.get("/").content.decode()
    as_alice.get("/measures/")
    body = as_alice.get("/").content.decode()
    assert "Brief Addiction Monitor (BAM)</a> is due" in body
    assert "Multidimensional Scale of Perceived Social Support (MSPSS)</a> is due" in body
    assert "(PHQ-9)</a> is due" not in body
