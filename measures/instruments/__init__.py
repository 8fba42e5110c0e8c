"""Every questionnaire the app offers: each module in this package exports `DEFINITION`, so a
new measure is one new file here (see docs/measures.md)."""

from __future__ import annotations

import importlib
import pkgutil

from measures.definitions import Definition, DefinitionError


def load() -> dict[str, Definition]:
    found: dict[str, Definition] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        definition = importlib.import_module(f"{__name__}.{module.name}").DEFINITION
        if definition.code in found:
            raise DefinitionError(f"two instruments use the code {definition.code!r}")
        found[definition.code] = definition
    return dict(sorted(found.items(), key=lambda pair: (pair[1].order, pair[0])))


INSTRUMENTS: dict[str, Definition] = load()


def get(code: str) -> Definition | None:
    return INSTRUMENTS.get(code)


def all_definitions() -> list[Definition]:
    return list(INSTRUMENTS.values())
