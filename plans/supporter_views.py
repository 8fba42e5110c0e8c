"""A supporter's pages about one client's plan: read with the `plan` scope, and for the
co-authors the client chose, propose or make changes. Every page asks the access policy,
which also writes the client's access log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_noop

from circle import policy
from circle.models import Scope
from circle.policy import access_rule, client_scope
from plans import services
from plans.pages import Where, diff_context, edit, pdf_response, plan_context
from recoverycircle.typing import AuthedHttpRequest

WHAT = gettext_noop("relapse prevention plan")
HISTORY = gettext_noop("relapse prevention plan (history)")
PRINT = gettext_noop("relapse prevention plan (print)")
PDF = gettext_noop("relapse prevention plan (PDF)")
PLAN = client_scope(Scope.PLAN)


def theirs(request: AuthedHttpRequest) -> Where | None:
    """The client's plan as this supporter may see it (decided and logged by the route's
    rule); None when the viewer is the client."""
    access = policy.granted(request)
    return None if access.membership is None else Where(access.client, access.membership)


@access_rule(PLAN, what=WHAT)
@login_required
def plan(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    where = theirs(request)
    if where is None:
        return redirect("plans:plan")
    return render(request, "plans/plan.html", plan_context(where))


@access_rule(PLAN, what=WHAT)
@login_required
def edit_section(request: AuthedHttpRequest, client_id: int, section: str) -> HttpResponse:
    where = theirs(request)
    if where is None:
        return redirect("plans:edit", section)
    return edit(request, where, section)


@access_rule(PLAN, what=HISTORY)
@login_required
def versions(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    where = theirs(request)
    if where is None:
        return redirect("plans:versions")
    return render(
        request,
        "plans/versions.html",
        {"history": services.versions(where.client), "where": where, "client": where.client},
    )


@access_rule(PLAN, what=HISTORY)
@login_required
def diff(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    where = theirs(request)
    if where is None:
        return redirect("plans:diff")
    return render(request, "plans/diff.html", diff_context(where, request.GET))


@access_rule(PLAN, what=PRINT)
@login_required
def print_plan(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    where = theirs(request)
    if where is None:
        return redirect("plans:print")
    return render(request, "plans/print.html", plan_context(where))


@access_rule(PLAN, what=PDF)
@login_required
def plan_pdf(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    where = theirs(request)
    if where is None:
        return redirect("plans:pdf")
    return pdf_response(where)
