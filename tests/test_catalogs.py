"""The Spanish catalogs: one for every app, complete, never a fuzzy guess, every plural form
filled, and the same placeholders in a translation as in its English, so a translation can
never raise an error or drop a name."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from tests.i18n import catalog
from tests.project import project_apps

# %(name)s, %s, %d, %%, and {name} (a few strings are formatted with str.format).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr%]|\{\w*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [text for text in entry.msgstr_plural.values() if text]
    return [entry.msgstr] if entry.msgstr else []


def problems_in(po: polib.POFile) -> list[str]:
    found: list[str] = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        english = placeholders(entry.msgid)
        for text in translations(entry):
            plural_english = placeholders(entry.msgid_plural) if entry.msgid_plural else english
            # A singular may say "one" instead of the number: its placeholders may be fewer.
            if placeholders(text) not in (english, plural_english) and not (
                entry.msgid_plural and set(placeholders(text)) <= set(plural_english)
            ):
                found.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
        if not entry.translated():
            found.append(f"not translated: {entry.msgid!r}")
        if entry.msgid_plural and entry.translated():
            forms = int(po.metadata["Plural-Forms"].partition("nplurals=")[2].split(";")[0])
            if len([t for t in entry.msgstr_plural.values() if t]) != forms:
                found.append(f"plural forms missing: {entry.msgid!r}")
    return found


def test_it_has_a_complete_spanish_catalog_for_every_app() -> None:
    problems: dict[str, list[str]] = {}
    for config in project_apps():
        po = catalog(config)
        if po is None:
            problems[config.label] = ["no Spanish catalog (locale/es/LC_MESSAGES/django.po)"]
        elif found := problems_in(po):
            problems[config.label] = found
    assert problems == {}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_it_has_every_marked_string_in_its_apps_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gathering the marked strings again (as `make messages` does) finds none missing."""
    for config in project_apps():
        shutil.copytree(
            config.path,
            tmp_path / config.label,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo", "migrations"),
        )
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    missing: dict[str, list[str]] = {}
    for config in project_apps():
        known = {(e.msgctxt, e.msgid) for e in catalog(config) or []}
        gathered = catalog_of(tmp_path / config.label)
        if found := sorted(e.msgid for e in gathered if (e.msgctxt, e.msgid) not in known):
            missing[config.label] = found
    assert missing == {}, "run `make messages` and translate what it adds"


def catalog_of(app: Path) -> list[polib.POEntry]:
    path = app / "locale" / "es" / "LC_MESSAGES" / "django.po"
    return [e for e in polib.pofile(str(path)) if not e.obsolete] if path.exists() else []


def test_it_catches_a_lost_placeholder_and_a_fuzzy_guess() -> None:
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Hola"))
    po.append(polib.POEntry(msgid="Ok", msgstr="Vale", flags=["fuzzy"]))
    po.append(
        polib.POEntry(
            msgid="%(n)d day", msgid_plural="%(n)d days", msgstr_plural={0: "un día", 1: ""}
        )
    )
    po.append(polib.POEntry(msgid="Later", msgstr=""))
    assert problems_in(po) == [
        "placeholders differ: 'Hello %(name)s' -> 'Hola'",
        "fuzzy: 'Ok'",
        "not translated: 'Ok'",
        "not translated: '%(n)d day'",
        "not translated: 'Later'",
    ]
