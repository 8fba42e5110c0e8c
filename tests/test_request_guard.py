"""Unstorable text (NUL, lone surrogates) and oversized bodies: a clear 422 or 413 on every
route, in JSON for the API and as a page for the web, with nothing saved and nothing lost."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from accounts.services import create_api_token
from checkins.models import CheckIn
from tests.conftest import client_for
from tests.routes import Route, all_routes, example_body, openapi_document
from tests.test_access_walk import fill, world  # noqa: F401  (the walk's fixture)

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CHECKIN = {"mood": 3, "craving": 2, "stress": 4, "sleep_hours": "7.5", "note": "steady day"}


def row_counts() -> dict[str, int]:
    # Sessions aside: the walk also posts to "log out", which ends the session by design.
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


def token_client(user: Any) -> Client:
    _, secret = create_api_token(user, "guard test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    components = openapi_document().get("components", {}).get("schemas", {})
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def text_fields(route: Route, method: str) -> list[tuple[str, bool]]:
    """The body's text properties (name, is a list of text) of one API operation."""
    operation = openapi_document()["paths"].get(route.pattern, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    fields = []
    for name, prop in resolve(content["schema"]).get("properties", {}).items():
        for option in prop.get("anyOf", [prop]):
            option = resolve(option)
            if option.get("type") == "string" and "enum" not in option and not option.get("format"):
                fields.append((name, False))
                break
            items = resolve(option.get("items", {}))
            if option.get("type") == "array" and items.get("type") == "string":
                fields.append((name, "enum" not in items))
                break
    return fields


def api_text_inputs() -> list[tuple[Route, str, str, bool]]:
    return [
        (route, method, name, is_list)
        for route in all_routes()
        if route.kind == "api"
        for method in route.methods
        if method in BODY_METHODS
        for name, is_list in text_fields(route, method)
    ]


def test_it_finds_the_api_text_inputs_it_walks() -> None:
    names = {(route.pattern, name) for route, _, name, _ in api_text_inputs()}
    assert ("/api/v1/checkins/today", "note") in names
    assert ("/api/v1/circle/invitations", "message") in names
    assert len(names) > 30


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "\udfff"])
def test_it_refuses_unstorable_text_in_every_api_text_input(
    world: dict[str, object],  # noqa: F811
    alice: User,
    bad: str,
) -> None:
    script = token_client(alice)
    before = row_counts()
    for route, method, name, is_list in api_text_inputs():
        body = example_body(route.pattern, method)
        assert isinstance(body, dict)
        body[name] = [bad] if is_list else bad
        url = fill(route, world)
        response = script.generic(method, url, json.dumps(body), content_type="application/json")
        assert response.status_code == 422, (route.pattern, method, name, response.content)
        answer = response.json()
        assert answer["message"].startswith(f"{name}"), answer
        assert "cannot be stored" in answer["message"]
        assert answer["errors"][0]["loc"][:2] == ["body", name]
    assert row_counts() == before


def test_it_refuses_nul_in_every_web_form_and_query(
    world: dict[str, object],  # noqa: F811
    alice: User,
) -> None:
    web = client_for(alice)
    before = row_counts()
    for route in all_routes():
        if route.kind != "web":
            continue
        url = fill(route, world)
        posted = web.post(url, {"note": "a\x00b", "name": "x", "body": "x"})
        assert posted.status_code == 422, (route.pattern, posted.status_code)
        assert "cannot be stored" in posted.content.decode()
        queried = web.get(url, {"q": "a\x00b"})
        assert queried.status_code == 422, (route.pattern, queried.status_code)
    assert row_counts() == before


def test_it_keeps_a_saved_check_in_when_an_edit_has_a_nul(alice: User) -> None:
    script = token_client(alice)
    saved = script.put("/api/v1/checkins/today", CHECKIN, content_type="application/json")
    assert saved.status_code in {200, 201}
    response = script.put(
        "/api/v1/checkins/today", {**CHECKIN, "note": "oops\x00"}, content_type="application/json"
    )
    assert response.status_code == 422
    web = client_for(alice).post("/checkin/", {**CHECKIN, "note": "oops\x00"})
    assert web.status_code == 422 and "Nothing was saved" in web.content.decode()
    assert list(CheckIn.objects.values_list("note", flat=True)) == ["steady day"]


def test_it_keeps_real_text_that_only_looks_like_an_escape(alice: User) -> None:
    """An emoji sent as an escaped surrogate pair, and a literal backslash-u-0000, are fine."""
    script = token_client(alice)
    raw = json.dumps({**CHECKIN, "note": "proud \U0001f600 of \\u0000 this"})
    assert "\\ud83d\\ude00" in raw
    response = script.put("/api/v1/checkins/today", raw, content_type="application/json")
    assert response.status_code in {200, 201}, response.content
    assert CheckIn.objects.get().note == "proud \U0001f600 of \\u0000 this"


def test_it_refuses_an_unstorable_key(alice: User) -> None:
    response = token_client(alice).put(
        "/api/v1/checkins/today", {**CHECKIN, "x\x00": 1}, content_type="application/json"
    )
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_it_answers_413_in_json_for_an_oversized_api_body(alice: User, settings: Settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    big = {**CHECKIN, "note": "x" * 20_000}
    for script in (token_client(alice), client_for(alice)):
        response = script.put("/api/v1/checkins/today", big, content_type="application/json")
        assert response.status_code == 413
        assert "too large" in response.json()["message"]
        assert response["Content-Security-Policy"]
    assert not CheckIn.objects.exists()


def test_it_answers_413_with_a_page_for_an_oversized_form(alice: User, settings: Settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client_for(alice).post("/checkin/", {**CHECKIN, "note": "x" * 20_000})
    assert response.status_code == 413
    page = response.content.decode()
    assert "too large" in page and "Crisis help" in page
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    many = client_for(alice).post("/checkin/", {f"f{n}": "1" for n in range(20)})
    assert many.status_code == 413
    assert not CheckIn.objects.exists()
