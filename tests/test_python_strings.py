"""User-facing words in the Python code are marked for translation, and translated.

- A refusal (`ServiceError` and its subclasses, recoverycircle/errors.py) is shown to the person
  as it is: its message is never a bare string or an f-string, but a translation (or a value
  made from one).
- Every string marked for translation in the Python code has a Spanish translation in a
  catalog (a check that needs no GNU gettext, unlike `make messages`).
- What an access rule (`@access_rule(..., what=...)`) and a staff admin page write to a client's
  access log is stored in English, marked with `gettext_noop`, and translated when the client
  reads the log: it must be a plain string (a lazy translation would be stored in the reader's
  language of the moment) with a Spanish translation.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from audit.models import shown, staff_read
from audit.staff_admin import ClientDataAdmin
from recoverycircle.api import api
from recoverycircle.errors import ServiceError
from tests.i18n import catalog
from tests.project import project_apps


def subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(subclasses(sub) for sub in found))


def python_files() -> Iterator[Path]:
    for config in project_apps():
        for path in sorted(Path(config.path).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def bare_words(node: ast.expr) -> bool:
    """Whether a message is words nobody translated: a string, an f-string, or one of them
    joined or formatted (`"..." % x`, `"a" + b`)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return bare_words(node.left) or (isinstance(node.op, ast.Add) and bare_words(node.right))
    return False


def untranslated_refusals(source: str, refusals: set[str]) -> list[tuple[int, str]]:
    """(line, message) of each refusal built with a message nobody translated."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or name_of(node.func) not in refusals:
            continue
        message = node.args[0] if node.args else None
        for keyword in node.keywords:
            if keyword.arg == "message":
                message = keyword.value
        if message is not None and bare_words(message):
            found.append((node.lineno, ast.unparse(message)))
    return found


def test_it_finds_every_refusal_message_translated() -> None:
    refusals = {cls.__name__ for cls in subclasses(ServiceError)} | {"ServiceError"}
    assert {"Invalid", "Forbidden", "NotFound", "Conflict", "TooMany"} <= refusals
    problems = {
        str(path): found
        for path in python_files()
        if (found := untranslated_refusals(path.read_text(), refusals))
    }
    assert problems == {}


def test_it_tells_a_translated_refusal_from_a_bare_one() -> None:
    source = """
raise PlanError(_("Write something first."), "text")
raise PlanError(_("Ask for %(n)d days.") % {"n": 3})
raise PlanError(message)
raise PlanError(f"{name}: nope")
raise PlanError("Write something first.")
raise PlanError("Too long: " + name)
raise PlanError(message="Not yours %s" % name)
raise ValueError("a bug, for developers")
"""
    assert untranslated_refusals(source, {"PlanError"}) == [
        (5, "f'{name}: nope'"),
        (6, "'Write something first.'"),
        (7, "'Too long: ' + name"),
        (8, "'Not yours %s' % name"),
    ]


# Marking functions and where their message is: (context argument, message argument).
MARKERS = {
    **dict.fromkeys(
        ["_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"], (None, 0)
    ),
    **dict.fromkeys(["pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"], (0, 1)),
}


def marked_strings(source: str) -> list[tuple[int, str | None, str]]:
    """(line, context, message) of each literal message marked for translation."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or name_of(node.func) not in MARKERS:
            continue
        context_at, message_at = MARKERS[name_of(node.func)]
        values = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        message = values[message_at] if len(values) > message_at else None
        context = values[context_at] if context_at is not None and values else None
        if isinstance(message, str) and message:
            found.append((node.lineno, context if isinstance(context, str) else None, message))
    return found


def test_it_has_a_spanish_translation_for_every_string_marked_in_python() -> None:
    translated = {
        (entry.msgctxt, entry.msgid)
        for config in project_apps()
        for entry in catalog(config) or []
        if entry.translated() and not entry.obsolete
    }
    missing = [
        f"{path}:{line}: {message!r}"
        for path in python_files()
        for line, context, message in marked_strings(path.read_text())
        if (context, message) not in translated
    ]
    assert len(translated) > 500, "found too few translations: the catalogs were not read"
    assert missing == []


def test_it_finds_the_strings_marked_in_python() -> None:
    source = """
a = _("Hello")
b = pgettext_lazy("PHQ-9", "Not at all")
c = ngettext("%(n)d day", "%(n)d days", n)
d = gettext_noop("help board")
e = gettext(variable)
f = print("not marked")
"""
    assert marked_strings(source) == [
        (2, None, "Hello"),
        (3, "PHQ-9", "Not at all"),
        (4, None, "%(n)d day"),
        (5, None, "help board"),
    ]


def declared_views() -> Iterator[tuple[str, object]]:
    """(route, view) for every web page and API operation."""

    def web(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[tuple[str, object]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from web(entry.url_patterns, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern), entry.callback

    yield from web(get_resolver().url_patterns, "/")
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield "/api/v1/" + (prefix + path).lstrip("/"), operation.view_func


def access_log_labels() -> dict[str, object]:
    """Every label a route or a staff admin page writes to the access log, by where."""
    labels: dict[str, object] = {}
    for where, view in declared_views():
        if getattr(view, "access_log", False):
            labels[where] = getattr(view, "access_what", "")
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ClientDataAdmin):
            labels[f"admin of {model._meta.label}"] = model_admin.what
    return labels


def test_it_stores_every_access_log_label_in_english_and_translates_it() -> None:
    labels = access_log_labels()
    assert len(labels) >= 20, "found too few access rules: the walk is broken"
    not_plain = {where: repr(what) for where, what in labels.items() if type(what) is not str}
    assert not_plain == {}, "mark access log labels with gettext_noop, not gettext_lazy"
    with translation.override("es"):
        untranslated = {
            where: what
            for where, what in labels.items()
            if isinstance(what, str) and (not what or translation.gettext(what) == what)
        }
    assert untranslated == {}


@pytest.mark.parametrize(
    ("stored", "english", "spanish"),
    [
        ("check-in status", "check-in status", "estado del registro diario"),
        ("sober event: Picnic", "sober event: Picnic", "actividad sin alcohol ni drogas: Picnic"),
        (
            staff_read("account details"),
            "account details (read by staff in the admin)",
            "datos de la cuenta (consultado por el equipo en la administración)",
        ),
        ("something nobody translated", "something nobody translated", ""),
    ],
)
def test_it_shows_an_access_log_label_in_the_readers_language(
    stored: str, english: str, spanish: str
) -> None:
    with translation.override("en"):
        assert shown(stored) == english
    with translation.override("es"):
        assert shown(stored) == (spanish or english)
