"""Every route of the site and the API, with the access decision each one declared."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from recoverycircle.api import api


@dataclass(frozen=True)
class Route:
    kind: str  # "web" or "api"
    pattern: str  # with <name> placeholders
    rule: str  # "" when the view declared none
    methods: tuple[str, ...]
    params: tuple[str, ...]
    enforced: bool = False  # the rule is checked before the handler runs (circle.policy)
    what: str = ""  # what the access log says a decided read was
    log: bool = False  # the decorator writes the read to the access log


def route(
    kind: str, pattern: str, view: object, methods: tuple[str, ...], params: tuple[str, ...]
) -> Route:
    return Route(
        kind,
        pattern,
        getattr(view, "access_rule", ""),
        methods,
        params,
        enforced=hasattr(view, "access_through"),
        what=str(getattr(view, "access_what", "")),
        log=bool(getattr(view, "access_log", False)),
    )


def _web(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "api" or getattr(entry, "namespace", None) == "api":
                continue
            yield from _web(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def web_routes() -> list[Route]:
    routes = []
    for pattern, view in _web(get_resolver().url_patterns):
        if pattern.startswith("api/v1/"):
            continue
        params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
        routes.append(route("web", pattern, view, ("GET", "POST"), params))
    return routes


def api_routes() -> list[Route]:
    routes = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                full = "/api/v1/" + (prefix + path).lstrip("/")
                params = tuple(re.findall(r"{(\w+)}", full))
                methods = tuple(operation.methods)
                routes.append(route("api", full, operation.view_func, methods, params))
    return routes


def _example(schema: dict[str, Any], components: dict[str, Any]) -> object:
    """A minimal valid value for a JSON schema, so a walk reaches the handler, not validation."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "anyOf" in schema:
        return _example(schema["anyOf"][0], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {
            name: _example(sub, components)
            for name, sub in schema.get("properties", {}).items()
            if name in required
        }
    examples = {"integer": 1, "number": 1, "boolean": True, "array": [], "null": None}
    if kind == "string":
        return {
            "email": "x@example.org",
            "date": "2026-01-01",
            "time": "20:00:00",
            "date-time": "2026-01-01T00:00:00Z",
        }.get(schema.get("format", ""), "x")
    return examples.get(kind or "null")


@functools.cache
def openapi_document() -> dict[str, Any]:
    document = api.get_openapi_schema()
    assert isinstance(document, dict)
    return document


def example_body(path: str, method: str) -> object:
    document = openapi_document()
    operation = document["paths"].get(path, {}).get(method.lower(), {})
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not body:
        return {}
    return _example(body["schema"], document.get("components", {}).get("schemas", {}))


def all_routes() -> list[Route]:
    return web_routes() + api_routes()
