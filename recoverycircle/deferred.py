"""Words written when they are read, not when the code runs.

A notification to several people (a client's circle) may be read in several languages. Its
subject and body are given as `deferred(lambda: _("...") % {...})`: a string that renders its
words each time it is turned into text, so whoever stores or shows it renders it under the
language active then (the alerts app renders an alert once per language)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import lazy


def deferred(words: Callable[[], str]) -> str:
    """`words()` again each time the result is used as text, in the language active then."""
    return lazy(words, str)()
