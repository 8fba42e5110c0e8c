"""Web pages of the calendars app: my calendar for the next days, and my private feed address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from audit import visits
from audit.models import AccessLog
from calendars import feed, services
from calendars.entries import entries_for
from circle.policy import PUBLIC, SELF, access_rule
from recoverycircle import once
from recoverycircle.typing import AuthedHttpRequest


def page_context(request: AuthedHttpRequest, **extra: object) -> dict[str, object]:
    now = timezone.now()
    return {
        "days": services.agenda(request.user, now),
        "today": now.astimezone(request.user.zone).date(),
        "feed": services.live_feed(request.user),
        "agenda_days": services.AGENDA_DAYS,
        **extra,
    }


@access_rule(SELF)
@login_required
@never_cache  # right after a new feed, the page carries its secret address
def calendar(request: AuthedHttpRequest) -> HttpResponse:
    new = once.take(request, "calendar-feed")
    extra = {"new_url": new["url"], "new_webcal": new["webcal"]} if new else {}
    return render(request, "calendars/calendar.html", page_context(request, **extra))


@access_rule(SELF)
@login_required
@require_POST
def create_feed(request: AuthedHttpRequest) -> HttpResponse:
    """Makes a new secret address and shows it once, on the page it redirects to (only its
    digest is stored, so it cannot be shown again; a reload cannot make another)."""
    _, raw = services.create_feed(request.user)
    once.keep_for_next_page(
        request,
        "calendar-feed",
        {"url": services.feed_url(raw), "webcal": services.webcal_url(raw)},
    )
    return redirect(f"{reverse('calendars:calendar')}#feed-title")


@access_rule(SELF)
@login_required
@require_POST
def revoke_feed(request: AuthedHttpRequest) -> HttpResponse:
    if services.revoke_feed(request.user):
        messages.success(request, _("Your calendar feed is off. Phones using it stop updating."))
    else:
        messages.info(request, _("Your calendar feed was already off."))
    return redirect("calendars:calendar")


@access_rule(PUBLIC)  # the secret in the address is the permission
@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    user = services.user_for_feed(token)
    if user is None:
        raise Http404
    visits.set_channel(AccessLog.Channel.FEED)  # reads of a client's data by the phone
    # A phone asks without a session: the events read in the feed owner's language.
    with translation.override(user.language):
        body = feed.render(user, entries_for(user), timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="recovery-circle.ics"'
    # Private to the holder of the address: no shared cache keeps a copy, no search engine
    # lists it.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
