"""OpenAPI names each schema once: two classes with one name would overwrite each other in
`components/schemas`, and every operation naming the loser would document the wrong shape."""

from __future__ import annotations

from collections import defaultdict

import pydantic

from recoverycircle.api import api
from tests.project import project_apps


def project_schemas() -> dict[str, set[str]]:
    api.get_openapi_schema()  # imports every router's module
    app_modules = tuple(f"{config.name}." for config in project_apps())
    found: dict[str, set[str]] = defaultdict(set)
    seen: set[type] = set()
    todo: list[type] = [pydantic.BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            todo.append(sub)
            top_level = "." not in sub.__qualname__  # nested ones are Ninja's query inputs
            if top_level and sub.__module__.startswith((*app_modules, "recoverycircle.")):
                found[sub.__name__].add(f"{sub.__module__}.{sub.__qualname__}")
    return found


def test_it_gives_every_api_schema_its_own_name() -> None:
    clashes = {name: where for name, where in project_schemas().items() if len(where) > 1}
    assert clashes == {}


def test_it_documents_each_schema_as_its_class_defines_it() -> None:
    from conversations.api import ThreadMessageIn
    from toolkit.api import CravingMessageIn

    schemas = api.get_openapi_schema()["components"]["schemas"]
    for model in (ThreadMessageIn, CravingMessageIn):
        assert set(schemas[model.__name__]["properties"]) == set(model.model_fields)
