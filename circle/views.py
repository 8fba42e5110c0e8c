from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import User
from circle import policy, services
from circle.forms import InviteForm, MembershipForm
from circle.models import Invitation, Membership, Scope
from circle.policy import MEMBER, PUBLIC, SELF, access_rule
from ratelimits.services import RateLimited, check_request
from recoverycircle.errors import form_error, form_page, page_message
from recoverycircle.sections import home_sections, supporter_sections
from recoverycircle.typing import AuthedHttpRequest


@access_rule(SELF)
@login_required
def invite(request: AuthedHttpRequest) -> HttpResponse:
    initial = {"relationship": request.GET.get("relationship") or "friend"}
    form = InviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_request("invitation", request, account=request.user.pk)
        except RateLimited as limited:
            return form_page(request, "circle/invite.html", form, limited)
        try:
            invitation = services.invite(
                request.user, data["email"], data["relationship"], data["scopes"], data["message"]
            )
        except services.CircleError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for 7 days.")
                % {"email": invitation.email},
            )
            return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "circle/invite.html", {"form": form}, status=status)


@access_rule(SELF)
@login_required
@require_POST
def cancel_invitation(request: AuthedHttpRequest, invitation_id: int) -> HttpResponse:
    try:
        services.cancel_invitation(request.user, invitation_id)
    except services.CircleError as error:
        page_message(request, error)
    else:
        messages.success(request, _("The invitation is cancelled; its link no longer works."))
    return redirect("home")


@access_rule(SELF)
@login_required
def edit_member(request: AuthedHttpRequest, membership_id: int) -> HttpResponse:
    membership = services.own_membership(request.user, membership_id)
    form = MembershipForm(
        request.POST or None,
        initial={"relationship": membership.relationship, "scopes": membership.scopes},
    )
    if request.method == "POST" and form.is_valid():
        services.update_membership(
            request.user,
            membership_id,
            scopes=form.cleaned_data["scopes"],
            relationship=form.cleaned_data["relationship"],
        )
        messages.success(
            request,
            _("Saved. %(name)s sees the change right away.") % {"name": membership.supporter},
        )
        return redirect("home")
    return render(
        request,
        "circle/member.html",
        {"membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@login_required
@require_POST
def pause_member(request: AuthedHttpRequest, membership_id: int) -> HttpResponse:
    # Only "1" pauses and "0" resumes: a garbled form must never resume someone paused.
    paused = {"1": True, "0": False}.get(request.POST.get("paused", ""))
    if paused is None:
        messages.error(request, _("Choose pause or resume."))
        return render(request, "home.html", home_context(request.user), status=400)
    membership = services.update_membership(request.user, membership_id, paused=paused)
    if paused:
        messages.success(
            request,
            _("%(name)s is paused and sees nothing for now.") % {"name": membership.supporter},
        )
    else:
        messages.success(
            request, _("%(name)s can see what you share again.") % {"name": membership.supporter}
        )
    return redirect("home")


@access_rule(SELF)
@login_required
@require_POST
def remove_member(request: AuthedHttpRequest, membership_id: int) -> HttpResponse:
    membership = services.own_membership(request.user, membership_id)
    services.remove_supporter(request.user, membership_id)
    messages.success(
        request, _("%(name)s is no longer in your circle.") % {"name": membership.supporter}
    )
    return redirect("home")


@access_rule(SELF)
@login_required
@require_POST
def leave(request: AuthedHttpRequest, membership_id: int) -> HttpResponse:
    services.leave_circle(request.user, membership_id)
    messages.success(request, _("You have left that circle."))
    return redirect("home")


@access_rule(PUBLIC)
def invitation(request: AuthedHttpRequest, token: str) -> HttpResponse:
    """The invitee sees who invites them and exactly what they would see before answering."""
    found = services.invitation_for_token(token)
    if found is None:
        return render(request, "circle/invitation_invalid.html", status=404)
    if not found.is_open:
        return invitation_closed(request, found)
    problem = None
    if request.user.is_authenticated:
        try:
            services.check_can_answer(found, request.user)
        except services.CircleError as error:
            problem = str(error)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        return answer_invitation(request, found, problem)
    return render(
        request,
        "circle/invitation.html",
        {
            "invitation": found,
            "problem": problem,
            "next": request.path,
        },
    )


def invitation_closed(request: AuthedHttpRequest, found: Invitation) -> HttpResponse:
    """A link that was used, withdrawn or has expired says only that: its note and what it
    would have shared are for the person it was meant for, while it is open."""
    return render(
        request,
        "circle/invitation_closed.html",
        {
            "state": found.status if found.status != Invitation.Status.PENDING else "expired",
            "mine": request.user.is_authenticated and found.accepted_by_id == request.user.pk,
            "client_id": found.client_id,
        },
        status=410,
    )


def answer_invitation(
    request: AuthedHttpRequest, found: Invitation, problem: str | None
) -> HttpResponse:
    try:
        if request.POST.get("answer") == "accept":
            services.accept(found, request.user)
            messages.success(
                request, _("You are now in %(name)s's circle.") % {"name": found.client}
            )
        elif request.POST.get("answer") == "decline":
            services.decline(found, request.user)
            messages.info(request, _("You declined the invitation. Nobody else was told more."))
        else:
            raise services.CircleError(_("Choose accept or decline."))
    except services.CircleError as error:
        found.refresh_from_db()
        if not found.is_open:  # answered or withdrawn meanwhile (another tab, the client)
            return invitation_closed(request, found)
        return render(
            request,
            "circle/invitation.html",
            {"invitation": found, "problem": problem or str(error)},
            status=400,
        )
    return redirect("home")


@access_rule(MEMBER, what=gettext_noop("circle overview"))
@login_required
def supporting(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """What one supporter sees of one client: only the categories the client shared."""
    client, membership = policy.granted(request).client, policy.granted(request).membership
    if membership is None:
        return redirect("home")
    shared = [(scope, scope.label) for scope in Scope if scope in membership.scopes]
    return render(
        request,
        "circle/supporting.html",
        {
            "client": client,
            "membership": membership,
            "shared": shared,
            "not_shared": [s.label for s in Scope if s not in membership.scopes],
            "sections": supporter_sections(request.user, client, membership),
        },
    )


def home_context(user: User) -> dict[str, object]:
    circle = services.circle_of(user)
    return {
        "circle": circle,
        "active_count": sum(1 for m in circle if m.status == Membership.Status.ACTIVE),
        "pending": services.pending_invitations(user),
        "supporting": services.supported_by(user),
        "invitations_for_me": services.invitations_for(user),
        "sections": home_sections(user),
    }
