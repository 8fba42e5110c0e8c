"""The project's own apps (not Django's or a library's), for tests that must cover every app,
including one added later."""

from __future__ import annotations

import sys
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings


def project_apps() -> list[AppConfig]:
    base = Path(settings.BASE_DIR).resolve()
    environment = Path(sys.prefix).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and not Path(config.path).resolve().is_relative_to(environment)
    ]
