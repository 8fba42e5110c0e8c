"""What the client's pages and a supporter's pages about a plan have in common: the plan as
people read it, the section editor, the history and diff, and the files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from circle import members
from circle.models import Membership, Scope
from crisis.web import show_crisis_resources
from plans import coauthoring, pdf, services
from plans.content import (
    LEVELS,
    SECTIONS,
    TRIGGER_KINDS,
    PlanContent,
    date_words,
    frequency,
)
from plans.diff import channel_words, diff_contents
from plans.forms import editor_for
from plans.models import PlanVersion
from recoverycircle.typing import AuthedHttpRequest


@dataclass(frozen=True)
class Where:
    """Whose plan a page is about, and through whose eyes: the URLs differ, the pages not."""

    client: User
    membership: Membership | None  # None: the client's own plan

    def url(self, name: str, *args: object) -> str:
        if self.membership is None:
            return reverse(f"plans:{name}", args=args)
        return reverse(f"plans:supporter_{name}", args=[self.client.pk, *args])

    @property
    def urls(self) -> dict[str, str]:
        return {name: self.url(name) for name in ("plan", "versions", "diff", "print", "pdf")}

    @property
    def edit(self) -> dict[str, str]:
        return {section: self.url("edit", section) for section in SECTIONS}


def display(client: User, content: PlanContent) -> dict[str, Any]:
    """The plan as rows for templates (they cannot look items up by id)."""
    triggers = {t.id: t.label for t in content.triggers}
    people = services.people_of(client, content)
    names = services.member_names(client)
    # Escalations go out only to people who get alerts; the client is shown who does not.
    without_alerts = {m.pk for m in members.open_circle(client) if Scope.ALERTS not in m.scopes}
    return {
        "content": content,
        "triggers": [
            {
                "label": t.label,
                "kind": TRIGGER_KINDS[t.kind],
                "intensity": t.intensity,
                "date": date_words(t.date),
            }
            for t in content.triggers
        ],
        "coping": [
            {"label": c.label, "answers": [triggers[i] for i in c.trigger_ids if i in triggers]}
            for c in content.coping
        ],
        "people": people,
        "commitments": [{"label": c.label, "often": frequency(c)} for c in content.commitments],
        "crisis_lines": services.crisis_lines(content),
        "ladder": [
            {
                "title": title,
                "names": [names.get(i, "?") for i in getattr(content.ladder, level).membership_ids],
                "how": channel_words(getattr(content.ladder, level).channels),
                "delay": getattr(content.ladder, level).delay_minutes,
                "not_told": [
                    names.get(i, "?")
                    for i in getattr(content.ladder, level).membership_ids
                    if i in without_alerts
                ],
            }
            for level, title in LEVELS.items()
        ],
        "sections": SECTIONS,
    }


def plan_context(where: Where, found: PlanVersion | None = None) -> dict[str, Any]:
    current = services.current_version(where.client)
    shown = found or current
    content = services.content_of(where.client, shown)
    rights = coauthoring.rights_of(where.membership)
    return {
        **display(where.client, content),
        "client": where.client,
        "where": where,
        "version": shown,
        "current": current,
        "rights": rights,
        "own": where.membership is None,
        "pending": coauthoring.own_pending(where.membership) if where.membership else None,
        "proposals_waiting": coauthoring.pending_count(where.client) if not where.membership else 0,
    }


def edit(request: AuthedHttpRequest, where: Where, section: str) -> HttpResponse:
    """One section of the plan, for the client, or a co-author (who saves or proposes)."""
    if section not in SECTIONS:
        raise Http404
    rights = coauthoring.rights_of(where.membership)
    if not rights.edit and not rights.propose:
        return render(request, "plans/not_coauthor.html", {"client": where.client}, status=403)
    proposing = where.membership is not None and not rights.edit
    pending = coauthoring.own_pending(where.membership) if where.membership else None
    content = (
        coauthoring.proposal_content(pending)
        if proposing and pending
        else services.content_of(where.client)
    )
    in_circle = [m for m, _ in coauthoring.circle_roles(where.client)]
    editor = editor_for(section, in_circle, content, request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and editor.is_valid():
        note = request.POST.get("note", "")[:300]
        try:
            saved = save(where, section, editor.value(), note, proposing)
        except services.PlanInvalid as error:
            problems = [
                gettext("%(where)s: %(problem)s") % {"where": where_words(loc), "problem": msg}
                if loc
                else msg
                for loc, msg in error.errors
            ]
        except coauthoring.NotCoAuthor as error:
            problems = [str(error)]
        else:
            if proposing:
                messages.success(
                    request,
                    gettext("Your proposal is saved. %(name)s decides whether to take it.")
                    % {"name": where.client},
                )
                return redirect(where.url("plan"))
            if saved is not None and saved.crisis is not None:
                # The next page opens with the crisis lines; the words stay as written.
                show_crisis_resources(request)
                return redirect(where.url("plan"))
            messages.success(
                request,
                gettext("Saved as a new version of the plan.")
                if saved is None or saved.created
                else gettext("Nothing had changed, so no new version was made."),
            )
            return redirect(where.url("plan") + f"#{section}")
    invalid = request.method == "POST"
    return render(
        request,
        "plans/edit.html",
        {
            "editor": editor,
            "section": section,
            "title": SECTIONS[section],
            "sections": SECTIONS,
            "where": where,
            "client": where.client,
            "proposing": proposing,
            "problems": problems,
            "note": request.POST.get("note", ""),
        },
        status=400 if invalid else 200,
    )


def save(
    where: Where, section: str, value: Any, note: str, proposing: bool
) -> services.Saved | None:
    if where.membership is None:
        return services.save_section(where.client, where.client, section, value, note)
    if proposing:
        coauthoring.propose_section(where.membership, section, value)
        return None
    content = services.content_of(where.client)
    data = services.with_section(content, section, value)
    return coauthoring.edit_as_coauthor(where.membership, data, note)


# The names of the plan's fields as the editor shows them, for error messages.
FIELD_WORDS = {
    "label": _("text"),
    "kind": _("kind"),
    "intensity": _("intensity"),
    "date": _("date"),
    "trigger_ids": _("triggers"),
    "name": _("name"),
    "role": _("role"),
    "phone": _("phone"),
    "sms": _("text messages"),
    "daily": _("daily"),
    "times_per_week": _("times a week"),
    "membership_ids": _("who is told"),
    "channels": _("how"),
    "delay_minutes": _("minutes"),
    **LEVELS,
}


def where_words(loc: str) -> str:
    """'triggers.0.intensity' → 'Triggers and high-risk situations, item 1, intensity'."""
    parts = loc.split(".")
    words = [str(SECTIONS.get(parts[0], parts[0]))]
    for part in parts[1:]:
        if part.isdigit():
            words.append(gettext("item %(number)s") % {"number": int(part) + 1})
        else:
            words.append(str(FIELD_WORDS.get(part, part.replace("_", " "))))
    return ", ".join(words)


def diff_context(where: Where, query: dict[str, str]) -> dict[str, Any]:
    history = list(services.versions(where.client))
    if not history:
        return {"history": [], "where": where, "client": where.client, "changes": []}
    latest = history[0].number
    to = number(query.get("to"), latest)
    start = number(query.get("from"), to - 1)
    new = services.version(where.client, to)
    old = services.version(where.client, start) if start >= 1 else None
    names = services.member_names(where.client)
    return {
        "history": history,
        "where": where,
        "client": where.client,
        "old": old,
        "new": new,
        "changes": diff_contents(old.content if old else None, new.content, names),
    }


def number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        raise Http404 from None


def pdf_response(where: Where, wallet: bool = False) -> HttpResponse:
    current = services.current_version(where.client)
    content = services.content_of(where.client, current)
    if wallet:
        body = pdf.wallet_card_pdf(where.client, content)
        filename = "wallet-card.pdf"
    else:
        body = pdf.plan_pdf(
            where.client,
            content,
            current.number if current else 0,
            current.created_at if current else None,
        )
        filename = "relapse-prevention-plan.pdf"
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A plan is private health information: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response
