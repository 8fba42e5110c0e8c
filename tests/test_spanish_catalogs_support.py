"""The Spanish catalogs of the support apps (questionnaires, plan, help board, calendar,
meetings, events, contacts, toolkit, conversations, groups) are complete and safe to use:
every entry translated (every plural form too), nothing fuzzy, the same placeholders and the
same HTML tags as the English, and no marked string missing from its app's catalog."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

SUPPORT_APPS = (
    "measures",
    "plans",
    "helpboard",
    "calendars",
    "events",
    "contacts",
    "meetings",
    "toolkit",
    "conversations",
    "groups",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]")
TAG = re.compile(r"</?([a-z]+)[\s>]")


def catalog_path(app: str) -> Path:
    return Path(settings.BASE_DIR) / app / "locale" / "es" / "LC_MESSAGES" / "django.po"


def catalog(app: str) -> polib.POFile:
    return polib.pofile(str(catalog_path(app)))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def translations_of(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English, Spanish) pairs: one for a plain entry, one per form for a plural entry."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [(entry.msgid_plural, form) for _, form in sorted(entry.msgstr_plural.items())]


@pytest.mark.parametrize("app", SUPPORT_APPS)
def test_it_translates_every_entry_of_the_catalog(app: str) -> None:
    po = catalog(app)
    assert po.metadata.get("Language") == "es"
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"{app}: untranslated {untranslated}"
    assert fuzzy == [], f"{app}: fuzzy {fuzzy}"


@pytest.mark.parametrize("app", SUPPORT_APPS)
def test_it_fills_every_plural_form(app: str) -> None:
    plural_forms = catalog(app).metadata["Plural-Forms"]
    found = re.search(r"nplurals=(\d+)", plural_forms)
    assert found is not None, f"{app}: no nplurals in {plural_forms!r}"
    count = int(found.group(1))
    for entry in catalog(app):
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            assert len(forms) == count and all(forms.values()), entry.msgid


@pytest.mark.parametrize("app", SUPPORT_APPS)
def test_it_keeps_the_placeholders_and_tags_of_every_message(app: str) -> None:
    for entry in catalog(app):
        for english, spanish in translations_of(entry):
            if not spanish:
                continue
            assert placeholders(spanish) == placeholders(english), (english, spanish)
            assert tags(spanish) == tags(english), (english, spanish)


def test_it_catches_a_changed_placeholder() -> None:
    """The placeholder check itself fails on the mistakes it is there for."""
    assert placeholders("Hola %(nombre)s") != placeholders("Hello %(name)s")
    assert placeholders("Hola") != placeholders("Hello %(name)s")
    assert tags('<a href="%(url)s">aquí</a>') == tags('<a href="%(url)s">here</a>')
    assert tags("aquí") != tags('<a href="%(url)s">here</a>')


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
@pytest.mark.parametrize("app", SUPPORT_APPS)
def test_it_has_every_marked_string_in_the_catalog(
    app: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gathering the app's marked strings again (as `make messages` does) adds nothing new."""
    copy = tmp_path / app
    shutil.copytree(
        Path(settings.BASE_DIR) / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    gathered = polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in catalog(app)}
    missing = sorted(
        e.msgid for e in gathered if (e.msgctxt, e.msgid) not in known and not e.obsolete
    )
    assert missing == [], f"{app}: run `make messages` and translate {missing}"
