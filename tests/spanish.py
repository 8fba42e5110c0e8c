"""Finding English left on a page rendered in Spanish.

The visible text of the page's <main> (and the aria-label, title, alt and placeholder
attributes there) is searched for common English words that are not Spanish words. Parts
marked lang="en" are skipped: they are in English on purpose (a questionnaire with no validated
Spanish version) and say so to screen readers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Protocol

# Frequent English words that are not also Spanish words (so "a", "no", "me" are not here).
ENGLISH = frozenset(
    re.findall(
        r"\w+",
        """the your you and with this what when who have not yet are was were will can could
        would should there their they them from about into been being which while after before
        here only just any every other please choose show back see save share shared""",
    )
)
VISIBLE_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
VOID = frozenset(
    re.findall(r"\w+", "area base br col embed hr img input link meta source track wbr")
)


class Page(Protocol):
    content: bytes


class MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside_main = False
        self.skipping: list[str] = []  # the open elements of a skipped (lang="en") subtree
        self.hidden = 0  # inside <script>/<style>
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "main":
            self.inside_main = True
        if not self.inside_main:
            return
        if self.skipping or (found.get("lang") or "").startswith("en"):
            if tag not in VOID:
                self.skipping.append(tag)
            return
        if tag in ("script", "style"):
            self.hidden += 1
        self.words.extend(found.get(name) or "" for name in VISIBLE_ATTRIBUTES)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.inside_main:
            return
        if self.skipping:
            self.skipping.pop()
            return
        if tag in ("script", "style"):
            self.hidden -= 1
        if tag == "main":
            self.inside_main = False

    def handle_data(self, data: str) -> None:
        if self.inside_main and not self.skipping and not self.hidden:
            self.words.append(data)


def visible_text(response: Page) -> str:
    parser = MainText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.words).split())


def english_words(response: Page, allowed: str = "") -> list[str]:
    """The English words on the page, besides those in `allowed` (user data, names)."""
    ok = {w.lower() for w in re.findall(r"[A-Za-z']+", allowed)}
    words = re.findall(r"[A-Za-z']+", visible_text(response))
    return [w for w in words if w.lower() in ENGLISH and w.lower() not in ok]
