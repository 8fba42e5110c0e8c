"""Web pages of the measures app, and its sections of the client's home and a supporter's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from accounts.models import User
from circle import policy
from circle.models import Membership, Scope
from circle.policy import SELF, access_rule, client_scope
from measures import schedules, scoring, services
from measures.charts import charts
from measures.definitions import Definition
from measures.forms import MeasureForm, ScheduleForm
from measures.models import MeasureResponse, MeasureSchedule
from measures.schedules import ScheduleError
from recoverycircle.errors import page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest

WHAT = gettext_noop("questionnaire results")  # the access log's words, translated when shown


def definition_or_404(code: str) -> Definition:
    try:
        return services.definition(code)
    except services.UnknownMeasure:
        raise Http404(code) from None


def table_rows(definition: Definition, responses: list[MeasureResponse]) -> list[dict[str, Any]]:
    """Newest first: the same numbers as the charts."""
    return [
        {"response": r, "scores": services.score_views(r), "crisis": r.crisis}
        for r in reversed(responses)
    ]


@access_rule(SELF)
@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    """My questionnaires: which are due, the last result of each, and who sees them."""
    rows = [
        {"status": s, "headline": services.headline(s.last) if s.last else ""}
        for s in schedules.statuses(request.user, timezone.now())
    ]
    return render(
        request,
        "measures/index.html",
        {"rows": rows, "shared_with": services.shared_with(request.user)},
    )


@access_rule(SELF)
@login_required
def take(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """One questionnaire on one page; every question needs an answer."""
    definition = definition_or_404(code)
    form = MeasureForm(definition, request.POST if request.method == "POST" else None)
    crisis = False
    if request.method == "POST":
        if form.is_valid():
            try:
                response = services.save_response(request.user, code, form.answers())
            except scoring.AnswerError as error:
                form.add_answer_errors(error.errors)
            else:
                return redirect("measures:result", response.pk)
        # A crisis answer shows help at once, even when other questions are still unanswered.
        crisis = scoring.crisis(definition, form.raw_answers())
    return render(
        request,
        "measures/take.html",
        {
            "definition": definition,
            "form": form,
            "crisis": crisis,
            "resources": services.CRISIS_RESOURCES,
        },
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@require_GET
@login_required
def result(request: AuthedHttpRequest, response_id: int) -> HttpResponse:
    """One result with its meaning in plain words; crisis resources first when needed."""
    response = services.own_response(request.user, response_id)
    if response is None:
        raise Http404("no such result")
    definition = definition_or_404(response.instrument)
    return render(
        request,
        "measures/result.html",
        {
            "definition": definition,
            "response": response,
            "scores": services.score_views(response),
            "answers": services.answer_views(response),
            "crisis": services.crisis_flag(response),
            "resources": services.CRISIS_RESOURCES,
        },
    )


@access_rule(SELF)
@require_GET
@login_required
def trends(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """One questionnaire over time: a chart per scale and the same numbers as a table."""
    definition = definition_or_404(code)
    responses = services.history(request.user, code)
    return render(
        request,
        "measures/trends.html",
        {
            "definition": definition,
            "charts": charts(definition, responses),
            "rows": table_rows(definition, responses),
        },
    )


@access_rule(SELF)
@login_required
def schedule(request: AuthedHttpRequest) -> HttpResponse:
    """How often each questionnaire comes round, and whether I am reminded."""
    now = timezone.now()
    current = {s.instrument: s for s in schedules.ensure(request.user, now)}
    data = request.POST if request.method == "POST" else None
    forms = [
        (
            d,
            ScheduleForm(
                data,
                prefix=d.code,
                initial={
                    "enabled": current[d.code].enabled,
                    "every_days": current[d.code].every_days,
                },
            ),
        )
        for d in services.definitions()
        if d.code in current
    ]
    if data is not None and all(form.is_valid() for _, form in forms):
        try:
            with transaction.atomic():
                for d, form in forms:
                    schedules.change(
                        request.user,
                        d.code,
                        form.cleaned_data["every_days"],
                        form.cleaned_data["enabled"],
                        now,
                    )
        except ScheduleError as error:
            page_message(request, error)
        else:
            messages.success(request, _("Your questionnaire schedule is saved."))
            return redirect("measures:index")
    invalid = any(form.errors for _, form in forms)
    return render(
        request,
        "measures/schedule.html",
        {"forms": forms, "zone": request.user.time_zone},
        status=400 if invalid else 200,
    )


@access_rule(client_scope(Scope.MEASURES), what=WHAT)
@require_GET
@login_required
def client_measures(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """A supporter's view of one client's questionnaire scores over time (never the answers)."""
    client, membership = policy.granted(request).client, policy.granted(request).membership
    if membership is None:
        return redirect("measures:index")
    instruments = []
    for definition in services.definitions():
        responses = services.history(client, definition.code)
        if not responses:
            continue
        latest = responses[-1]
        instruments.append(
            {
                "definition": definition,
                "latest": latest,
                "scores": services.score_views(latest),
                "charts": charts(definition, responses),
                "rows": table_rows(definition, responses),
            }
        )
    return render(
        request,
        "measures/client.html",
        {"client": client, "membership": membership, "instruments": instruments},
    )


# Sections


def measures_on_home(user: User) -> Section:
    started = MeasureSchedule.objects.filter(client=user).exists()
    due = schedules.statuses(user) if started else []
    return Section(
        "measures/section_home.html",
        {"started": started, "due": [s for s in due if s.due]},
        order=30,
    )


def measures_for_supporter(viewer: User, client: User, membership: Membership) -> Section | None:
    if not membership.has_scope(Scope.MEASURES):
        return None
    policy.read(viewer, client.pk, Scope.MEASURES, WHAT)
    latest = schedules.latest_per_instrument(client)
    rows = [
        {"definition": d, "response": latest[d.code], "headline": services.headline(latest[d.code])}
        for d in services.definitions()
        if d.code in latest
    ]
    return Section("measures/section_supporter.html", {"client": client, "rows": rows}, order=40)
