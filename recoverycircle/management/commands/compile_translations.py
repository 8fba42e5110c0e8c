"""Compiles every app's `locale/*/LC_MESSAGES/django.po` into the `.mo` file Django reads.

Django's own `compilemessages` needs GNU gettext's `msgfmt`, which a fresh machine may not have;
this does the same with polib, a small pure-Python library, so `make run` and `make test` need
nothing beyond Python. A `.mo` newer than its `.po` is left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogs() -> list[Path]:
    base = Path(settings.BASE_DIR)
    skip = {".venv", "node_modules", "staticfiles"}
    return sorted(
        po
        for po in base.rglob("locale/*/LC_MESSAGES/django.po")
        if not skip.intersection(po.relative_to(base).parts)
    )


def compile_catalog(po_path: Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    catalog = polib.pofile(str(po_path))
    # Like msgfmt without --use-fuzzy: a fuzzy entry is a guess, and a guess is not shown.
    for entry in catalog.fuzzy_entries():
        catalog.remove(entry)
    catalog.save_as_mofile(str(mo_path))
    return True


class Command(BaseCommand):
    help = "Compile the translation catalogs (.po) into .mo files, without GNU gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = [po for po in catalogs() if compile_catalog(po)]
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"{len(compiled)} translation catalog(s) compiled")
