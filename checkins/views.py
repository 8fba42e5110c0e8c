"""Web pages of the checkins app, and its sections of the client's home and a supporter's page."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from checkins import services
from checkins.charts import charts
from checkins.forms import CheckInForm, ScheduleForm
from circle import policy
from circle.models import Membership, Scope
from circle.policy import SELF, access_rule
from crisis.web import show_crisis_resources
from plans.services import commitments_for
from recoverycircle.errors import form_error
from recoverycircle.sections import Section, trend_sections
from recoverycircle.typing import AuthedHttpRequest
from sobriety.lapses import lapse_on, lapse_page_url

HISTORY_RANGES = (30, 90)
SUPPORTER_DAYS = 7


def posted_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


@access_rule(SELF)
@login_required
def today(request: AuthedHttpRequest) -> HttpResponse:
    """Today's check-in: a new one, or today's again to change it."""
    now = timezone.now()
    day = services.today_of(request.user, now)
    existing = services.todays_checkin(request.user, now)
    commitments = commitments_for(request.user)
    form = CheckInForm(
        request.POST or None,
        initial=CheckInForm.initial_from(existing),
        commitments=commitments,
    )
    if request.method == "POST" and form.is_valid():
        try:
            checkin, created = services.save_today(
                request.user,
                form.data_for_service(),
                now,
                for_date=posted_date(request.POST.get("for_date")),
            )
        except services.CheckInError as error:
            form_error(form, error)
        else:
            if services.crisis_check(request.user, checkin):
                show_crisis_resources(request)
            if checkin.used and not (existing and existing.used):
                return lapse_written(request, checkin.local_date)
            messages.success(
                request,
                _("Thank you for checking in.") if created else _("Today's check-in is updated."),
            )
            return redirect("home")
    return render(
        request,
        "checkins/today.html",
        {
            "form": form,
            "day": day,
            "existing": existing,
            "progress": services.commitment_progress(request.user, day, commitments),
        },
        status=400 if form.errors else 200,
    )


def lapse_written(request: AuthedHttpRequest, day: date) -> HttpResponse:
    """After a check-in that newly says "used": the lapse is written down with it (when the
    client keeps a count); its page is offered for more, never required."""
    lapse = lapse_on(request.user, day)
    if lapse is None:
        messages.info(
            request,
            _(
                "Thank you for being honest. A lapse is part of many recoveries. Here you can "
                "write it down, only for you."
            ),
        )
    else:
        messages.info(
            request,
            _(
                "Thank you for being honest. It is written down with your check-in: your new "
                "count starts after today, and every sober day you had still counts. If you "
                "like, add what happened here, only for you."
            ),
        )
    return redirect(lapse_page_url(lapse, day))


@access_rule(SELF)
@login_required
def history(request: AuthedHttpRequest) -> HttpResponse:
    """My check-ins over 30 or 90 days: trend charts and the same numbers as a table."""
    days = 90 if request.GET.get("days") == "90" else 30
    start, end = services.last_days(request.user, days)
    checkins = list(services.checkins_between(request.user, start, end))
    return render(
        request,
        "checkins/history.html",
        {
            "days": days,
            "ranges": HISTORY_RANGES,
            "start": start,
            "end": end,
            "charts": charts(checkins, start, end),
            "checkins": list(reversed(checkins)),
            "sections": trend_sections(request.user, start, end),
        },
    )


@access_rule(SELF)
@login_required
def schedule(request: AuthedHttpRequest) -> HttpResponse:
    """When my daily check-in is due, in my own time zone, and how much extra time I get."""
    current = services.schedule_of(request.user)
    initial = (
        {
            "due_time": current.due_time,
            "grace_minutes": current.grace_minutes,
            "enabled": current.enabled,
        }
        if current
        else {}
    )
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_schedule(
                request.user, data["due_time"], data["grace_minutes"], data["enabled"]
            )
        except services.CheckInError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your check-in time is saved."))
            return redirect("checkins:schedule")
    return render(
        request,
        "checkins/schedule.html",
        {"form": form, "schedule": current, "zone": request.user.time_zone},
        status=400 if form.errors else 200,
    )


# Sections


def checkin_on_home(user: User) -> Section:
    now = timezone.now()
    return Section(
        "checkins/section_home.html",
        {
            "status": services.today_status(user, now),
            "checkin": services.todays_checkin(user, now),
            "schedule": services.schedule_of(user),
            "progress": services.commitment_progress(user, services.today_of(user, now)),
        },
        order=10,
    )


def checkin_status_for_supporter(
    viewer: User, client: User, membership: Membership
) -> Section | None:
    if not membership.has_scope(Scope.CHECKIN_SUMMARY):
        return None
    policy.read(viewer, client.pk, Scope.CHECKIN_SUMMARY, gettext_noop("check-in status"))
    return Section(
        "checkins/section_status.html",
        {"client": client, "status": services.today_status(client)},
        order=20,
    )


def checkin_details_for_supporter(
    viewer: User, client: User, membership: Membership
) -> Section | None:
    if not membership.has_scope(Scope.CHECKIN_DETAIL):
        return None
    policy.read(viewer, client.pk, Scope.CHECKIN_DETAIL, gettext_noop("check-in details"))
    end = services.today_of(client)
    start = end - timedelta(days=SUPPORTER_DAYS - 1)
    return Section(
        "checkins/section_details.html",
        {
            "client": client,
            "days": SUPPORTER_DAYS,
            "checkins": list(services.shared_checkins(client, start, end).reverse()),
        },
        order=25,
    )
