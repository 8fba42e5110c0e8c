"""The one registry (recoverycircle/registry.py) and the one list of apps
(settings.PROJECT_APPS), which the API, the URLs and the package list follow."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from setuptools import find_packages

from recoverycircle import registry
from recoverycircle.api import api
from recoverycircle.apps import project_apps
from recoverycircle.registry import Registry


def test_it_keeps_each_contribution_once_in_order() -> None:
    def first() -> None: ...
    def second() -> None: ...
    def early() -> None: ...

    found: Registry[object] = Registry("things")
    found.add(first, second)
    found.add(early, order=10)
    found.add(first)
    assert list(found) == [early, first, second]
    assert len(found) == 3 and second in found


def test_it_installs_the_project_apps_from_the_one_list() -> None:
    assert settings.INSTALLED_APPS[-len(settings.PROJECT_APPS) :] == settings.PROJECT_APPS
    assert [app.name for app in project_apps()] == settings.PROJECT_APPS


def test_it_declares_each_apps_api_and_pages_as_its_files_are() -> None:
    for app in project_apps():
        assert app.has_api == (find_spec(f"{app.name}.api") is not None), app.name
        assert (app.url_prefix is not None) == (find_spec(f"{app.name}.urls") is not None)


def test_it_adds_every_router_once_with_the_check_in_first() -> None:
    routers = [router for _, router in api._routers if router.tags]
    with_api = [app.name for app in project_apps() if app.has_api]
    assert len(routers) == len(with_api)
    assert routers[0].tags == ["checkins"]


def test_it_includes_every_apps_pages() -> None:
    assert reverse("accounts:login") == "/accounts/login/"
    assert reverse("audit:access_log") == "/access-log/"
    assert reverse("groups:list") == "/groups/"


def test_it_packages_every_app_without_naming_them() -> None:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        find = tomllib.load(file)["tool"]["setuptools"]["packages"]["find"]
    assert "include" not in find
    found = set(find_packages(str(settings.BASE_DIR), exclude=find["exclude"]))
    assert {*settings.PROJECT_APPS, "recoverycircle"} <= found
    assert not {p for p in found if p.startswith("tests")}


def test_it_is_filled_only_in_the_apps_ready() -> None:
    """One way to extend: `registry.<point>.add(...)` appears in apps.py files only."""
    outside = []
    for app in ["recoverycircle", *settings.PROJECT_APPS]:
        for path in (settings.BASE_DIR / app).rglob("*.py"):
            if path.name != "apps.py" and any(registry_adds(path)):
                outside.append(str(path.relative_to(settings.BASE_DIR)))
    assert outside == []
    assert any(registry_adds(settings.BASE_DIR / "helpboard" / "apps.py"))


def registry_adds(path: Path) -> list[ast.Call]:
    """The calls `registry.<point>.add(...)` in a file."""
    return [
        node
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "add"
        and isinstance(node.func.value, ast.Attribute)
        and isinstance(node.func.value.value, ast.Name)
        and node.func.value.value.id == "registry"
    ]


def test_it_has_every_extension_filled() -> None:
    assert len(registry.home_sections) >= 12
    assert len(registry.supporter_sections) >= 8
    assert len(registry.trend_sections) >= 1
    assert len(registry.periodic_jobs) >= 8
    assert len(registry.calendar_providers) == 3
    assert len(registry.signal_rules) >= 13
    assert len(registry.membership_changed) == 1
    assert len(registry.crisis_hooks) == 1
    assert len(registry.client_data_saved) == 1
    assert len(registry.demo_fillers) == 7


def test_it_runs_every_signal_rule_that_is_written() -> None:
    """A Rule made (with `@rule(...)` or `Rule(...)`) but not added in an apps.py would
    silently never fire."""
    from importlib import import_module

    from signals.rules import Rule

    written = []
    for name in ["rules", "plan_links", "measure_links", "contact_links"]:
        written += list(vars(import_module(f"signals.{name}")).values())
    written += list(vars(import_module("toolkit.signal_rules")).values())
    rules = [r for v in written for r in (v if isinstance(v, list) else [v]) if isinstance(r, Rule)]
    assert len(rules) >= 13
    assert [r.code for r in rules if r not in registry.signal_rules] == []


def test_it_keeps_every_app_in_the_import_layers() -> None:
    """A new app must take its place in the layers (pyproject.toml), or its imports go
    unchecked."""
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        linter = tomllib.load(file)["tool"]["importlinter"]
    apps = {"recoverycircle", *settings.PROJECT_APPS}
    assert set(linter["root_packages"]) == apps
    layers = linter["contracts"][0]["layers"]
    in_layers = {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}
    assert in_layers == apps
