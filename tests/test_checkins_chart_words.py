"""The words under a check-in chart (checkins.charts.describe) in both languages: each number
takes its own plural, so a one-day range reads "1 check-in in 1 day", not "in 1 days"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from checkins.charts import MEASURES, Measure, describe

START = date(2026, 3, 2)


def craving() -> Measure:
    return next(m for m in MEASURES if m.key == "craving")


def first(words: str) -> str:
    """The sentence that counts, without the averages after it."""
    return words.split(". ", 1)[0] + "."


@pytest.mark.parametrize(
    ("language", "one_day", "seven_days"),
    [
        ("en", "1 check-in in 1 day.", "1 check-in in 7 days."),
        ("es", "1 registro en 1 día.", "1 registro en 7 días."),
    ],
)
def test_it_words_the_days_of_the_range_with_their_own_plural(
    language: str, one_day: str, seven_days: str
) -> None:
    with translation.override(language):
        assert first(describe(craving(), {START: 3.0}, START, START)) == one_day
        week = describe(craving(), {START: 3.0}, START, START + timedelta(days=6))
        assert first(week) == seven_days


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "3 check-ins in 30 days."), ("es", "3 registros en 30 días.")],
)
def test_it_words_several_check_ins_in_several_days(language: str, words: str) -> None:
    by_day = {START + timedelta(days=n): 2.0 for n in (0, 4, 9)}
    with translation.override(language):
        assert first(describe(craving(), by_day, START, START + timedelta(days=29))) == words


@pytest.mark.parametrize(
    ("language", "one_day", "seven_days"),
    [
        ("en", "No check-ins on this day yet.", "No check-ins in these 7 days yet."),
        (
            "es",
            "Todavía no hay registros en este día.",
            "Todavía no hay registros en estos 7 días.",
        ),
    ],
)
def test_it_says_so_when_a_range_has_no_check_ins(
    language: str, one_day: str, seven_days: str
) -> None:
    with translation.override(language):
        assert describe(craving(), {}, START, START) == one_day
        assert describe(craving(), {}, START, START + timedelta(days=6)) == seven_days
