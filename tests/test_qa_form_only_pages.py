"""A visit to an address that only takes a form (found in a browser walk: /reach-out/ and
/contacts/nudges/ showed the browser's blank error page) gets a page with a way on."""

from __future__ import annotations

from django.test import Client

from accounts.models import User


def test_it_answers_a_visit_to_a_form_only_address_with_a_page(as_alice: Client) -> None:
    response = as_alice.get("/reach-out/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    page = response.content.decode()
    assert "Nothing to show here" in page and 'href="/"' in page and "988" in page
    assert "Content-Security-Policy" in response


def test_it_shows_that_page_in_the_readers_language(alice: User, as_alice: Client) -> None:
    alice.language = "es"
    alice.save(update_fields=["language"])
    page = as_alice.get("/contacts/nudges/").content.decode()
    assert "Aquí no hay nada que mostrar" in page


def test_it_leaves_the_apis_json_405_alone(as_alice: Client) -> None:
    response = as_alice.delete("/api/v1/checkins/today")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
