"""The craving tool's pages: start, the tool itself (timer, reasons, strategies, people) and
finishing. Every page works as plain forms; static/js/craving-timer.js only adds a countdown.
Also the home section: the craving button, and the plan's strategies after a risky check-in."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from checkins.services import todays_checkin
from circle.policy import SELF, access_rule
from crisis.web import show_crisis_resources
from plans.services import content_of
from recoverycircle.errors import form_error, page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest
from toolkit import craving, services
from toolkit.forms import CravingFinishForm, CravingStartForm
from toolkit.models import CravingSession, Outcome
from toolkit.trends import craving_trend


@access_rule(SELF)
@login_required
def start(request: AuthedHttpRequest) -> HttpResponse:
    content = content_of(request.user)
    form = CravingStartForm(request.POST or None, triggers=content.triggers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = craving.start(request.user, data["craving_start"], data["trigger_id"])
        except services.ToolkitError as error:
            form_error(form, error)
        else:
            return redirect("toolkit:craving_session", session.pk)
    return render(
        request,
        "toolkit/craving_start.html",
        {
            "form": form,
            "open": craving.open_session(request.user),
            "reasons": content.reasons,
            "minutes": craving.SURF_MINUTES,
        },
        status=400 if form.errors else 200,
    )


def session_page(
    request: AuthedHttpRequest, session: CravingSession, form: CravingFinishForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "toolkit/craving_session.html",
        {
            "session": session,
            "box": craving.toolbox(request.user, session),
            "form": form,
            "minutes": craving.SURF_MINUTES,
            "ends_at": session.started_at + timedelta(minutes=craving.SURF_MINUTES),
        },
        status=status,
    )


@access_rule(SELF)
@login_required
def session(request: AuthedHttpRequest, session_id: int) -> HttpResponse:
    found = craving.session_of(request.user, session_id)
    return session_page(request, found, CravingFinishForm())


@access_rule(SELF)
@login_required
@require_POST
def finish(request: AuthedHttpRequest, session_id: int) -> HttpResponse:
    found = craving.session_of(request.user, session_id)
    form = CravingFinishForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = craving.finish(
                request.user,
                found.pk,
                data["craving_end"],
                data["outcome"],
                data["strategy_tried"],
                data["note"],
            )
        except services.ToolkitError as error:
            page_message(request, error)
            return redirect("toolkit:craving_session", found.pk)
        return after_finish(request, done)
    return session_page(request, found, form, status=400)


def after_finish(request: AuthedHttpRequest, done: craving.Finished) -> HttpResponse:
    if done.crisis:
        show_crisis_resources(request)
    if done.session.outcome == Outcome.USED:
        messages.info(
            request,
            _(
                "Thank you for being honest. A lapse is a moment, not the end of your "
                "recovery. Here you can write down what happened, only for you."
            ),
        )
        day = done.session.started_at.astimezone(request.user.zone).date()
        return redirect(f"{reverse('sobriety:lapse')}?date={day}")
    messages.success(request, _("Well done for riding it out. It is saved in your history."))
    return redirect("checkins:history")


@access_rule(SELF)
@login_required
@require_POST
def message(request: AuthedHttpRequest, session_id: int, membership_id: int) -> HttpResponse:
    try:
        sent = craving.message_person(request.user, session_id, membership_id)
    except services.ToolkitError as error:
        page_message(request, error)
    else:
        if sent is None:
            messages.info(request, _("Already sent: they will hear from the app."))
        else:
            messages.success(request, _("Sent. They are asked to get in touch with you now."))
    return redirect("toolkit:craving_session", session_id)


# Sections


def craving_on_home(user: User) -> Section | None:
    """The craving button for anyone with a plan or a check-in today; after a risky check-in,
    the strategies the plan links to the triggers met, and toolkit ideas for them."""
    content = content_of(user)
    today = todays_checkin(user)
    if today is None and not (content.reasons or content.triggers or content.coping):
        return None
    risky = today is not None and craving.is_risky(today)
    return Section(
        "toolkit/section_craving.html",
        {
            "open": craving.open_session(user),
            "after_checkin": craving.suggested_after(content, today) if today and risky else [],
            "ideas": services.ideas_for(user, [t.kind for t in content.triggers] or ["feeling"])
            if risky
            else [],
        },
        order=2,
    )


def craving_on_history(user: User, start: date, end: date) -> Section:
    trend = craving_trend(user, start, end)
    return Section("toolkit/section_trend.html", {"trend": trend}, order=20)
