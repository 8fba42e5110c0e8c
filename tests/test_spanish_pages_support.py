"""The pages of the support apps in Spanish: a person whose language is Spanish sees them with no
English left besides names and what they wrote themselves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.models import Notification
from calendars import services as calendars
from circle.models import Membership, Scope
from contacts import services as contacts
from contacts.services import ContactDraft
from conversations import services as conversations
from events import services as events
from events.services import EventDraft
from groups import services as groups
from groups.services import GroupDraft
from helpboard import services as helpboard
from helpboard.models import HelpNeed
from helpboard.occurrences import Repeat
from helpboard.services import NeedDraft
from measures import services as measures
from plans import services as plans
from recoverycircle.deferred import deferred
from tests.conftest import client_for
from tests.pdftext import pdf_text
from tests.spanish import english_words, visible_text
from toolkit import guidance
from toolkit import services as toolkit
from toolkit.models import Strategy


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs(django_db_blocker: object) -> None:
    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A request leaves its reader's language active in the thread; later tests expect none."""
    with translation.override(None):
        yield


def in_spanish(*people: User) -> None:
    for person in people:
        person.language = "es"
        person.save(update_fields=["language"])


@pytest.fixture
def alice_es(alice: User) -> Client:
    in_spanish(alice)
    return client_for(alice)


def spanish_page(web: Client, url: str, *, allowed: str = "", status: int = 200) -> str:
    response = web.get(url)
    assert response.status_code == status, url
    assert english_words(response, allowed) == [], (url, visible_text(response))
    return visible_text(response)


def test_it_finds_english_outside_parts_marked_english() -> None:
    """The detector itself: English in <main> is found, English marked lang="en" is not."""
    from django.http import HttpResponse

    page = HttpResponse(
        '<main><p>Hola, <b title="Show the plan">amiga</b></p>'
        '<div lang="en"><p>Little interest in doing things</p></div><p>Nunca</p></main>'
    )
    assert english_words(page) == ["Show", "the"]
    assert "Little" not in visible_text(page)


# Questionnaires


def test_it_shows_the_questionnaires_in_spanish(alice: User, alice_es: Client) -> None:
    text = spanish_page(alice_es, "/measures/")
    assert "Cuestionarios" in text
    assert "Escala Multidimensional de Apoyo Social Percibido" in text
    assert spanish_page(alice_es, "/measures/schedule/")


def test_it_asks_the_phq9_in_its_validated_spanish_version(alice_es: Client) -> None:
    text = spanish_page(alice_es, "/measures/phq9/")
    assert "¿qué tan seguido ha tenido molestias debido a los siguientes problemas?" in text
    assert "Poco interés o placer en hacer cosas" in text
    assert "Más de la mitad de los días" in text
    assert "están en inglés" not in text


def test_it_keeps_an_unvalidated_questionnaire_in_english_and_says_so(alice_es: Client) -> None:
    response = alice_es.get("/measures/barc10/")
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "I am happy dealing with a range of professional people." in body
    text = spanish_page(alice_es, "/measures/barc10/")
    assert "Las preguntas están en inglés" in text


def test_it_shows_a_result_with_crisis_help_in_spanish(
    alice: User, alice_es: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 3, 15, tzinfo=UTC), tick=False)
    answers = {str(n): 1 for n in range(1, 10)}
    response = measures.save_response(alice, "phq9", answers)
    text = spanish_page(alice_es, f"/measures/results/{response.pk}/")
    assert "988 Línea de Prevención del Suicidio y Crisis" in text
    assert "en una escala de 0 a 27 Leve" in text
    assert "9 de 27 (leve)" in spanish_page(alice_es, "/measures/")
    assert "Un resultado: 9 (leve) el 3 Mar 2026." in spanish_page(
        alice_es, "/measures/phq9/trends/"
    )


def test_it_shows_a_client_s_scores_to_a_spanish_supporter(
    alice: User, dana: User, dana_membership: Membership
) -> None:
    in_spanish(dana)
    measures.save_response(alice, "gad7", {str(n): 2 for n in range(1, 8)})
    text = spanish_page(client_for(dana), f"/clients/{alice.pk}/measures/", allowed="Alice Anders")
    assert "Síntomas de ansiedad" in text


def test_it_refuses_answers_in_spanish(alice_es: Client) -> None:
    response = alice_es.post("/measures/phq9/", {"item_1": "0"})
    assert response.status_code == 400
    assert "A 8 preguntas todavía les falta respuesta." in visible_text(response)
    refused = alice_es.post(
        "/api/v1/measures/phq9/responses",
        data={"answers": {"1": 0}},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["message"].startswith(
        "PHQ-9: Cada pregunta necesita una respuesta; sin responder: 2, 3"
    )


# The relapse prevention plan

PLAN = {
    "reasons": ["Lily"],
    "triggers": [{"label": "Viernes", "kind": "time", "intensity": 4, "date": "03-14"}],
    "warning_signs": ["Dormir poco"],
    "coping": [{"label": "Llamar a Sam", "trigger_ids": ["t1"]}],
    "commitments": [{"label": "Reunión", "times_per_week": 3}],
    "lapse_plan": ["Llamar a Sam"],
}


def test_it_shows_the_plan_and_its_pages_in_spanish(
    alice: User, alice_es: Client, dana_membership: Membership
) -> None:
    with translation.override("es"):
        plans.save_plan(alice, alice, PLAN, "Primera versión")
        plans.save_plan(alice, alice, {**PLAN, "reasons": ["Lily", "Mi trabajo"]})
    text = spanish_page(alice_es, "/plan/")
    assert "Mi plan de prevención de recaídas" in text
    assert "Momento del día o de la semana · intensidad 4 de 5 · 14 de marzo, cada año" in text
    assert "3 veces por semana" in text
    # A new plan starts with the crisis lines named in the writer's language.
    assert "988 Línea de Prevención del Suicidio y Crisis" in text
    for url in ("/plan/versions/", "/plan/diff/", "/plan/print/", "/plan/wallet-card/"):
        spanish_page(alice_es, url, allowed="Alice Anders")
    for section in ("reasons", "triggers", "warning_signs", "coping", "people", "ladder"):
        spanish_page(alice_es, f"/plan/edit/{section}/", allowed="Dana Diaz")
    spanish_page(alice_es, "/plan/co-authors/", allowed="Dana Diaz")


def test_it_prints_the_plan_and_wallet_card_in_spanish(alice: User, alice_es: Client) -> None:
    plans.save_plan(alice, alice, PLAN)
    printed = pdf_text(alice_es.get("/plan/plan.pdf").content)
    assert "Plan de prevención de recaídas de Alice Anders" in printed
    assert "En peligro inmediato: 911" in printed
    card = pdf_text(alice_es.get("/plan/wallet-card.pdf").content)
    assert "En una crisis, llama ahora" in card


def test_it_refuses_a_bad_plan_section_in_spanish(alice_es: Client) -> None:
    response = alice_es.post(
        "/plan/edit/triggers/",
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-0-label": "Viernes",
            "rows-0-kind": "time",
            "rows-0-intensity": "3",
            "rows-0-date": "14/03",
        },
    )
    assert response.status_code == 400
    assert "una fecha se escribe MM-DD (cada año) o AAAA-MM-DD (una sola vez)" in visible_text(
        response
    )


# The help board

TUESDAY_6PM = datetime(2026, 3, 3, 18, 0)


@pytest.fixture
def helping(alice: User, bob: User, bob_membership: Membership) -> Membership:
    bob_membership.scopes = [*bob_membership.scopes, Scope.HELP]
    bob_membership.save()
    return bob_membership


def ride(client: User) -> HelpNeed:
    return helpboard.post_need(
        client,
        client.pk,
        NeedDraft(
            kind="ride",
            title="terapia",
            starts_at=TUESDAY_6PM,
            ends_at=TUESDAY_6PM.replace(hour=19),
            repeat=Repeat(every_weeks=2, weekdays=(1, 3), count=4),
        ),
    )


def test_it_shows_the_help_board_in_spanish(
    alice: User, alice_es: Client, bob: User, helping: Membership, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False)
    need = ride(alice)
    text = spanish_page(alice_es, "/help/")
    assert "Que me lleven: terapia" in text
    assert "martes 3 de marzo, 18:00" in text
    assert "Cada 2 semanas, los martes y jueves, 4 veces" in text
    for url in ("/help/new/", "/help/history/", f"/help/{need.pk}/"):
        spanish_page(alice_es, url)
    in_spanish(bob)
    text = spanish_page(client_for(bob), f"/supporting/{alice.pk}/help/", allowed="Alice Anders")
    assert "Yo puedo ayudar" in text


def test_it_tells_a_spanish_client_in_spanish_what_an_english_supporter_did(
    alice: User, bob: User, helping: Membership, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False)
    in_spanish(alice)
    need = ride(alice)
    with translation.override("en"):
        helpboard.claim(bob, need.pk, need.starts_at)
    subjects = Notification.objects.filter(recipient=alice, channel="inbox").values_list(
        "alert__subject", flat=True
    )
    assert "Bob Brown va a ayudar: Que me lleven: terapia" in list(subjects)


def test_it_refuses_a_need_in_spanish(alice_es: Client) -> None:
    response = alice_es.post(
        "/help/new/",
        {"kind": "ride", "date": "2026-03-03", "start_time": "19:00", "end_time": "18:00"},
    )
    assert response.status_code == 400
    assert "El final debe ser después del inicio." in visible_text(response)


# Calendar, sober events, contact log


def test_it_shows_events_the_calendar_and_the_contact_log_in_spanish(
    alice: User,
    alice_es: Client,
    bob: User,
    helping: Membership,
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False)
    ride(alice)
    start = datetime(2026, 3, 4, 23, tzinfo=UTC)
    event = events.propose(alice, alice.pk, EventDraft(title="Caminata", starts_at=start))
    contacts.log_contact(alice, ContactDraft(channel="call", membership_id=helping.pk))
    text = spanish_page(alice_es, "/calendar/")
    assert "martes 3 de marzo" in text
    assert "ayuda" in text and "actividad" in text
    text = spanish_page(alice_es, "/events/")
    assert "En tu círculo, propuesta por ti." in text
    text = spanish_page(alice_es, f"/events/{event.pk}/")
    assert "miércoles 4 de marzo, 18:00–20:00 (hora de America/New York)" in text
    spanish_page(alice_es, f"/events/new/{alice.pk}/")
    # "just now" comes from recoverycircle.humane, whose words its own catalog translates.
    text = spanish_page(alice_es, "/contacts/", allowed="Bob Brown just now")
    assert "Llamada" in text


def test_it_writes_the_calendar_feed_in_its_owner_s_language(
    alice: User, helping: Membership, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False)
    in_spanish(alice)
    ride(alice)
    _, secret = calendars.create_feed(alice)
    with translation.override("en"):
        body = Client().get(f"/calendar/feed/{secret}.ics").content.decode()
    assert "SUMMARY:Ayuda: Que me lleven: terapia" in body


# Toolkit, peer groups, conversations


def test_it_shows_the_toolkit_and_the_craving_tool_in_spanish(
    alice: User, alice_es: Client, bob: User, bob_membership: Membership
) -> None:
    toolkit.load_library()
    text = spanish_page(alice_es, "/toolkit/")
    assert "Surfear el antojo" in text
    strategy = Strategy.objects.filter(key="urge-surfing").get()
    # Sources are cited as published, in English and marked so.
    spanish_page(alice_es, f"/toolkit/{strategy.pk}/")
    # The crisis resources on this page come from the crisis app and its own catalog.
    assert "Tengo un antojo ahora mismo" in visible_text(alice_es.get("/craving/"))
    in_spanish(bob)
    as_bob = client_for(bob)
    text = spanish_page(as_bob, "/guidance/")
    assert "Orientación para familiares y parejas" in text
    lesson = guidance.LESSONS[0]
    spanish_page(as_bob, f"/guidance/{lesson.slug}/")
    spanish_page(as_bob, f"/supporting/{alice.pk}/share-strategy/", allowed="Alice Anders")


def test_it_shows_a_peer_group_in_spanish(alice: User, alice_es: Client) -> None:
    with translation.override("es"):
        seat = groups.create_group(
            alice,
            GroupDraft(
                name="Mañanas", description="", guidelines="", visibility="open", alias="Luz"
            ),
        )
    text = spanish_page(alice_es, "/groups/")
    assert "Grupos de pares" in text
    text = spanish_page(alice_es, f"/groups/{seat.group_id}/")
    assert "Participas como Luz." in text
    assert "Sé amable." in text
    spanish_page(alice_es, f"/groups/{seat.group_id}/moderate/")
    spanish_page(alice_es, "/groups/new/")


def test_it_shows_conversations_in_spanish(
    alice: User, alice_es: Client, bob: User, bob_membership: Membership
) -> None:
    thread = conversations.direct_thread(alice, bob)
    conversations.send(bob, thread, "Hola")
    text = spanish_page(alice_es, "/messages/", allowed="Bob Brown")
    assert "Mensajes" in text
    text = spanish_page(alice_es, f"/messages/{thread.pk}/", allowed="Bob Brown")
    assert "Hola" in text
    spanish_page(alice_es, "/messages/circle/", allowed="Bob Brown")


def test_it_renders_deferred_words_in_the_language_active_when_they_are_read() -> None:
    """Notices to several people are deferred, so the alert renders them per language."""
    words = deferred(
        lambda: (
            translation.gettext("Still needed: %(need)s for %(name)s")
            % {"need": "x", "name": "Ana"}
        )
    )
    with translation.override("es"):
        assert str(words) == "Todavía hace falta: x para Ana"
    with translation.override("en"):
        assert str(words) == "Still needed: x for Ana"
