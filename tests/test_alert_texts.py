"""An alert's words, written once in each language: every form a text may take."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.texts import Day, Message, in_every_language, many_in_every_language, pick

SUBJECT = gettext_lazy("%(name)s has not checked in today (%(day)s)")


def test_it_writes_each_kind_of_text_in_every_language() -> None:
    subject, body, others = in_every_language(
        Message(SUBJECT, {"name": "Sam", "day": Day(date(2026, 12, 1))}),
        lambda: _("%(name)s checked in again") % {"name": "Sam"},
    )
    assert (subject, body) == (
        "Sam has not checked in today (Tuesday 1 December)",
        "Sam checked in again",
    )
    assert others == {
        "es": [
            "Sam no ha hecho su registro de hoy (martes 1 de diciembre)",
            "Sam volvió a hacer su registro",
        ]
    }
    assert in_every_language(gettext_lazy("Help done"), "") == (
        "Help done",
        "",
        {"es": ["Ayuda realizada", ""]},
    )
    assert in_every_language("My own words", "") == ("My own words", "", {})


def test_it_writes_only_the_languages_each_alerts_readers_read() -> None:
    lazy = gettext_lazy("Help done")
    found = many_in_every_language([(lazy, ""), (lazy, "")], [{"en"}, {"en", "es"}])
    assert [others for _s, _b, others in found] == [{}, {"es": ["Ayuda realizada", ""]}]


def test_it_picks_the_readers_words_or_the_default() -> None:
    texts = {"es": ["Hola", "Cuerpo"]}
    assert pick(("Hi", "Body"), texts, "es-mx") == ("Hola", "Cuerpo")
    assert pick(("Hi", "Body"), texts, "fr") == ("Hi", "Body")
