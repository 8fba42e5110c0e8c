"""Error pages carry the crisis link and numbers; the server error page needs no database."""

from __future__ import annotations

import pytest
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path
from pytest_django.fixtures import Settings

from crisis.errors import server_error

NUMBERS = ('href="tel:988"', 'href="tel:18006624357"', 'href="tel:911"', 'href="/crisis/"')


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken)]
handler500 = "crisis.errors.server_error"


@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the error page touched the database")

    for connection in connections.all():
        monkeypatch.setattr(connection, "ensure_connection", refuse)
        monkeypatch.setattr(connection, "cursor", refuse)


def test_it_renders_the_server_error_page_without_a_database(no_database: None) -> None:
    response = server_error(RequestFactory().get("/anything"))
    assert response.status_code == 500
    page = response.content.decode()
    for link in NUMBERS:
        assert link in page


def test_it_answers_a_crashing_view_with_the_crisis_numbers(
    settings: Settings, no_database: None
) -> None:
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = []  # nothing that reads a session or a user
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    for link in NUMBERS:
        assert link in response.content.decode()


@pytest.mark.parametrize(("url", "status"), [("/no-such-page/", 404)])
def test_it_puts_the_crisis_numbers_on_the_not_found_page(
    db: None, settings: Settings, url: str, status: int
) -> None:
    settings.DEBUG = False
    response = Client().get(url)
    assert response.status_code == status
    for link in NUMBERS:
        assert link in response.content.decode()


def test_it_puts_the_crisis_numbers_on_the_forbidden_page(db: None) -> None:
    from django.template.loader import render_to_string

    page = render_to_string("403.html", {})
    for link in NUMBERS[:3]:
        assert link in page
