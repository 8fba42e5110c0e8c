"""Web pages of the meeting finder: search, a meeting, "I'm going", "I went", my meetings, and
the staff page of feeds; the home section of my next meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from circle.policy import SELF, STAFF, access_rule
from meetings import importer, search, services, types
from meetings.forms import FeedForm, GoingForm, MeetingSearchForm, WentForm
from meetings.models import Meeting, MeetingFeed
from recoverycircle.errors import form_error
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest

PAGE_RESULTS = 50


@access_rule(SELF)
@login_required
def find(request: AuthedHttpRequest) -> HttpResponse:
    """The finder: every search is a GET, so a result page can be bookmarked and shared."""
    searched = any(value for key, value in request.GET.items() if key != "page")
    form = MeetingSearchForm(request.GET if searched else None)
    results: list[search.Found] = []
    if searched and form.is_valid():
        results = search.search(form.query(), request.user.zone, timezone.now())
    page = Paginator(results, PAGE_RESULTS).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/find.html",
        {
            "form": form,
            "searched": searched,
            "page": page,
            "query": query.urlencode(),
            "zone": request.user.time_zone,
        },
        status=400 if form.errors else 200,
    )


def detail_context(user: User, meeting: Meeting) -> dict[str, object]:
    return {
        "meeting": meeting,
        "found": search.found_one(meeting, user.zone, timezone.now()),
        "type_labels": types.labels(meeting.types),
        "plans": services.plans_for(user, meeting),
        "today": services.local_today(user),
    }


@access_rule(SELF)
@login_required
def detail(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = services.meeting_or_404(meeting_id)
    context = detail_context(request.user, meeting)
    context |= {
        "going_form": GoingForm(),
        "went_form": WentForm(initial={"on_date": context["today"]}),
    }
    return render(request, "meetings/detail.html", context)


@access_rule(SELF)
@login_required
@require_POST
def going(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = services.meeting_or_404(meeting_id)
    form = GoingForm(request.POST)
    if form.is_valid():
        try:
            services.going(request.user, meeting.pk, form.cleaned_data["on_date"])
        except services.MeetingError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("It's on your calendar. Thank you for looking after yourself.")
            )
            return redirect("meetings:detail", meeting.pk)
    context = detail_context(request.user, meeting)
    context |= {"going_form": form, "went_form": WentForm(initial={"on_date": context["today"]})}
    return render(request, "meetings/detail.html", context, status=400)


@access_rule(SELF)
@login_required
@require_POST
def not_going(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    # An optional date: that one plan, or without a date all of them. A garbled date must
    # not fall back to "all of them": then nothing changes.
    on_date = None
    if request.POST.get("on_date", "").strip():
        form = WentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That date is not valid; nothing was changed."))
            return redirect("meetings:detail", meeting_id)
        on_date = form.cleaned_data["on_date"]
    if services.not_going(request.user, meeting_id, on_date):
        messages.success(request, _("It's off your calendar."))
    return redirect("meetings:detail", meeting_id)


@access_rule(SELF)
@login_required
@require_POST
def went(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = services.meeting_or_404(meeting_id)
    form = WentForm(request.POST)
    if form.is_valid():
        try:
            _attendance, created = services.went(
                request.user, meeting.pk, form.cleaned_data["on_date"]
            )
        except services.MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Well done for going.") if created else _("Already noted."))
            return redirect("meetings:detail", meeting.pk)
    context = detail_context(request.user, meeting)
    context |= {"going_form": GoingForm(), "went_form": form}
    return render(request, "meetings/detail.html", context, status=400)


@access_rule(SELF)
@login_required
def mine(request: AuthedHttpRequest) -> HttpResponse:
    today = services.local_today(request.user)
    month_start = today.replace(day=1)
    return render(
        request,
        "meetings/mine.html",
        {
            "plans": services.plans_of(request.user),
            "upcoming": services.upcoming(request.user, days=14),
            "attended": services.attendance_of(request.user),
            "this_month": services.meetings_attended(request.user, month_start, today),
        },
    )


# Feeds are an operator's business; everyone else is told the page does not exist.
@access_rule(STAFF)
@login_required
def feeds(request: AuthedHttpRequest) -> HttpResponse:
    form = FeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feed = importer.save_feed(
                data["name"], data["url"] or "", data["timezone"], data["refresh_hours"]
            )
            if data["file"]:
                upload = data["file"]
                if upload.size > importer.MAX_BYTES:
                    raise importer.FeedError(_("The file is larger than 5 MB."), "file")
                report = importer.import_feed(feed, upload.read(), upload.name)
                messages.info(request, report.lines()[0])
            else:
                messages.info(
                    request, _("%(name)s will be read in a moment.") % {"name": feed.name}
                )
        except importer.FeedError as error:
            form_error(form, error)
        else:
            return redirect("meetings:feeds")
    return render(
        request,
        "meetings/feeds.html",
        {"form": form, "feeds": MeetingFeed.objects.all()},
        status=400 if form.errors else 200,
    )


@access_rule(STAFF)
@login_required
@require_POST
def refresh_feed(request: AuthedHttpRequest, feed_id: int) -> HttpResponse:
    if importer.refresh_now(feed_id):
        messages.info(request, _("The feed will be read again in a moment."))
    return redirect("meetings:feeds")


def my_next_meetings(user: User) -> Section | None:
    coming = services.upcoming(user, days=7)
    return Section(
        "meetings/section_home.html", {"upcoming": coming[:5], "more": len(coming) > 5}, order=40
    )
