"""No visible words in a template outside {% translate %} / {% blocktranslate %}.

Every template of every app is read with Django's own template lexer. What is left of its text
once the template tags, variables, comments, HTML comments, scripts, styles and entities are
taken out is what a reader sees; if it still holds a letter, it was not marked for
translation. The attributes a reader meets (aria-label, title, alt, placeholder) are checked
the same way, and so are literal words handed to `{% include ... with x="..." %}` and to the
`default` and `yesno` filters, which end up on the page too."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from tests.project import project_apps

# Names and numbers that read the same in every language.
ALLOWED = ("Recovery Circle", "HTMX", "988", "911")
VISIBLE_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
# Stands for whatever a tag or a variable puts in its place (not a letter).
HOLE = "\x00"
LETTER = re.compile(r"[^\W\d_]")
LITERAL_ARGUMENT = re.compile(r"""\|(?:default|yesno):(["'])(.*?)\1""")
INCLUDE_LITERAL = re.compile(r"""\b\w+=(["'])(.*?)\1""")


def templates() -> list[Path]:
    found: list[Path] = []
    for config in project_apps():
        folder = Path(config.path) / "templates"
        found += sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".txt"})
    return found


def words_left(text: str) -> str:
    """The letters of `text` a reader would see, once names, entities and holes are out."""
    text = html.unescape(text).replace(HOLE, " ")
    for name in ALLOWED:
        text = text.replace(name, " ")
    return " ".join(text.split()) if LETTER.search(text) else ""


def literal_words(token_text: str, kind: TokenType) -> list[str]:
    """Words passed as literals where they reach the page (not `_("...")`, translated)."""
    if kind == TokenType.VAR:
        return [m.group(2) for m in LITERAL_ARGUMENT.finditer(token_text)]
    if kind == TokenType.BLOCK and token_text.split()[:1] == ["include"]:
        after = token_text.partition(" with ")[2]
        values = [m.group(2) for m in INCLUDE_LITERAL.finditer(after)]
        # Words for a reader, not a CSS class or a template name ("measure-chart").
        return [v for v in values if " " in v.strip() or v[:1].isupper()]
    return []


def visible_source(source: str) -> tuple[str, list[str]]:
    """The template's text with every tag, variable and translated part replaced by a hole,
    and the words found in literals."""
    parts: list[str] = []
    literals: list[str] = []
    skipping = ""  # the end tag of a translated or commented-out block we are in
    for token in Lexer(source).tokenize():
        content = token.contents.strip()
        first = content.split()[0] if content else ""
        if skipping:
            if token.token_type == TokenType.BLOCK and first == skipping:
                skipping = ""
            parts.append(HOLE)
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        literals += literal_words(content, token.token_type)
        if token.token_type == TokenType.BLOCK and first in ("blocktranslate", "blocktrans"):
            skipping = "end" + first
        elif token.token_type == TokenType.BLOCK and first == "comment":
            skipping = "endcomment"
        parts.append(HOLE)
    return "".join(parts), literals


def unmarked(source: str) -> list[str]:
    text, literals = visible_source(source)
    text = re.sub(r"<!--.*?-->", HOLE, text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", HOLE, text, flags=re.S | re.I)
    found = [words for words in map(words_left, literals) if words]
    for tag in re.findall(r"<[^>]*>", text):
        for name, value in re.findall(r"""\b([\w-]+)\s*=\s*["']([^"']*)["']""", tag):
            if name.lower() in VISIBLE_ATTRIBUTES and words_left(value):
                found.append(f"{name}: {words_left(value)}")
    for chunk in re.split(r"<[^>]*>", text):
        if words_left(chunk):
            found.append(words_left(chunk))
    return found


def test_it_finds_no_unmarked_words_in_any_template() -> None:
    paths = templates()
    assert len(paths) > 20, "found too few templates to check"
    problems = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in paths
        if (found := unmarked(path.read_text()))
    }
    assert problems == {}, f"words not marked for translation: {problems}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Hello {{ name }}</p>", ["Hello"]),
        ('<p>{% translate "Hello" %}, {{ name }}</p>', []),
        ("<p>{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}</p>", []),
        ('<a title="Open it" href="{% url "x" %}">{{ n }}</a>', ["title: Open it"]),
        ('<a title="{% translate "Open it" %}">·</a>', []),
        ("<!-- a note --><script>var a = 1;</script>{# dev note #}&nbsp;—", []),
        ("{% comment %}Words{% endcomment %}Recovery Circle 988", []),
        ('{{ yes|yesno:"yes,no" }}{{ x|default:_("None") }}', ["yes,no"]),
        ('{% include "x.html" with heading="Call now" %}', ["Call now"]),
        ('{% include "chart.html" with chart_class="measure-chart" %}', []),
        ('{% translate "Call now" as heading %}{% include "x.html" with heading=heading %}', []),
    ],
)
def test_it_tells_marked_from_unmarked_words(source: str, expected: list[str]) -> None:
    assert unmarked(source) == expected
