"""Web pages: reach out, claim, encouragement notes, the inbox; home and supporter sections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import User
from alerts import reachout, services
from alerts.models import Alert
from circle.models import Membership, Scope
from circle.policy import (
    MEMBER,
    SELF,
    NotVisible,
    access_rule,
    client_scope,
    granted,
    read,
)
from recoverycircle.errors import page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest

ALERTS = client_scope(Scope.ALERTS)


@access_rule(SELF)
@login_required
@require_POST
def reach_out(request: AuthedHttpRequest) -> HttpResponse:
    reach = reachout.reach_out(request.user, request.POST.get("message", ""))
    return redirect("alerts:reach_out", reach.pk)


@access_rule(ALERTS, through=reachout.REACH_OUT, what=gettext_noop("request for support"))
@login_required
def reach_out_detail(request: AuthedHttpRequest, reach_out_id: int) -> HttpResponse:
    reach = reachout.visible_reach_out(request.user, reach_out_id)
    told = reach.alert.notifications.filter(channel="inbox").select_related("recipient")
    return render(
        request,
        "alerts/reach_out.html",
        {
            "reach": reach,
            "is_client": reach.client_id == request.user.pk,
            "told": [n.recipient for n in told],
        },
    )


@access_rule(ALERTS, through=reachout.REACH_OUT, what=gettext_noop("request for support"))
@login_required
@require_POST
def claim(request: AuthedHttpRequest, reach_out_id: int) -> HttpResponse:
    try:
        reach = reachout.claim(request.user, reach_out_id)
    except reachout.ReachOutError as error:
        messages.info(request, str(error))
        return redirect("alerts:reach_out", reach_out_id)
    messages.success(
        request,
        _("Thank you. %(name)s has been told you are reaching out: please call them now.")
        % {"name": reach.client},
    )
    return redirect("alerts:reach_out", reach.pk)


@access_rule(SELF)
@login_required
@require_POST
def resolve(request: AuthedHttpRequest, reach_out_id: int) -> HttpResponse:
    reachout.resolve(request.user, reach_out_id)
    messages.success(request, _("Glad you are feeling steadier. Your circle is here any time."))
    return redirect("home")


# Writing a note or choosing one's own alerts reads nothing of the client's: decided, not logged.
@access_rule(MEMBER, log=False)
@login_required
@require_POST
def encourage(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    try:
        note = reachout.encourage(request.user, client_id, request.POST.get("text", ""))
    except reachout.ReachOutError as error:
        page_message(request, error)
    else:
        messages.success(request, _("Your note is on %(name)s's home.") % {"name": note.client})
    return redirect("circle:supporting", client_id)


@access_rule(MEMBER, log=False)
@login_required
@require_POST
def alert_preferences(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    membership = granted(request).membership
    if membership is None:
        raise NotVisible
    wanted = request.POST.get("missed_checkin") == "1"
    services.set_missed_checkin_alerts(membership, wanted)
    messages.success(
        request, _("Saved.") if wanted else _("You will not be told about missed check-ins.")
    )
    return redirect("circle:supporting", client_id)


@access_rule(SELF)
@login_required
def inbox(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(services.inbox(request.user), 30).get_page(request.GET.get("page"))
    response = render(request, "alerts/inbox.html", {"page": page})
    services.mark_read(request.user, [n.pk for n in page.object_list])
    return response


def client_reach_out_section(user: User) -> Section:
    failures = services.inbox(user).filter(alert__kind=Alert.Kind.DELIVERY_FAILED, read_at=None)[:5]
    return Section(
        "alerts/_home_client.html",
        {
            "open": reachout.open_reach_outs(user),
            "notes": reachout.notes_for(user),
            "failures": list(failures),
        },
        order=10,
    )


def supporter_requests_section(user: User) -> Section | None:
    requests = reachout.open_reach_outs_for_supporter(user, "web")
    if not requests:
        return None
    return Section("alerts/_home_supporter.html", {"requests": requests}, order=5)


def supporter_alerts_section(viewer: User, client: User, membership: Membership) -> Section:
    has_alerts = Scope.ALERTS in membership.scopes
    if has_alerts:
        read(viewer, client.pk, Scope.ALERTS, gettext_noop("open requests for support"))
    return Section(
        "alerts/_supporting.html",
        {
            "client": client,
            "has_alerts": has_alerts,
            "open": reachout.open_reach_outs(client) if has_alerts else [],
            "wants_missed": services.wants_missed_checkin_alerts(membership),
            "notes": reachout.notes_between(viewer, client),
        },
        order=5,
    )
