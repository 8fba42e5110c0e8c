"""The plan as a PDF, and the wallet card (85 × 55 mm) with crisis lines and three people.

Names and text print as written, in any script the shipped fonts cover (see `plans.fonts`).
"""

from __future__ import annotations

from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext
from fpdf import FPDF
from fpdf.enums import TextMode, XPos, YPos

from accounts.models import User
from plans import fonts
from plans.content import LEVELS, SECTIONS, PlanContent
from plans.diff import (
    channel_words,
    describe_commitment,
    describe_coping,
    describe_line,
    describe_trigger,
)
from plans.services import Person, crisis_lines, people_of, top_contacts
from recoverycircle.humane import after

INK = (29, 36, 51)
MUTED = (74, 85, 104)
DANGER = (161, 42, 42)
# Bold is the letters' outline stroked as well as filled: this much of the size, in points.
BOLD_STROKE = 0.04
POINT_MM = 25.4 / 72


class Document(FPDF):
    def __init__(self, page: str | tuple[float, float]) -> None:
        super().__init__(format=page, unit="mm")
        self.add_font(fonts.MAIN_FAMILY, "", fonts.MAIN_PATH)
        self.loaded: list[str] = []

    def write_line(self, text: str, size: float = 11, style: str = "", height: float = 6) -> None:
        text = fonts.printable(text)
        self.load_fallbacks(text)
        self.set_font(fonts.MAIN_FAMILY, size=size)
        bold = {"text_mode": TextMode.FILL_STROKE, "line_width": size * BOLD_STROKE * POINT_MM}
        with self.local_context(**(bold if style == "B" else {})):
            self.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def load_fallbacks(self, text: str) -> None:
        new = [f for f in fonts.fallbacks_for(text) if f.family not in self.loaded]
        for fallback in new:
            self.add_font(fallback.family, "", fallback.path)
            self.loaded.append(fallback.family)
            if fallback.shaped:
                self.set_text_shaping(True)
        if new:
            self.set_fallback_fonts(self.loaded, exact_match=False)

    def ink(self, colour: tuple[int, int, int]) -> None:
        """Text in this colour; bold's outline stroke too."""
        self.set_text_color(*colour)
        self.set_draw_color(*colour)

    def heading(self, text: str) -> None:
        self.ln(3)
        self.ink(INK)
        self.write_line(text, size=13, style="B", height=7)

    def bullets(self, items: list[str], numbered: bool = False, empty: str = "-") -> None:
        self.ink(INK)
        if not items:
            self.ink(MUTED)
            self.write_line(empty)
            self.ink(INK)
            return
        for n, item in enumerate(items, start=1):
            self.write_line(f"{n}. {item}" if numbered else f"- {item}")


def plan_pdf(
    client: User,
    content: PlanContent,
    number: int,
    saved_at: datetime | None,
) -> bytes:
    pdf = Document("letter")
    pdf.set_title(gettext("Relapse prevention plan – %(name)s") % {"name": client})
    pdf.set_author(str(client))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    heading = gettext("Relapse prevention plan of %(name)s") % {"name": client}
    pdf.write_line(heading, size=18, style="B", height=9)
    pdf.ink(MUTED)
    pdf.write_line(version_words(client, number, saved_at), size=10)

    pdf.ink(DANGER)
    pdf.write_line(gettext("In a crisis"), size=13, style="B", height=7)
    for line in crisis_lines(content):
        pdf.write_line(describe_line(line))
    pdf.write_line(gettext("In immediate danger: 911"))

    for key, title in SECTIONS.items():
        if key == "crisis_lines":
            continue
        pdf.heading(str(title))
        pdf.bullets(section_lines(client, content, key), numbered=key in ("people", "lapse_plan"))
    return bytes(pdf.output())


def version_words(client: User, number: int, saved_at: datetime | None) -> str:
    if not number:
        return gettext("Not saved yet")
    if saved_at is None:
        return gettext("Version %(number)s") % {"number": number}
    day = date_format(saved_at.astimezone(client.zone), gettext("j F Y"))
    return gettext("Version %(number)s, saved %(day)s") % {"number": number, "day": day}


def section_lines(client: User, content: PlanContent, key: str) -> list[str]:
    triggers = {t.id: t.label for t in content.triggers}
    if key in ("reasons", "warning_signs", "lapse_plan"):
        return list(getattr(content, key))
    if key == "triggers":
        return [describe_trigger(t) for t in content.triggers]
    if key == "coping":
        return [describe_coping(c, triggers) for c in content.coping]
    if key == "people":
        return [person_words(p) for p in people_of(client, content)]
    if key == "professional_contacts":
        return [
            ", ".join(x for x in (c.name, c.role, c.phone) if x)
            for c in content.professional_contacts
        ]
    if key == "commitments":
        return [describe_commitment(c) for c in content.commitments]
    if key == "ladder":
        names = {p.membership_id: p.name for p in people_of_ladder(client, content)}
        found = []
        for level, title in LEVELS.items():
            step = getattr(content.ladder, level)
            who = ", ".join(names.get(i, "?") for i in step.membership_ids)
            if who:
                found.append(
                    gettext("%(level)s: %(who)s, %(how)s, %(after)s without reply")
                    % {
                        "level": title,
                        "who": who,
                        "how": channel_words(step.channels),
                        "after": after(step.delay_minutes),
                    }
                )
        return found
    return []


def person_words(person: Person) -> str:
    return gettext("%(name)s (%(relationship)s)") % {
        "name": person.name,
        "relationship": str(person.relationship).lower(),
    }


def people_of_ladder(client: User, content: PlanContent) -> list[Person]:
    every = content.model_copy(deep=True)
    every.people = sorted(content.membership_ids())
    return people_of(client, every)


def wallet_card_pdf(client: User, content: PlanContent) -> bytes:
    """Two card-size pages (front: crisis lines; back: my top three people), to print, cut
    out and fold or glue back to back."""
    pdf = Document((85, 55))
    pdf.set_title(gettext("Wallet card – %(name)s") % {"name": client})
    pdf.set_margins(4, 4, 4)
    pdf.set_auto_page_break(auto=False)

    pdf.add_page()
    pdf.ink(DANGER)
    pdf.write_line(gettext("In a crisis, call now"), size=10, style="B", height=5)
    pdf.ink(INK)
    for line in crisis_lines(content)[:4]:
        pdf.write_line(describe_line(line, short=True), 7.5, "", 4)
    pdf.write_line(gettext("Immediate danger: 911"), size=7.5, style="B", height=4)

    pdf.add_page()
    people = gettext("%(name)s's people") % {"name": client}
    pdf.write_line(people, size=10, style="B", height=5)
    contacts = top_contacts(client, content)
    if not contacts:
        pdf.write_line(gettext("Add people to your plan to list them here."), 7.5, "", 4)
    for n, (name, detail) in enumerate(contacts, start=1):
        pdf.write_line(f"{n}. {name}", size=8.5, style="B", height=4.5)
        if detail:
            pdf.write_line(f"    {detail}", size=7.5, height=4)
    return bytes(pdf.output())
