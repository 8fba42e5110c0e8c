"""Web pages of moderation: the queue (crisis flags, reports, hidden posts, members), actions
on a post or a member, invite links, the moderation log, and staff's reveal of an alias."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from circle.policy import STAFF, NotVisible, access_rule
from groups import moderation, services
from groups.access import GROUP_MODERATOR, Seat, moderator_seat
from groups.forms import MemberActionForm, PostActionForm, RevealForm
from groups.models import Member, Post
from recoverycircle.errors import Forbidden, ServiceError, page_message
from recoverycircle.typing import AuthedHttpRequest


def moderating(request: AuthedHttpRequest, group_id: int) -> Seat:
    try:
        return moderator_seat(request.user, group_id)
    except Forbidden as error:
        raise PermissionDenied(error.message) from None


@access_rule(GROUP_MODERATOR)
@login_required
@require_GET
def queue(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    found = moderating(request, group_id)
    context = {
        "seat": found,
        "group": found.group,
        "queue": moderation.queue(found),
    }
    return render(request, "groups/moderate.html", context)


@access_rule(GROUP_MODERATOR)
@login_required
@require_GET
def log(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    found = moderating(request, group_id)
    entries = moderation.history(found)[:200]
    return render(request, "groups/log.html", {"group": found.group, "entries": entries})


@access_rule(GROUP_MODERATOR)
@login_required
@require_POST
def invite(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    found = moderating(request, group_id)
    made = services.make_invite(found)
    link = request.build_absolute_uri(reverse("groups:join_by_invite", args=[made.code]))
    messages.success(
        request,
        _("Invite link, valid for %(days)d days: %(link)s")
        % {"days": services.INVITE_DAYS, "link": link},
    )
    return redirect("groups:moderate", group_id)


@access_rule(GROUP_MODERATOR)
@login_required
@require_POST
def post_action(request: AuthedHttpRequest, post_id: int) -> HttpResponse:
    post = Post.objects.select_related("author", "group").filter(pk=post_id).first()
    if post is None:
        raise NotVisible
    found = moderating(request, post.group_id)
    form = PostActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose hide, restore, remove or dismiss."))
    else:
        try:
            moderation.act_on_post(
                found, post, form.cleaned_data["action"], form.cleaned_data["reason"]
            )
        except ServiceError as error:
            page_message(request, error)
        else:
            messages.success(request, _("Done, and logged."))
    return redirect("groups:moderate", post.group_id)


def member_in_moderated_group(request: AuthedHttpRequest, member_id: int) -> tuple[Member, Seat]:
    member = Member.objects.select_related("group").filter(pk=member_id).first()
    if member is None:
        raise NotVisible
    return member, moderating(request, member.group_id)


@access_rule(GROUP_MODERATOR)
@login_required
@require_POST
def member_action(request: AuthedHttpRequest, member_id: int) -> HttpResponse:
    member, found = member_in_moderated_group(request, member_id)
    form = MemberActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose mute, unmute or remove."))
    else:
        try:
            moderation.act_on_member(
                found, member, form.cleaned_data["action"], form.cleaned_data["reason"]
            )
        except ServiceError as error:
            page_message(request, error)
        else:
            messages.success(request, _("Done, and logged."))
    return redirect("groups:moderate", member.group_id)


@access_rule(STAFF)
@login_required
def reveal(request: AuthedHttpRequest, member_id: int) -> HttpResponse:
    """Staff only: who is behind an alias, when someone's safety requires it."""
    member, found = member_in_moderated_group(request, member_id)
    form = RevealForm(request.POST if request.method == "POST" else None)
    person = None
    if request.method == "POST" and form.is_valid():
        try:
            person = moderation.reveal(found, member, form.cleaned_data["reason"])
        except ServiceError as error:
            form.add_error("reason", error.message)
    status = 400 if form.errors else 200
    context = {"member": member, "group": found.group, "form": form, "person": person}
    return render(request, "groups/reveal.html", context, status=status)
