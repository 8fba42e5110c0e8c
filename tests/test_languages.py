"""Each person in their own language: alerts, e-mails and signals are written for the person
who reads them (a Spanish supporter of an English client reads Spanish), and a logged-out
visitor's crisis and error pages follow the browser, while a signed-in person's setting wins."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert
from alerts.reachout import claim, reach_out
from alerts.services import notify_client
from alerts.sweep import raise_missed
from audit.models import AccessLog
from checkins.services import CheckInData, save_today
from circle.models import Membership, Scope
from circle.services import invite
from signals.models import Signal
from signals.services import evaluate
from tests.conftest import client_for

SPANISH_LIFELINE = "988 Línea de Prevención del Suicidio y Crisis"


def speaks(user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def spanish_bob(alice: User, bob: User, bob_membership: Membership) -> User:
    """An English client, alice, and her supporter bob, who reads Spanish."""
    bob_membership.scopes = [Scope.ALERTS, Scope.SOBRIETY, Scope.CHECKIN_SUMMARY]
    bob_membership.save()
    return speaks(bob, "es")


def mail_to(user: User) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_it_writes_a_request_for_support_in_each_readers_language(
    alice: User, spanish_bob: User
) -> None:
    reach = reach_out(alice, "rough evening")
    with translation.override("en"):  # whatever the worker's own language
        deliver_due("worker")
    (to_bob,) = mail_to(spanish_bob)
    assert to_bob.subject == "Alice Anders está pidiendo apoyo ahora"
    assert to_bob.body.startswith("Hola, Bob Brown:")
    assert 'Su mensaje: "rough evening"' in to_bob.body  # her words, as she wrote them
    assert "Alice Anders te eligió para su círculo" in to_bob.body
    assert SPANISH_LIFELINE in to_bob.body
    inbox = client_for(spanish_bob).get("/inbox/").content.decode()
    assert "Alice Anders está pidiendo apoyo ahora" in inbox
    # The client, who reads English, is told in English who is reaching out.
    claim(spanish_bob, reach.pk)
    deliver_due("worker")
    (to_alice,) = mail_to(alice)
    assert to_alice.subject == "Bob Brown is reaching out to you now"
    assert "Hello Alice Anders," in to_alice.body


def test_it_names_the_missed_day_in_each_readers_words(alice: User, spanish_bob: User) -> None:
    assert raise_missed([(alice, date(2026, 12, 1))]) == 1
    alert = Alert.objects.get(kind=Alert.Kind.MISSED_CHECKIN)
    assert alert.subject == "Alice Anders has not checked in today (Tuesday 1 December)"
    assert alert.words_in("es")[0] == (
        "Alice Anders no ha hecho su registro de hoy (martes 1 de diciembre)"
    )
    assert alert.words_in("es-mx") == alert.words_in("es")
    deliver_due("worker")
    (to_bob,) = mail_to(spanish_bob)
    assert "martes 1 de diciembre" in to_bob.subject


def test_it_writes_the_sweeps_alerts_only_in_the_languages_their_readers_read(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    assert raise_missed([(alice, date(2026, 12, 1))]) == 1
    alert = Alert.objects.get(kind=Alert.Kind.MISSED_CHECKIN)
    assert alert.texts == {}  # bob reads English: nothing else to write
    with translation.override("es"):  # a reader who switches later sees the English
        assert alert.shown_subject.endswith("(Tuesday 1 December)")


def test_it_keeps_a_persons_own_words_the_same_in_every_language(alice: User) -> None:
    alert = notify_client(alice, Alert.Kind.ENCOURAGEMENT, "You've got this", body="— Sam")
    assert alert is not None
    assert (alert.subject, alert.body, alert.texts) == ("You've got this", "— Sam", {})
    with translation.override("es"):
        assert alert.shown_subject == "You've got this"


def test_it_writes_a_clients_signals_in_the_clients_language(alice: User) -> None:
    speaks(alice, "es")
    save_today(alice, CheckInData(mood=2, craving=3, stress=4, sleep_hours=Decimal(6), used=True))
    with translation.override("en"):  # the alert loop's own language
        evaluate(alice)
    signal = Signal.objects.get(client=alice, rule="use_reported")
    # Written in every language: the client reads Spanish whatever the loop's language.
    with translation.override("es"):
        assert signal.shown_title == "Dijiste que hoy consumiste"
        assert signal.shown_explanation.startswith("Gracias por tu honestidad")


def test_it_signs_up_in_the_browsers_language_and_writes_to_them_in_it(db: None) -> None:
    browser = Client(headers={"Accept-Language": "es-MX,es;q=0.9"})
    page = browser.get("/accounts/signup/").content.decode()
    assert "Crea tu cuenta" in page and '<html lang="es">' in page
    browser.post(
        "/accounts/signup/",
        {
            "display_name": "Rosa Ruiz",
            "email": "rosa@example.org",
            "time_zone": "America/Mexico_City",
            "password1": "una contraseña larga",
            "password2": "una contraseña larga",
        },
    )
    assert User.objects.get(email="rosa@example.org").language == "es"
    (verify,) = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    assert verify.subject == "Confirma tu correo electrónico para Recovery Circle"
    assert verify.body.startswith("Hola, Rosa Ruiz:")


def test_it_sends_a_password_reset_in_the_accounts_language(bob: User) -> None:
    speaks(bob, "es")
    Client(headers={"Accept-Language": "en"}).post(
        "/accounts/password-reset/", {"email": bob.email}
    )
    (reset,) = mail_to(bob)
    assert reset.subject == "Elige una contraseña nueva para Recovery Circle"
    assert "alguien (esperamos que tú) pidió restablecer" in reset.body


def test_it_invites_someone_with_a_spanish_account_in_spanish(alice: User, charlie: User) -> None:
    speaks(charlie, "es")
    alice.email_verified_at = alice.date_joined
    alice.save()
    with translation.override("en"):
        invite(alice, charlie.email, "friend", [Scope.SOBRIETY], "")
    (invitation,) = mail_to(charlie)
    assert invitation.subject == "Alice Anders te invita a su círculo en Recovery Circle"
    assert "como amigo o amiga" in invitation.body
    assert "Mi conteo de sobriedad" not in invitation.body  # the invitee's view of it
    assert "Su conteo de sobriedad y sus hitos" in invitation.body


def test_it_tells_the_client_who_saw_what_in_the_clients_language(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    client_for(bob).get(f"/supporting/{alice.pk}/")
    assert AccessLog.objects.filter(client=alice, what__contains="circle overview").exists()
    speaks(alice, "es")
    page = client_for(alice).get("/access-log/").content.decode()
    assert "resumen del círculo" in page and "circle overview" not in page


def test_it_shows_the_crisis_page_in_the_browsers_language_when_logged_out(db: None) -> None:
    spanish = Client(headers={"Accept-Language": "es-419,es;q=0.9,en;q=0.5"}).get("/crisis/")
    page = spanish.content.decode()
    assert spanish.status_code == 200 and '<html lang="es">' in page
    assert "Mereces ayuda ahora mismo" in page and SPANISH_LIFELINE in page
    assert "Línea Nacional de Ayuda de SAMHSA" in page
    english = Client(headers={"Accept-Language": "en-US,en;q=0.9"}).get("/crisis/")
    assert "You deserve help right now" in english.content.decode()
    assert "You deserve help right now" in Client().get("/crisis/").content.decode()


def test_it_lets_a_signed_in_persons_language_win_over_the_browsers(alice: User) -> None:
    browser = client_for(alice)
    page = browser.get("/crisis/", headers={"Accept-Language": "es"}).content.decode()
    assert "You deserve help right now" in page and '<html lang="en">' in page
    speaks(alice, "es")
    page = browser.get("/crisis/", headers={"Accept-Language": "en"}).content.decode()
    assert "Mereces ayuda ahora mismo" in page and '<html lang="es">' in page


def test_it_shows_the_error_pages_in_the_browsers_language(db: None) -> None:
    spanish = Client(headers={"Accept-Language": "es"})
    missing = spanish.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Esta página no está aquí" in missing.content.decode()
    assert SPANISH_LIFELINE in missing.content.decode()


def test_it_shows_the_server_error_page_in_the_persons_language(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    speaks(alice, "es")

    def broken(user: User) -> dict[str, object]:
        raise RuntimeError("a bug")

    monkeypatch.setattr("recoverycircle.views.home_context", broken)
    browser = client_for(alice)
    browser.raise_request_exception = False
    page = browser.get("/")
    assert page.status_code == 500
    text = page.content.decode()
    assert "Algo salió mal de nuestro lado" in text and SPANISH_LIFELINE in text
    assert '<html lang="es">' in text
