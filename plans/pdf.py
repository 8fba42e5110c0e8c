"""The plan as a PDF, and the wallet card (85 × 55 mm) with crisis lines and three people.

Built with fpdf2's core Helvetica font, which knows Latin-1 only: typographic quotes and
dashes become their plain forms, accents are kept, and anything else (emoji, non-Latin
scripts) becomes "?". The web page and the print page show the exact text.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from accounts.models import User
from plans.content import CHANNEL_WORDS, LEVELS, SECTIONS, TRIGGER_KINDS, PlanContent, date_words
from plans.diff import describe_commitment, describe_coping
from plans.services import Person, crisis_lines, people_of, top_contacts
from recoverycircle.humane import after

# Tests switch compression off to read the text in the file.
COMPRESS = True

PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u2192": "->",
    }
)
INK = (29, 36, 51)
MUTED = (74, 85, 104)
DANGER = (161, 42, 42)


def latin1(text: str) -> str:
    text = text.translate(PLAIN)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            # Try the unaccented letter before giving up: "ő" → "o".
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


class Document(FPDF):
    def write_line(self, text: str, size: float = 11, style: str = "", height: float = 6) -> None:
        self.set_font("helvetica", style=style, size=size)
        self.multi_cell(0, height, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_text_color(*INK)
        self.write_line(text, size=13, style="B", height=7)

    def bullets(self, items: list[str], numbered: bool = False, empty: str = "-") -> None:
        self.set_text_color(*INK)
        if not items:
            self.set_text_color(*MUTED)
            self.write_line(empty)
            self.set_text_color(*INK)
            return
        for n, item in enumerate(items, start=1):
            self.write_line(f"{n}. {item}" if numbered else f"- {item}")


def plan_pdf(
    client: User,
    content: PlanContent,
    number: int,
    saved_at: datetime | None,
    compress: bool | None = None,
) -> bytes:
    pdf = Document(format="letter", unit="mm")
    pdf.set_compression(COMPRESS if compress is None else compress)
    pdf.set_title(latin1(f"Relapse prevention plan - {client}"))
    pdf.set_author(latin1(str(client)))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.write_line(f"Relapse prevention plan of {client}", size=18, style="B", height=9)
    pdf.set_text_color(*MUTED)
    when = f", saved {saved_at.astimezone(client.zone):%d %B %Y}" if saved_at else ""
    pdf.write_line(f"Version {number}{when}" if number else "Not saved yet", size=10)

    pdf.set_text_color(*DANGER)
    pdf.write_line("In a crisis", size=13, style="B", height=7)
    for line in crisis_lines(content):
        pdf.write_line(f"{line.name}: {line.phone}{' (call or text)' if line.sms else ''}")
    pdf.write_line("In immediate danger: 911")

    for key, title in SECTIONS.items():
        if key == "crisis_lines":
            continue
        pdf.heading(title)
        pdf.bullets(section_lines(client, content, key), numbered=key in ("people", "lapse_plan"))
    return bytes(pdf.output())


def section_lines(client: User, content: PlanContent, key: str) -> list[str]:
    triggers = {t.id: t.label for t in content.triggers}
    if key in ("reasons", "warning_signs", "lapse_plan"):
        return list(getattr(content, key))
    if key == "triggers":
        return [
            f"{t.label} ({TRIGGER_KINDS[t.kind].lower()}, intensity {t.intensity} of 5"
            + (f", {date_words(t.date)})" if t.date else ")")
            for t in content.triggers
        ]
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
            how = " and ".join(CHANNEL_WORDS[c] for c in step.channels)
            if who:
                found.append(f"{title}: {who}, {how}, {after(step.delay_minutes)} without reply")
        return found
    return []


def person_words(person: Person) -> str:
    return f"{person.name} ({person.relationship.lower()})"


def people_of_ladder(client: User, content: PlanContent) -> list[Person]:
    every = content.model_copy(deep=True)
    every.people = sorted(content.membership_ids())
    return people_of(client, every)


def wallet_card_pdf(client: User, content: PlanContent, compress: bool | None = None) -> bytes:
    """Two card-size pages (front: crisis lines; back: my top three people), to print, cut
    out and fold or glue back to back."""
    pdf = Document(format=(85, 55), unit="mm")
    pdf.set_compression(COMPRESS if compress is None else compress)
    pdf.set_title(latin1(f"Wallet card - {client}"))
    pdf.set_margins(4, 4, 4)
    pdf.set_auto_page_break(auto=False)

    pdf.add_page()
    pdf.set_text_color(*DANGER)
    pdf.write_line("In a crisis, call now", size=10, style="B", height=5)
    pdf.set_text_color(*INK)
    for line in crisis_lines(content)[:4]:
        pdf.write_line(f"{line.name}: {line.phone}{' (call/text)' if line.sms else ''}", 7.5, "", 4)
    pdf.write_line("Immediate danger: 911", size=7.5, style="B", height=4)

    pdf.add_page()
    pdf.write_line(f"{client}'s people", size=10, style="B", height=5)
    contacts = top_contacts(client, content)
    if not contacts:
        pdf.write_line("Add people to your plan to list them here.", 7.5, "", 4)
    for n, (name, detail) in enumerate(contacts, start=1):
        pdf.write_line(f"{n}. {name}", size=8.5, style="B", height=4.5)
        if detail:
            pdf.write_line(f"    {detail}", size=7.5, height=4)
    return bytes(pdf.output())
