"""API input read as strictly as the OpenAPI document describes it.

Pydantic's default ("lax") mode converts what it can: `0` becomes `false` for a boolean and
1 January 1970 for a date, `[null, null]` passes for an object whose fields all have defaults,
"0" in a query string is a date. A client with such a bug saves something it never meant, and
the documented schema says otherwise. So, for every operation at once:

- a JSON body must match the operation's JSON Schema, the one the document publishes
  (jsonschema-rs), before pydantic reads it: `true`/`false` only for booleans, numbers for
  numbers, an object for an object, an ISO date for a date;
- a query parameter must be written the one way the document gives: `true`/`false`, digits for
  an integer, YYYY-MM-DD for a date, HH:MM[:SS] for a time of day.

Installed by `install()` (from recoverycircle.api) on Django Ninja's body and query models,
which every operation's parameters derive from.
"""

from __future__ import annotations

import inspect
import json
import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from typing import Any, Union

import jsonschema_rs
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.models import BodyModel, QueryModel
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

QUERY_FORMS: dict[type, tuple[re.Pattern[str], str]] = {
    bool: (re.compile(r"true|false"), "true or false"),
    int: (re.compile(r"[+-]?\d+"), "a whole number"),
    datetime: (
        re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"),
        "a date and time like 2026-03-01T18:30:00Z",
    ),
    date: (re.compile(r"\d{4}-\d{2}-\d{2}"), "a date like 2026-03-01"),
    time: (
        re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
        "a time of day like 18:30, without a time zone",
    ),
}

# A time of day here is a local wall-clock time ("20:00:00", read in the person's own zone).
# OpenAPI's `format: time` is RFC 3339's full-time, which needs a zone offset, so the document
# says what the API means instead.
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
    "description": "A local time of day, HH:MM or HH:MM:SS, without a zone.",
}


def local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node.update({k: v for k, v in LOCAL_TIME.items() if k not in node})
        for child in node.values():
            local_times(child)
    elif isinstance(node, list):
        for child in node:
            local_times(child)


# Ninja's own resolve (a classmethod), as a plain function of the class it resolves.
lax_body_resolve: Callable[[type[BodyModel], HttpRequest, Any, dict[str, Any]], BodyModel] = (
    inspect.getattr_static(BodyModel, "resolve").__func__
)
lax_query_resolve: Callable[[type[QueryModel], HttpRequest, Any, dict[str, Any]], QueryModel] = (
    inspect.getattr_static(QueryModel, "resolve").__func__
)


def is_date_time(value: str) -> bool:
    return QUERY_FORMS[datetime][0].fullmatch(value) is not None


@cache
def body_validator(model: type[BaseModel]) -> jsonschema_rs.Validator:
    """The body's JSON Schema exactly as the OpenAPI document gives it, as a validator."""
    schema = model.model_json_schema(
        by_alias=True, mode="validation", schema_generator=NinjaGenerateJsonSchema
    )
    local_times(schema)
    # Date-times as pydantic reads them: the zone may be left out (then it is UTC).
    return jsonschema_rs.validator_for(
        schema, validate_formats=True, formats={"date-time": is_date_time}
    )


def described(
    error: jsonschema_rs.ValidationError, prefix: tuple[str, ...]
) -> list[dict[str, Any]]:
    """One problem per field, worded like pydantic's own for the same mistake."""
    where = (*prefix, *error.instance_path)
    if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        return [
            {"loc": (*where, extra), "msg": "Extra inputs are not permitted"}
            for extra in error.kind.unexpected
        ]
    if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required):
        return [{"loc": (*where, error.kind.property), "msg": "Field required"}]
    return [{"loc": where, "msg": shortened(error.message)}]


def shortened(message: str, keep: int = 60) -> str:
    """The message with the middle of a long value cut out: it quotes the value, and a 2 MB
    note came back in full, twice, in the answer that refused it."""
    if len(message) <= 3 * keep:
        return message
    return f"{message[:keep]}…{message[-keep:]}"


def resolve_body(
    cls: type[BodyModel], request: HttpRequest, api: Any, path_params: dict[str, Any]
) -> BodyModel:
    name = getattr(cls, "__read_from_single_attr__", None)
    if request.body and name:
        try:
            value = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise HttpError(400, _("The request body is not valid JSON.")) from None
        problems = [
            problem
            for error in body_validator(cls).iter_errors({name: value})
            for problem in described(error, ("body", name))
        ]
        if problems:
            raise NinjaValidationError(problems)
    return lax_body_resolve(cls, request, api, path_params)


def unwrapped(annotation: Any) -> list[Any]:
    """The types an annotation allows (Optional and unions opened, Annotated unwrapped)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in unwrapped(arg)]
    return [annotation]


def scalar_form(annotation: Any) -> type | None:
    for kind in unwrapped(annotation):
        if not isinstance(kind, type) or typing.get_origin(kind) is not None:
            continue  # a list or other container: not one scalar
        for scalar in QUERY_FORMS:  # datetime before date: it is a date too
            if issubclass(kind, scalar):
                return scalar
    return None


@cache
def query_forms(model: type[BaseModel]) -> dict[str, type]:
    """Query name -> the scalar type it holds, through schemas Ninja flattens into the query."""
    forms: dict[str, type] = {}
    for name, field in model.model_fields.items():
        models = [
            t
            for t in unwrapped(field.annotation)
            if isinstance(t, type) and typing.get_origin(t) is None and issubclass(t, BaseModel)
        ]
        if models:
            forms.update(query_forms(models[0]))
        elif (scalar := scalar_form(field.annotation)) is not None:
            forms[field.alias or name] = scalar
    return forms


def resolve_query(
    cls: type[QueryModel], request: HttpRequest, api: Any, path_params: dict[str, Any]
) -> QueryModel:
    problems: list[InitErrorDetails] = []
    for name, scalar in query_forms(cls).items():
        pattern, form = QUERY_FORMS[scalar]
        for value in request.GET.getlist(name):
            if not pattern.fullmatch(value):
                problems.append(
                    {
                        "type": PydanticCustomError(
                            "query_form", "write it as {form}", {"form": form}
                        ),
                        "loc": (name,),
                        "input": value,
                    }
                )
    if problems:
        raise ValidationError.from_exception_data(cls.__name__, problems)
    return lax_query_resolve(cls, request, api, path_params)


def install() -> None:
    # Replacing Ninja's classmethods is the point, which mypy takes for a mistake.
    BodyModel.resolve = classmethod(resolve_body)  # type: ignore[method-assign,assignment]  # on purpose
    QueryModel.resolve = classmethod(resolve_query)  # type: ignore[method-assign,assignment]  # on purpose
