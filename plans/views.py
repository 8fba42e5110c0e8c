"""Web pages of the plans app for the client, and its sections of the home pages.

A supporter's pages about a client's plan are in plans/supporter_views.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import User
from circle import policy
from circle.models import Membership, Scope
from circle.policy import SELF, access_rule
from plans import coauthoring, services
from plans.content import SECTIONS
from plans.diff import diff_contents
from plans.pages import Where, diff_context, edit, pdf_response, plan_context
from recoverycircle.errors import page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest

HOME_ITEMS = 3
UPCOMING_DAYS = 14


def mine(request: AuthedHttpRequest) -> Where:
    return Where(request.user, None)


@access_rule(SELF)
@login_required
def plan(request: AuthedHttpRequest) -> HttpResponse:
    """My whole plan, each section with a link to change it."""
    return render(request, "plans/plan.html", plan_context(mine(request)))


@access_rule(SELF)
@login_required
def edit_section(request: AuthedHttpRequest, section: str) -> HttpResponse:
    return edit(request, mine(request), section)


@access_rule(SELF)
@login_required
def versions(request: AuthedHttpRequest) -> HttpResponse:
    """Every version: who saved it, when, which sections changed."""
    return render(
        request,
        "plans/versions.html",
        {"history": services.versions(request.user), "where": mine(request), "own": True},
    )


@access_rule(SELF)
@login_required
def version(request: AuthedHttpRequest, number: int) -> HttpResponse:
    found = services.version(request.user, number)
    context = plan_context(mine(request), found)
    context["old"] = True
    return render(request, "plans/plan.html", context)


@access_rule(SELF)
@login_required
@require_POST
def restore(request: AuthedHttpRequest, number: int) -> HttpResponse:
    try:
        saved = services.restore(request.user, number)
    except services.PlanInvalid as error:
        messages.error(
            request,
            _("Version %(number)s cannot be restored: %(error)s")
            % {"number": number, "error": error},
        )
        return redirect("plans:version", number)
    if saved.created:
        messages.success(
            request,
            _("Version %(number)s is your plan again, saved as version %(new)s.")
            % {"number": number, "new": saved.version.number},
        )
    else:
        messages.info(
            request, _("Your plan already says what version %(number)s said.") % {"number": number}
        )
    return redirect("plans:plan")


@access_rule(SELF)
@login_required
def diff(request: AuthedHttpRequest) -> HttpResponse:
    """What changed between two versions (by default: the latest and the one before)."""
    return render(request, "plans/diff.html", diff_context(mine(request), request.GET))


@access_rule(SELF)
@login_required
def print_plan(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "plans/print.html", plan_context(mine(request)))


@access_rule(SELF)
@login_required
def plan_pdf(request: AuthedHttpRequest) -> HttpResponse:
    return pdf_response(mine(request))


@access_rule(SELF)
@login_required
def wallet_card(request: AuthedHttpRequest) -> HttpResponse:
    """A card of 85 × 55 mm to print and carry: crisis lines and my first three people."""
    content = services.content_of(request.user)
    return render(
        request,
        "plans/wallet_card.html",
        {
            "crisis_lines": services.crisis_lines(content),
            "contacts": services.top_contacts(request.user, content),
        },
    )


@access_rule(SELF)
@login_required
def wallet_card_pdf(request: AuthedHttpRequest) -> HttpResponse:
    return pdf_response(mine(request), wallet=True)


@access_rule(SELF)
@login_required
def coauthors(request: AuthedHttpRequest) -> HttpResponse:
    """Who writes the plan with me: read only, proposes, or changes directly."""
    status = 200
    if request.method == "POST":
        try:
            membership_id = int(request.POST.get("membership", ""))
            coauthoring.set_role(request.user, membership_id, request.POST.get("role", ""))
        except ValueError:
            messages.error(request, _("Choose a person."))
            status = 400
        except services.PlanError as error:
            page_message(request, error)
            status = 400
        else:
            messages.success(request, _("Saved. It applies from their next click."))
            return redirect("plans:coauthors")
    return render(
        request,
        "plans/coauthors.html",
        {
            "members": coauthoring.circle_roles(request.user),
            "roles": coauthoring.ROLES,
            "plan_scope": Scope.PLAN,
        },
        status=status,
    )


@access_rule(SELF)
@login_required
def proposals(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request, "plans/proposals.html", {"proposals": coauthoring.proposals_for(request.user)}
    )


@access_rule(SELF)
@login_required
def proposal(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """A co-author's proposal, as the changes accepting it would make to my plan now."""
    found = coauthoring.proposal_of(request.user, proposal_id)
    names = services.member_names(request.user)
    problem = ""
    changes = []
    if found.status == found.Status.PENDING:
        try:
            result = coauthoring.merged(request.user, found)
        except services.PlanInvalid as error:
            problem = str(error)
        else:
            changes = diff_contents(services.content_of(request.user), result, names)
    return render(
        request,
        "plans/proposal.html",
        {"proposal": found, "changes": changes, "problem": problem},
    )


@access_rule(SELF)
@login_required
@require_POST
def accept(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    try:
        saved = coauthoring.accept(request.user, proposal_id)
    except services.PlanError as error:
        page_message(request, error)
        return redirect("plans:proposal", proposal_id)
    messages.success(
        request,
        _("Accepted. Your plan is now version %(number)s.") % {"number": saved.version.number},
    )
    return redirect("plans:plan")


@access_rule(SELF)
@login_required
@require_POST
def decline(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    try:
        coauthoring.decline(request.user, proposal_id)
    except services.PlanError as error:
        page_message(request, error)
        return redirect("plans:proposal", proposal_id)
    messages.info(request, _("Declined. Your plan did not change."))
    return redirect("plans:proposals")


# Sections


def plan_on_home(user: User) -> Section:
    content = services.content_of(user)
    current = services.current_version(user)
    return Section(
        "plans/section_home.html",
        {
            "current": current,
            "reasons": content.reasons[:HOME_ITEMS],
            "coping": [c.label for c in content.coping[:HOME_ITEMS]],
            "upcoming": services.high_risk_dates(user, services.today_of(user), UPCOMING_DAYS),
            "waiting": coauthoring.pending_count(user),
            "sections": SECTIONS,
        },
        order=30,
    )


def plan_for_supporter(viewer: User, client: User, membership: Membership) -> Section | None:
    if not membership.has_scope(Scope.PLAN):
        return None
    policy.read(viewer, client.pk, Scope.PLAN, gettext_noop("relapse prevention plan"))
    return Section(
        "plans/section_supporter.html",
        {
            "client": client,
            "current": services.current_version(client),
            "rights": coauthoring.rights_of(membership),
            "pending": coauthoring.own_pending(membership),
        },
        order=30,
    )
