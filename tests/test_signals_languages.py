"""A warning signal's words follow the reader's language when they are shown, not the
language the client read when it fired: pages, the API, the client's alert, the ladder's
notice, and a batch of the alert loop. Rows written before the words were kept in every
language still show their stored words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert
from checkins.models import CheckIn
from circle.models import Membership, Scope
from measures.services import save_response
from plans.services import save_plan
from signals.models import Signal
from signals.services import escalate_due, evaluate, evaluate_due, request_evaluation
from tests.conftest import client_for

NY = ZoneInfo("America/New_York")
NOON = datetime(2026, 5, 20, 12, 0, tzinfo=NY)
TODAY = NOON.date()

USED_EN = "You said you used today"
USED_ES = "Dijiste que hoy consumiste"
LOW_EN = "Your mood was low or very low on each of the last 3 days."
LOW_ES = "Tu ánimo estuvo bajo o muy bajo en cada uno de los últimos 3 días."


@pytest.fixture(autouse=True)
def default_language_after() -> Iterator[None]:
    """A page read in Spanish leaves Spanish active in this thread: the next test must
    not read its words in Spanish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def reads(user: User, language: str) -> None:
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def used_today(client: User) -> Signal:
    CheckIn.objects.create(
        client=client, local_date=TODAY, mood=3, craving=2, stress=3, sleep_hours=7, used=True
    )
    with time_machine.travel(NOON, tick=False):
        evaluate(client)
    return Signal.objects.get(client=client, rule="use_reported")


def low_mood(client: User) -> Signal:
    for ago in range(3):
        CheckIn.objects.create(
            client=client,
            local_date=TODAY - timedelta(days=ago),
            mood=1,
            craving=2,
            stress=3,
            sleep_hours=7,
        )
    with time_machine.travel(NOON, tick=False):
        evaluate(client)
    return Signal.objects.get(client=client, rule="mood_low")


def page(web: Client, path: str) -> str:
    with time_machine.travel(NOON, tick=False):
        return web.get(path).content.decode()


def test_it_shows_a_signal_raised_in_english_in_spanish_after_the_switch(alice: User) -> None:
    signal = used_today(alice)
    web = client_for(alice)
    assert USED_EN in page(web, f"/signals/{signal.pk}/")
    reads(alice, "es")
    for path in (f"/signals/{signal.pk}/", "/signals/", "/"):
        shown = page(web, path)
        assert USED_ES in shown, path
        assert USED_EN not in shown, path


def test_it_answers_the_api_in_the_readers_language_of_the_moment(alice: User) -> None:
    signal = low_mood(alice)
    web = client_for(alice)
    first = web.get("/api/v1/signals").json()[0]
    assert first["explanation"] == LOW_EN
    reads(alice, "es")
    found = web.get(f"/api/v1/signals/{signal.pk}").json()
    assert found["title"] == "Tu ánimo ha estado bajo varios días"
    assert found["explanation"] == LOW_ES
    assert web.get("/api/v1/signals?open=true").json()[0]["explanation"] == LOW_ES


def test_it_shows_a_signal_raised_in_spanish_in_english_after_the_switch(alice: User) -> None:
    reads(alice, "es")
    signal = used_today(alice)
    assert (signal.title, signal.texts["es"][0]) == (USED_EN, USED_ES)
    web = client_for(alice)
    assert USED_ES in page(web, f"/signals/{signal.pk}/")
    reads(alice, "en")
    shown = page(web, f"/signals/{signal.pk}/")
    assert USED_EN in shown and USED_ES not in shown


def test_it_writes_the_clients_alert_of_a_signal_in_every_language(alice: User) -> None:
    used_today(alice)
    alert = Alert.objects.get(client=alice, kind=Alert.Kind.SIGNAL)
    assert alert.words_in("en")[0] == USED_EN
    assert alert.words_in("es")[0] == USED_ES


def test_it_shows_a_phq9_crisis_signal_in_the_language_read_later(alice: User) -> None:
    answers = {str(n): 0 for n in range(1, 10)} | {"9": 1}
    save_response(alice, "phq9", answers)
    signal = Signal.objects.get(client=alice, rule__startswith="crisis:")
    assert signal.words_in("en")[0] == "Your answer on the PHQ-9 asks for care now"
    web = client_for(alice)
    reads(alice, "es")
    shown = page(web, f"/signals/{signal.pk}/")
    assert "Tu respuesta en el PHQ-9 pide cuidado ahora" in shown
    assert "asks for care now" not in shown
    # The explanation too, not only the title: the closing words in Spanish.
    assert "No estás solo ni sola" in signal.words_in("es")[1]
    assert "You are not alone" in signal.words_in("en")[1]


@pytest.fixture
def ladder(alice: User, bob: User, bob_membership: Membership) -> User:
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    save_plan(
        alice,
        alice,
        {
            "people": [bob_membership.pk],
            "ladder": {
                "concern": {
                    "membership_ids": [bob_membership.pk],
                    "channels": ["inbox", "email"],
                    "delay_minutes": 60,
                }
            },
        },
    )
    return alice


def test_it_tells_a_supporter_who_reads_spanish_in_spanish(ladder: User, bob: User) -> None:
    reads(bob, "es")
    low_mood(ladder)  # the client reads English
    with time_machine.travel(NOON + timedelta(minutes=60), tick=False):
        assert escalate_due(timezone.now()) == 1
        deliver_due("w")
    told = [m for m in mail.outbox if m.to == ["bob@example.org"]]
    assert [m.subject for m in told] == ["Alice Anders podría necesitar apoyo (preocupación)"]
    inbox = page(client_for(bob), reverse("alerts:inbox"))
    assert "Alice Anders podría necesitar apoyo" in inbox


def test_it_still_shows_an_old_row_without_words_in_every_language(alice: User) -> None:
    # As a row written before the words were kept in every language: the client read
    # Spanish then, and the words were stored in Spanish alone.
    old = Signal.objects.create(
        client=alice,
        rule="use_reported",
        level="concern",
        title=USED_ES,
        explanation="Gracias por ser honesta.",
        local_date=TODAY,
        fired_at=NOON,
    )
    assert old.texts == {}
    web = client_for(alice)
    for language in ("en", "es"):
        reads(alice, language)
        shown = page(web, f"/signals/{old.pk}/")
        assert USED_ES in shown and "Gracias por ser honesta." in shown
        found = web.get(f"/api/v1/signals/{old.pk}").json()
        assert (found["title"], found["explanation"]) == (USED_ES, "Gracias por ser honesta.")


def test_it_writes_a_batchs_signals_in_every_language(alice: User, bob: User) -> None:
    reads(bob, "es")
    for client in (alice, bob):
        CheckIn.objects.create(
            client=client, local_date=TODAY, mood=3, craving=2, stress=3, sleep_hours=7, used=True
        )
    with time_machine.travel(NOON, tick=False):
        for client in (alice, bob):
            request_evaluation(client)
        assert evaluate_due(timezone.now()) == 2
    for client in (alice, bob):
        signal = Signal.objects.get(client=client, rule="use_reported")
        assert signal.words_in("en")[0] == USED_EN
        assert signal.words_in("es")[0] == USED_ES
        alert = Alert.objects.get(client=client, kind=Alert.Kind.SIGNAL)
        assert alert.words_in("es")[0] == USED_ES
