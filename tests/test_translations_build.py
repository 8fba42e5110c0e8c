"""The catalogs are compiled in Python, so a fresh machine needs no GNU gettext."""

from __future__ import annotations

import gettext
import os
from pathlib import Path

import polib

from recoverycircle.management.commands.compile_translations import catalogs, compile_catalog


def write_catalog(folder: Path) -> Path:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    catalog.append(polib.POEntry(msgid="Check in", msgstr="Registrarme"))
    catalog.append(polib.POEntry(msgid="A guess", msgstr="Una conjetura", flags=["fuzzy"]))
    po = folder / "django.po"
    catalog.save(str(po))
    return po


def test_it_compiles_a_catalog_that_gettext_reads_without_fuzzy_guesses(tmp_path: Path) -> None:
    po = write_catalog(tmp_path)
    assert compile_catalog(po) is True
    with po.with_suffix(".mo").open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    assert translations.gettext("Check in") == "Registrarme"
    assert translations.gettext("A guess") == "A guess"


def test_it_leaves_a_compiled_catalog_alone_until_its_source_changes(tmp_path: Path) -> None:
    po = write_catalog(tmp_path)
    compile_catalog(po)
    assert compile_catalog(po) is False
    later = po.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po, (later, later))
    assert compile_catalog(po) is True


def test_it_finds_every_apps_spanish_catalog() -> None:
    found = {po.parts[-5] for po in catalogs()}
    assert {"recoverycircle", "accounts", "checkins", "crisis"} <= found
