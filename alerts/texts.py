"""An alert's words in every language the site speaks, written when the alert is raised.

An alert goes to people who may read different languages (an English client, a Spanish
supporter), and its words often hold things that are themselves translated (a day's name, a
kind of help). So the subject and body are given as a `Text` that can be rendered again: a
lazy translation (`gettext_lazy("Help done")`) or a function returning the words
(`lambda: _("%(name)s checked in again") % {"name": client}`). Each is rendered once under
each language and stored on the alert; the inbox and the e-mail then show the version in the
reader's language. A plain `str` is the same in every language (a person's own words)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

Text = str | Promise | Callable[[], str]


def render(text: Text) -> str:
    """The words of `text` in the active language."""
    if isinstance(text, str):
        return text
    if isinstance(text, Promise):
        return str(text)
    return text()


def in_every_language(subject: Text, body: Text) -> tuple[str, str, dict[str, list[str]]]:
    """The subject and body in the site's default language, and in each other language
    where they read differently (`{"es": [subject, body]}`)."""
    return many_in_every_language([(subject, body)])[0]


def many_in_every_language(
    pairs: list[tuple[Text, Text]],
) -> list[tuple[str, str, dict[str, list[str]]]]:
    """Like `in_every_language` for many alerts, switching language once per language
    rather than once per alert (the sweep raises thousands at a time)."""
    with translation.override(settings.LANGUAGE_CODE):
        firsts = [[render(subject), render(body)] for subject, body in pairs]
    others: list[dict[str, list[str]]] = [{} for _pair in pairs]
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        with translation.override(code):
            for index, (subject, body) in enumerate(pairs):
                words = [render(subject), render(body)]
                if words != firsts[index]:
                    others[index][code] = words
    return [(first[0], first[1], other) for first, other in zip(firsts, others, strict=True)]


def pick(default: tuple[str, str], texts: dict[str, list[str]], language: str) -> tuple[str, str]:
    """The (subject, body) for a reader of `language` ("es", "es-mx"), else the default."""
    found = texts.get(language) or texts.get(language.split("-")[0])
    return (found[0], found[1]) if found else default
