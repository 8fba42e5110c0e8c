"""What the translation tests check, and helpers they share.

CHECKED_APPS: the apps whose templates, pages and catalogs must already be all Spanish. Apps
are added as their strings are marked and translated; once every project app is in it, the
variants over all apps (marked xfail until then) are the same test and can go."""

from __future__ import annotations

from pathlib import Path

import polib
from django.apps import AppConfig

from tests.project import project_apps

CHECKED_APPS = frozenset(
    {
        "recoverycircle",
        "accounts",
        "audit",
        "circle",
        "checkins",
        "sobriety",
        "alerts",
        "crisis",
        "signals",
        "ratelimits",
    }
)


def apps_to_check(everything: bool) -> list[AppConfig]:
    return [c for c in project_apps() if everything or c.label in CHECKED_APPS]


def catalog_path(config: AppConfig) -> Path:
    return Path(config.path) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def catalog(config: AppConfig) -> polib.POFile | None:
    path = catalog_path(config)
    return polib.pofile(str(path)) if path.exists() else None
