"""Web pages of the strategy toolkit and the family guidance, and the toolkit's sections of
the home page and of a supporter's page about a client. Thin: the rules are in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from circle import policy
from circle.models import Membership
from circle.policy import MEMBER, SELF, access_rule
from circle.services import supported_by
from crisis.web import show_crisis_resources
from plans.content import TRIGGER_KINDS
from plans.services import content_of
from recoverycircle.errors import form_error
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest
from toolkit import guidance, services
from toolkit.forms import AdoptForm, ShareForm


@access_rule(SELF)
@login_required
def strategies(request: AuthedHttpRequest) -> HttpResponse:
    """The library and what people shared with me, by kind of trigger if I choose one."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in TRIGGER_KINDS else ""
    content = content_of(request.user)
    return render(
        request,
        "toolkit/strategies.html",
        {
            "strategies": services.strategies_for(request.user, kind),
            "adopted": services.adoptions(request.user, content),
            "kind": kind,
            "kinds": TRIGGER_KINDS,
        },
    )


@access_rule(SELF)
@login_required
def strategy(request: AuthedHttpRequest, strategy_id: int) -> HttpResponse:
    """One strategy, and adding it to my plan (linked to the triggers I choose)."""
    found = services.strategy_for(request.user, strategy_id)
    content = content_of(request.user)
    adoption = services.adoptions(request.user, content).get(found.pk)
    form = AdoptForm(
        request.POST or None,
        triggers=content.triggers,
        initial={
            "label": found.heading,
            "trigger_ids": services.preselected_triggers(content, found),
        },
    )
    if request.method == "POST" and adoption is not None:
        messages.info(request, _("This strategy is already in your plan."))
        return redirect("toolkit:strategy", found.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adopted = services.adopt(request.user, found.pk, data["trigger_ids"], data["label"])
        except services.ToolkitError as error:
            form_error(form, error)
        else:
            if adopted.saved.crisis:
                show_crisis_resources(request)
            messages.success(
                request,
                _("Added to your plan (version %d).") % adopted.saved.version.number,
            )
            return redirect("toolkit:strategy", found.pk)
    return render(
        request,
        "toolkit/strategy.html",
        {"strategy": found, "adoption": adoption, "form": form, "kinds": TRIGGER_KINDS},
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@login_required
@require_POST
def withdraw(request: AuthedHttpRequest, strategy_id: int) -> HttpResponse:
    services.withdraw(request.user, strategy_id)
    messages.success(
        request,
        _("Withdrawn. Anyone who added it to their plan keeps their own copy."),
    )
    return redirect("home")


@access_rule(MEMBER, log=False)  # sharing a strategy reads nothing of the client's
@login_required
def share(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """A supporter shares a strategy from their own experience with a client they support."""
    membership = policy.granted(request).membership
    if membership is None:
        return redirect("toolkit:strategies")
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shared = services.share(
                request.user,
                client_id,
                data["title"],
                data["how_to"],
                data["trigger_kinds"],
                data["alias"],
            )
        except services.ToolkitError as error:
            form_error(form, error)
        else:
            if shared.crisis:
                show_crisis_resources(request)
            messages.success(
                request,
                _("Thank you. %s can read it in their toolkit now.") % membership.client,
            )
            return redirect("toolkit:share", client_id)
    return render(
        request,
        "toolkit/share.html",
        {
            "client": membership.client,
            "form": form,
            "mine": services.shared_by_me(request.user, client_id),
        },
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@login_required
def lessons(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "toolkit/guidance.html",
        {
            "lessons": guidance.LESSONS,
            "about": guidance.ABOUT,
            "sources": guidance.ABOUT_SOURCES,
        },
    )


@access_rule(SELF)
@login_required
def lesson(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    found = guidance.BY_SLUG.get(slug)
    if found is None:
        raise Http404
    relationships = {m.relationship for m in supported_by(request.user)}
    return render(
        request,
        "toolkit/lesson.html",
        {"lesson": found, "partner": "partner" in relationships},
    )


# Sections


def family_guidance_on_home(user: User) -> Section | None:
    relationships = {m.relationship for m in supported_by(user)}
    found = guidance.lessons_for(relationships)
    if not found:
        return None
    return Section("toolkit/section_guidance.html", {"lessons": found}, order=70)


def share_on_supporter_page(viewer: User, client: User, membership: Membership) -> Section:
    # Sharing writes to the client; it reads nothing of theirs, so no scope is needed.
    return Section(
        "toolkit/section_share.html",
        {"client": client, "count": len(services.shared_by_me(viewer, client.pk))},
        order=90,
    )
