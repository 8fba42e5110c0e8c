"""The pages of the support apps in Spanish: a person whose language is Spanish sees them with no
English left besides names and what they wrote themselves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from circle.models import Membership
from measures import services as measures
from tests.conftest import client_for
from tests.spanish import english_words, visible_text


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs(django_db_blocker: object) -> None:
    call_command("compile_translations", verbosity=0)


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
    assert "Línea 988 de Prevención del Suicidio y Crisis" in text
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
