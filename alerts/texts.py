"""An alert's words in every language the site speaks, written when the alert is raised.

An alert goes to people who may read different languages (an English client, a Spanish
supporter), and its words often hold things that are themselves translated (a day's name, a
kind of help). So the subject and body are given as a `Text` that can be rendered again: a
lazy translation (`gettext_lazy("Help done")`), a `Message` (a lazy translation with named
values), or a function returning the words (`lambda: _("%(name)s checked in again") %
{"name": client}`). Each is rendered once under each language and stored on the alert; the
inbox and the e-mail then show the version in the reader's language. A plain `str` is the
same in every language (a person's own words)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import final

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from recoverycircle import humane


@final  # so `type(text) is Message` below leaves only a function after it
@dataclass(frozen=True)
class Message:
    """Words with named values, `Message(gettext_lazy("%(name)s ..."), {"name": client})`.

    The cheap form for alerts raised by the thousand (the sweep): the words are translated
    once per language for the whole batch, not once per alert. A value may be a `Text`
    itself (a function giving a day's name in the active language)."""

    words: Promise
    values: Mapping[str, object]


@dataclass(frozen=True)
class Day:
    """A day, named in the language being written: "Tuesday 1 December", "martes 1 de
    diciembre" (a style of recoverycircle.humane.DATE_FORMATS)."""

    day: date
    style: str = "weekday"


Text = str | Promise | Message | Callable[[], str]


class Renderer:
    """Renders texts in the active language, translating each lazy message once."""

    def __init__(self) -> None:
        self.translated: dict[int, str] = {}
        self.days: dict[Day, str] = {}

    def __call__(self, text: Text) -> str:
        if type(text) is str:
            return text
        if type(text) is Message:
            # The sweep's path, thousands of times a batch: plain values pass straight on.
            values = {
                name: v if type(v) is str else self.value(v) for name, v in text.values.items()
            }
            words = self.translated.get(id(text.words))
            return (words if words is not None else self.words(text.words)) % values
        if isinstance(text, Promise):
            return self.words(text)
        return str(text) if isinstance(text, str) else text()

    def value(self, value: object) -> object:
        kind = type(value)
        if kind is str or kind is int:
            return value
        if kind is Day:
            assert isinstance(value, Day)
            if value not in self.days:
                self.days[value] = humane.dated(value.day, value.style)
            return self.days[value]
        if isinstance(value, Promise | Message) or callable(value):
            return self(value)
        return value

    def words(self, lazy: Promise) -> str:
        # Keyed by the object: a module's lazy message is one object for every alert.
        key = id(lazy)
        if key not in self.translated:
            self.translated[key] = str(lazy)
        return self.translated[key]


def render(text: Text) -> str:
    """The words of `text` in the active language."""
    return Renderer()(text)


def in_every_language(subject: Text, body: Text) -> tuple[str, str, dict[str, list[str]]]:
    """The subject and body in the site's default language, and in each other language
    where they read differently (`{"es": [subject, body]}`)."""
    return many_in_every_language([(subject, body)])[0]


def many_in_every_language(
    pairs: list[tuple[Text, Text]], readers: list[set[str]] | None = None
) -> list[tuple[str, str, dict[str, list[str]]]]:
    """Like `in_every_language` for many alerts, switching language once per language
    rather than once per alert (the sweep raises thousands at a time). With `readers` (the
    languages of each alert's recipients), an alert is written only in the languages its
    readers read besides the default."""
    with translation.override(settings.LANGUAGE_CODE):
        rendered = Renderer()
        firsts = [[rendered(subject), rendered(body)] for subject, body in pairs]
    others: list[dict[str, list[str]]] = [{} for _pair in pairs]
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        with translation.override(code):
            rendered = Renderer()
            for index, (subject, body) in enumerate(pairs):
                if readers is not None and code not in readers[index]:
                    continue
                words = [rendered(subject), rendered(body)]
                if words != firsts[index]:
                    others[index][code] = words
    return [(first[0], first[1], other) for first, other in zip(firsts, others, strict=True)]


def pick(default: tuple[str, str], texts: dict[str, list[str]], language: str) -> tuple[str, str]:
    """The (subject, body) for a reader of `language` ("es", "es-mx"), else the default."""
    found = texts.get(language) or texts.get(language.split("-")[0])
    return (found[0], found[1]) if found else default


def in_reader_language(default: tuple[str, str], texts: dict[str, list[str]]) -> tuple[str, str]:
    """The pair for whoever reads now: the active language of the page, e-mail or API call."""
    return pick(default, texts, translation.get_language() or settings.LANGUAGE_CODE)


__all__ = [
    "Day",
    "Message",
    "Text",
    "in_every_language",
    "in_reader_language",
    "many_in_every_language",
    "pick",
    "render",
]
