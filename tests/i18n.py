"""Helpers the translation tests share: every project app's Spanish catalog."""

from __future__ import annotations

from pathlib import Path

import polib
from django.apps import AppConfig


def catalog_path(config: AppConfig) -> Path:
    return Path(config.path) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def catalog(config: AppConfig) -> polib.POFile | None:
    path = catalog_path(config)
    return polib.pofile(str(path)) if path.exists() else None
