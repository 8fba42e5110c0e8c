"""The strict reading of API input (recoverycircle.strict_input), its parts called directly:
which query values match the one documented form, how annotations are opened, local times of
day in the published schema, and the problems reported one per field."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field

from recoverycircle.strict_input import (
    QUERY_FORMS,
    body_validator,
    described,
    is_date_time,
    local_times,
    query_forms,
    scalar_form,
    unwrapped,
)


@pytest.mark.parametrize(
    ("kind", "value", "matches"),
    [
        (bool, "true", True),
        (bool, "1", False),
        (bool, "True", False),
        (int, "-3", True),
        (int, "3.0", False),
        (int, "", False),
        (date, "2026-03-01", True),
        (date, "0", False),
        (date, "2026-3-1", False),
        (time, "18:30", True),
        (time, "18:30:05.5", True),
        (time, "18:30+01:00", False),
        (datetime, "2026-03-01T18:30:00Z", True),
        (datetime, "2026-03-01 18:30", True),
        (datetime, "2026-03-01T18:30:00+0100", True),
        (datetime, "2026-03-01", False),
    ],
)
def test_it_knows_the_one_form_of_each_query_value(kind: type, value: str, matches: bool) -> None:
    pattern, _form = QUERY_FORMS[kind]
    assert (pattern.fullmatch(value) is not None) is matches


def test_it_reads_a_date_time_without_a_zone_as_pydantic_does() -> None:
    assert is_date_time("2026-03-08T02:30:00")  # a time the clocks skipped in New York
    assert not is_date_time("yesterday")


def test_it_opens_optional_and_annotated_types() -> None:
    assert unwrapped(int | None) == [int, type(None)]
    assert unwrapped(Annotated[date | None, "doc"]) == [date, type(None)]
    assert unwrapped(str) == [str]


def test_it_finds_the_scalar_a_parameter_holds() -> None:
    assert scalar_form(datetime | None) is datetime  # before date, which it also is
    assert scalar_form(date) is date
    assert scalar_form(Annotated[bool, "x"]) is bool
    assert scalar_form(str) is None
    assert scalar_form(list[int]) is None  # a list is not one scalar


class Window(BaseModel):
    since: date | None = None
    limit: int = 20


class Filters(BaseModel):
    window: Window
    shared: bool = False
    text: str = ""
    at: Annotated[time | None, Field(alias="at_time")] = None


def test_it_maps_query_names_through_nested_schemas_and_aliases() -> None:
    assert query_forms(Filters) == {
        "since": date,
        "limit": int,
        "shared": bool,
        "at_time": time,
    }


def test_it_publishes_a_local_time_of_day_without_a_zone() -> None:
    schema: dict[str, Any] = {
        "properties": {
            "due": {"type": "string", "format": "time"},
            "when": {"type": "string", "format": "date-time"},
            "list": {"items": [{"type": "string", "format": "time", "description": "Mine"}]},
        }
    }
    local_times(schema)
    due = schema["properties"]["due"]
    assert "format" not in due and due["pattern"].startswith("^([01]\\d|2[0-3])")
    assert schema["properties"]["when"]["format"] == "date-time"
    (listed,) = schema["properties"]["list"]["items"]
    assert listed["description"] == "Mine" and "pattern" in listed


class Body(BaseModel):
    day: date
    due: time
    shared: bool = False


def test_it_validates_a_body_as_the_document_describes_it() -> None:
    check = body_validator(Body)
    assert check.is_valid({"day": "2026-03-01", "due": "20:00"})
    assert not check.is_valid({"day": 0, "due": "20:00"})  # lax pydantic: 1 January 1970
    assert not check.is_valid({"day": "2026-03-01", "due": "24:00"})
    assert not check.is_valid({"day": "2026-03-01", "due": "20:00", "shared": 0})


def test_it_reports_each_problem_at_its_field() -> None:
    check = body_validator(Body)
    problems = [
        problem
        for error in check.iter_errors({"due": "25:00", "shared": "yes"})
        for problem in described(error, ("body", "data"))
    ]
    where = {problem["loc"]: problem["msg"] for problem in problems}
    assert where[("body", "data", "day")] == "Field required"
    assert ("body", "data", "due") in where and ("body", "data", "shared") in where
