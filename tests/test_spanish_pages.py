"""Every page in Spanish, with no English left on it but names and what people wrote.

The route walk's world (tests/test_access_walk.py) is built, its people read Spanish, and every
page of every app is opened: as the client, as a supporter who sees everything, logged out with
a Spanish browser, and as staff where staff may do more. The text a reader sees (and the
aria-label, title, alt and placeholder attributes) must hold none of the English words below
once the people's own data is taken out. A part marked lang="en" (a questionnaire with no
validated Spanish version, a cited English book) is English on purpose and says so to screen
readers: it is left out. In the same run every translation lookup is watched: a message with no
Spanish translation fails the test, listed, even where it happens to hold no such word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils.translation.trans_real import DjangoTranslation

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.reachout import reach_out
from circle.models import Membership, Scope
from crisis.scanning import NOT_CLIENT_TEXT
from tests.conftest import client_for, make_user
from tests.project import project_apps
from tests.routes import web_routes
from tests.test_access_walk import fill
from tests.test_access_walk import world as world  # the walk's fixture

# Short English words that are not Spanish words: one of them on a Spanish page is English
# left behind. (Not "a", "no", "me", "he", "has", "son": they are Spanish too.)
ENGLISH = frozenset(
    """the your you and with this that what when who whom have had not yet are is was were
    been being of for from my our we us they their them there here about into than then
    which where would should could will can please it its it's don't isn't you're i'm at by
    to if or an on how why all any every each only just also more most some other""".split()  # noqa: SIM905
)
# Fields written by the system rather than by a person: their words must be translated, so
# they are not taken out as "what people wrote".
SYSTEM_TEXT = {name for name, why in NOT_CLIENT_TEXT.items() if "system" in why}
SYSTEM_TEXT |= {"alerts.Alert.texts", "signals.Signal.title", "signals.Signal.explanation"}
SYSTEM_TEXT |= {"signals.Signal.texts"}
VISIBLE_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Elements with no end tag: they never open a part of the page.
VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)


class VisibleText(HTMLParser):
    """The pieces of text a reader meets, in order: text between tags and visible attributes,
    except inside <script>, <style> and a part marked as in another language (lang="en")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0  # inside <script> or <style>
        self.foreign: list[str] = []  # the open elements of a part in another language

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang") or ""
        if self.foreign or (lang and not lang.lower().startswith("es")):
            if tag not in VOID:
                self.foreign.append(tag)
            return
        if tag in {"script", "style"}:
            self.hidden += 1
        self.pieces += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if self.foreign:
            if tag in self.foreign:  # closes the innermost open element of that name
                del self.foreign[len(self.foreign) - 1 - self.foreign[::-1].index(tag) :]
            return
        if tag in {"script", "style"}:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden and not self.foreign and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible_pieces(page: str) -> list[str]:
    parser = VisibleText()
    parser.feed(page)
    return parser.pieces


def people_wrote() -> list[str]:
    """Every text a person wrote or is called by, and each of its lines, longest first (so a
    name inside a longer text goes with it)."""
    found: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in {c.label for c in project_apps()}:
            continue
        for f in model._meta.get_fields():
            name = f"{model._meta.label}.{f.name}"
            if name in SYSTEM_TEXT or not isinstance(f, models.CharField | models.TextField):
                continue
            for value in model._default_manager.values_list(f.name, flat=True):
                # A text shown line by line (a group's guidelines) is met a line at a time.
                found.update([str(value), *str(value or "").splitlines()] if value else [])
    return sorted((text for text in found if len(text) >= 4), key=len, reverse=True)


def english_words(piece: str, data: list[str]) -> list[str]:
    for text in data:
        piece = piece.replace(text, " ")
    return [w for w in WORD.findall(piece) if w.lower() in ENGLISH]


@dataclass
class Untranslated:
    """Messages looked up in Spanish that have no Spanish translation, by msgid."""

    found: set[str] = field(default_factory=set)

    def watch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        gettext, ngettext = DjangoTranslation.gettext, DjangoTranslation.ngettext
        found = self.found

        def spanish(translation: DjangoTranslation) -> bool:
            return translation.language().startswith("es")

        def watched_gettext(self: DjangoTranslation, message: str) -> str:
            if message and spanish(self) and message not in self._catalog:  # type: ignore[attr-defined]  # set by gettext, not in the stubs
                found.add(message)
            return gettext(self, message)

        def watched_ngettext(self: DjangoTranslation, one: str, many: str, n: int) -> str:
            if spanish(self) and (one, 0) not in self._catalog:  # type: ignore[attr-defined]  # set by gettext, not in the stubs
                found.add(one)
            return ngettext(self, one, many, n)

        monkeypatch.setattr(DjangoTranslation, "gettext", watched_gettext)
        monkeypatch.setattr(DjangoTranslation, "ngettext", watched_ngettext)


def pages(world: dict[str, Any], alice: User, bob: User) -> Iterator[tuple[str, str, Client]]:
    """(who, url, browser) for every page: the client's, a supporter's (their own pages and
    the client's), a logged-out one with a Spanish browser, and staff's where staff may do
    more (peer group moderation)."""
    spanish_browser = Client(headers={"Accept-Language": "es"})
    staff = make_user("staff@example.org", "Sol Staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True, language="es")
    staff.refresh_from_db()
    for route in web_routes():
        url = fill(route, world)
        yield "client", url, client_for(alice)
        yield "supporter", url, client_for(bob)
        if route.rule == "public":
            yield "logged out", url, spanish_browser
        if route.rule.startswith("group:"):
            yield "staff", url, client_for(staff)


@pytest.fixture
def spanish_world(
    world: dict[str, Any], alice: User, bob: User, bob_membership: Membership
) -> dict[str, Any]:
    User.objects.filter(pk__in=[alice.pk, bob.pk]).update(language="es")
    alice.refresh_from_db()
    bob.refresh_from_db()
    # The supporter sees everything the client can share, so every section is shown.
    bob_membership.scopes = list(Scope.values)
    bob_membership.save()
    # A request for support the supporter hears of, and what the world raised, in the inboxes.
    reach_out(alice, "")
    deliver_due("walk")
    return world


def test_it_shows_every_page_all_in_spanish(
    spanish_world: dict[str, Any], alice: User, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    untranslated = Untranslated()
    untranslated.watch(monkeypatch)
    data = people_wrote()
    leftovers: list[tuple[str, str, str, list[str]]] = []
    checked = 0
    for who, url, browser in pages(spanish_world, alice, bob):
        response = browser.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        for piece in visible_pieces(response.content.decode()):
            if words := english_words(piece, data):
                leftovers.append((who, url, piece, words))
    assert checked >= 20, f"only {checked} pages could be opened: the walk is broken"
    assert leftovers == [], "English left on Spanish pages:\n" + "\n".join(map(str, leftovers))
    missing = sorted(untranslated.found)
    assert missing == [], "messages without a Spanish translation:\n" + "\n".join(missing)


def test_it_finds_english_left_on_a_page_but_not_in_what_people_wrote() -> None:
    page = (
        '<p title="Open the plan">Hola, Sam Smith</p><script>var the = 1;</script>'
        "<p>Notas: I had a rough day with the kids</p><p>Your count</p>"
        '<div lang="en"><p>The questions<br>are in English</p></div><p>Fin of the page</p>'
    )
    pieces = visible_pieces(page)
    data = ["I had a rough day with the kids", "Sam Smith"]
    found = [english_words(p, data) for p in pieces]
    assert found == [["the"], [], [], ["Your"], ["of", "the"]]


def test_it_notices_a_message_with_no_spanish_translation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.utils import translation

    untranslated = Untranslated()
    untranslated.watch(monkeypatch)
    with translation.override("es"):
        translation.gettext("Inbox")  # translated
        translation.gettext("A sentence nobody translated")
        translation.ngettext("%(n)d apple", "%(n)d apples", 2)
    assert untranslated.found == {"A sentence nobody translated", "%(n)d apple"}
