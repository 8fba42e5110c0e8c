"""Web pages of the help board, and its sections of the client's home and a supporter's page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import User
from circle.models import Membership
from circle.policy import SELF, access_rule, client_scope, granted, read
from circle.services import supported_by
from helpboard import services
from helpboard.forms import FIELD_FOR, NeedForm, ThankForm
from helpboard.links import client_link, supporter_link
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import describe, parse_key, slots
from helpboard.services import HELP, NEED, HelpError
from recoverycircle.errors import form_error, page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest

SECTION_DAYS = 14


def back(request: AuthedHttpRequest, default: str) -> HttpResponse:
    """Back to the page the button was on, when it is a page of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def supported_with_help(user: User) -> list[Membership]:
    return [m for m in supported_by(user) if HELP in m.scopes]


@access_rule(SELF)
@login_required
def board(request: AuthedHttpRequest) -> HttpResponse:
    """My help board: what I asked for, who offered, and the boards of people I help."""
    now = timezone.now()
    return render(
        request,
        "helpboard/board.html",
        {
            "slots": services.upcoming(request.user, now),
            "needs": [(n, describe(n)) for n in services.open_needs_list(request.user, now)],
            "supporting": supported_with_help(request.user),
            "days": services.BOARD_DAYS,
        },
    )


def need_form_page(
    request: AuthedHttpRequest, client: User, on_done: Callable[[HelpNeed], str]
) -> HttpResponse:
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.post_need(request.user, client.pk, form.draft())
        except HelpError as error:
            form_error(form, error, FIELD_FOR)
        else:
            messages.success(
                request,
                _("Posted: %(need)s. Your circle has been told.") % {"need": need.summary},
            )
            return redirect(on_done(need))
    return render(
        request,
        "helpboard/new.html",
        {"form": form, "client": client, "for_self": client.pk == request.user.pk},
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@login_required
def new_need(request: AuthedHttpRequest) -> HttpResponse:
    return need_form_page(request, request.user, lambda need: "helpboard:board")


@access_rule(client_scope(HELP), what=gettext_noop("help board (posting a need)"))
@login_required
def new_need_for(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = granted(request).client
    if client.pk == request.user.pk:
        return redirect("helpboard:new")
    return need_form_page(request, client, lambda need: supporter_link(need.client))


@access_rule(client_scope(HELP), what=gettext_noop("help board"))
@login_required
def client_board(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """A supporter's view of one client's help board."""
    client = granted(request).client
    if client.pk == request.user.pk:
        return redirect("helpboard:board")
    return render(
        request,
        "helpboard/client_board.html",
        {
            "client": client,
            "slots": services.upcoming(client),
            "tally": services.helpers_tally(client),
            "days": services.BOARD_DAYS,
        },
    )


@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need"))
@login_required
def need_detail(request: AuthedHttpRequest, need_id: int) -> HttpResponse:
    need = services.visible_need(request.user, need_id, what=gettext_noop("a help need"))
    now = timezone.now()
    found = (
        [] if need.is_cancelled else slots([need], now - need.duration, now + timedelta(days=60))
    )
    return render(
        request,
        "helpboard/need.html",
        {
            "need": need,
            "repeat": describe(need),
            "slots": [s for s in found if s.ends_at > now][:10],
            "may_cancel": request.user.pk in (need.client_id, need.posted_by_id),
            "is_client": request.user.pk == need.client_id,
        },
    )


@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need (cancelling)"))
@login_required
@require_POST
def cancel_need(request: AuthedHttpRequest, need_id: int) -> HttpResponse:
    try:
        need = services.cancel_need(request.user, need_id)
    except HelpError as error:
        page_message(request, error)
        return redirect("helpboard:need", need_id)
    messages.success(
        request,
        _("Cancelled: %(need)s. Anyone who had offered is told.") % {"need": need.summary},
    )
    if need.client_id == request.user.pk:
        return redirect("helpboard:board")
    return redirect("helpboard:client_board", need.client_id)


Action = Callable[[AuthedHttpRequest, int, str], HelpOccurrence]


def occurrence_action(
    request: AuthedHttpRequest, need_id: int, occurrence: str, action: Action, said: str
) -> HttpResponse:
    try:
        row = action(request, need_id, occurrence)
    except HelpError as error:
        page_message(request, error)
        return back(request, client_link())
    client = row.need.client
    messages.success(request, said % {"name": client, "need": row.need.summary})
    if client.pk == request.user.pk:
        return back(request, client_link())
    return back(request, supporter_link(client))


@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need (offering help)"))
@login_required
@require_POST
def claim(request: AuthedHttpRequest, need_id: int, occurrence: str) -> HttpResponse:
    return occurrence_action(
        request,
        need_id,
        occurrence,
        lambda r, n, o: services.claim(r.user, n, parse_key(o)),
        _("Thank you! %(name)s has been told you will help."),
    )


@access_rule(
    client_scope(HELP), through=NEED, what=gettext_noop("a help need (withdrawing an offer)")
)
@login_required
@require_POST
def unclaim(request: AuthedHttpRequest, need_id: int, occurrence: str) -> HttpResponse:
    return occurrence_action(
        request,
        need_id,
        occurrence,
        lambda r, n, o: services.unclaim(r.user, n, parse_key(o)),
        _("Okay. %(name)s has been told, and it is open for others again."),
    )


@access_rule(client_scope(HELP), through=NEED, what=gettext_noop("a help need (marking it done)"))
@login_required
@require_POST
def done(request: AuthedHttpRequest, need_id: int, occurrence: str) -> HttpResponse:
    return occurrence_action(
        request,
        need_id,
        occurrence,
        lambda r, n, o: services.mark_done(r.user, n, parse_key(o)),
        _("Marked done: %(need)s."),
    )


@access_rule(SELF)
@login_required
@require_POST
def thank(request: AuthedHttpRequest, need_id: int, occurrence: str) -> HttpResponse:
    form = ThankForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keep the note under 500 characters."))
        return back(request, client_link())
    message = form.cleaned_data["message"]
    return occurrence_action(
        request,
        need_id,
        occurrence,
        lambda r, n, o: services.thank(r.user, n, parse_key(o), message),
        _("Your thanks are on their way."),
    )


@access_rule(SELF)
@login_required
def history(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "helpboard/history.html",
        {
            "rows": services.history(request.user),
            "tally": services.helpers_tally(request.user),
        },
    )


# Sections


def help_on_home(user: User) -> Section:
    now = timezone.now()
    coming = services.upcoming(user, now, days=SECTION_DAYS)[:6]
    return Section("helpboard/section_home.html", {"slots": coming}, order=40)


def help_for_supporter(viewer: User, client: User, membership: Membership) -> Section | None:
    if not membership.has_scope(HELP):
        return None
    read(viewer, client.pk, HELP, gettext_noop("help board"))
    coming = services.upcoming(client, days=SECTION_DAYS)[:8]
    return Section(
        "helpboard/section_supporter.html", {"client": client, "slots": coming}, order=40
    )
