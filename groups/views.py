"""Web pages of peer groups for their members: the list, creating a group, joining (open
groups, or with an invite link), the feed, a post with its replies, reacting, reporting,
sharing a milestone and leaving. Moderation pages are in groups/moderation_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circle.policy import SELF, access_rule
from crisis.web import show_crisis_resources
from groups import posting, services
from groups.access import GROUP_MEMBER, GROUP_OPEN, Seat, post_seat, seat, writer
from groups.forms import (
    GroupForm,
    JoinForm,
    MilestoneForm,
    PostForm,
    ReactionForm,
    ReplyForm,
    ReportForm,
)
from groups.models import Group, Post
from groups.moderation import report
from recoverycircle.errors import ServiceError, form_error, page_message
from recoverycircle.typing import AuthedHttpRequest
from sobriety.services import milestone_label

PAGE_SIZE = 20


@access_rule(SELF)
@login_required
def group_list(request: AuthedHttpRequest) -> HttpResponse:
    mine = services.my_groups(request.user)
    context = {
        "mine": mine,
        "open": services.open_groups(request.user),
        "staff": services.staff_groups(request.user).exclude(pk__in=[m.group_id for m in mine]),
    }
    return render(request, "groups/list.html", context)


@access_rule(SELF)
@login_required
def new_group(request: AuthedHttpRequest) -> HttpResponse:
    form = GroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.create_group(request.user, services.GroupDraft(**form.cleaned_data))
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your group is ready. You are its moderator."))
            return redirect("groups:group", member.group_id)
    status = 400 if form.errors else 200
    return render(request, "groups/new.html", {"form": form}, status=status)


def join_page(request: AuthedHttpRequest, group: Group, code: str = "") -> HttpResponse:
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join(
                request.user, group, form.cleaned_data["alias"], form.cleaned_data["accept"]
            )
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
            return redirect("groups:group", group.pk)
    status = 400 if form.errors else 200
    context = {"group": group, "form": form, "code": code}
    return render(request, "groups/join.html", context, status=status)


@access_rule(GROUP_OPEN)
@login_required
def join(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    return join_page(request, services.joinable(request.user, group_id))


@access_rule(GROUP_OPEN)
@login_required
def join_by_invite(request: AuthedHttpRequest, invite_code: str) -> HttpResponse:
    invite = services.invite_for(invite_code)
    return join_page(request, invite.group, invite_code)


def feed_context(request: AuthedHttpRequest, found: Seat, **forms: Any) -> dict[str, Any]:
    page = Paginator(posting.feed(found), PAGE_SIZE).get_page(request.GET.get("page"))
    posts = list(page.object_list)
    member = found.member
    milestones = posting.reachable_milestones(member) if member is not None else []
    return {
        "seat": found,
        "group": found.group,
        "page": page,
        "posts": posts,
        "mine": posting.my_reactions(found, posts),
        "post_form": forms.get("post_form") or PostForm(),
        "milestone_form": forms.get("milestone_form") or milestone_form(milestones),
        "can_post": member is not None and member.status == member.Status.ACTIVE,
    }


def milestone_form(days: list[int], data: Any = None) -> MilestoneForm | None:
    if not days:
        return None
    return MilestoneForm(data, choices=[(d, milestone_label(d)) for d in reversed(days)])


@access_rule(GROUP_MEMBER)
@login_required
def group(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    return render(request, "groups/group.html", feed_context(request, seat(request.user, group_id)))


def published(request: AuthedHttpRequest, result: posting.Published) -> HttpResponse:
    if result.crisis is not None:
        show_crisis_resources(request)  # shown to the poster only, on their next page
    else:
        messages.success(request, _("Posted."))
    target = result.post.parent_id or result.post.pk
    if result.post.parent_id or result.post.kind == Post.Kind.TEXT:
        return redirect("groups:post", target)
    return redirect("groups:group", result.post.group_id)


@access_rule(GROUP_MEMBER)
@login_required
@require_POST
def new_post(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    found = seat(request.user, group_id)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            result = posting.publish(writer(request.user, group_id), form.cleaned_data["text"])
        except ServiceError as error:
            form_error(form, error)
        else:
            return published(request, result)
    context = feed_context(request, found, post_form=form)
    return render(request, "groups/group.html", context, status=400)


@access_rule(GROUP_MEMBER)
@login_required
@require_POST
def share_milestone(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    member = writer(request.user, group_id)
    form = milestone_form(posting.reachable_milestones(member), request.POST)
    if form is None:
        messages.error(request, _("There is no milestone to share yet."))
        return redirect("groups:group", group_id)
    if form.is_valid():
        try:
            result = posting.share_milestone(
                member, form.cleaned_data["days"], form.cleaned_data["note"]
            )
        except ServiceError as error:
            form_error(form, error)
        else:
            return published(request, result)
    context = feed_context(request, seat(request.user, group_id), milestone_form=form)
    return render(request, "groups/group.html", context, status=400)


@access_rule(GROUP_MEMBER)
@login_required
@require_POST
def leave(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    found = seat(request.user, group_id)
    if found.member is None:
        return redirect("groups:list")
    try:
        services.leave(found.member)
    except ServiceError as error:
        page_message(request, error)
        return redirect("groups:group", group_id)
    messages.success(request, _("You left %(group)s.") % {"group": found.group.name})
    return redirect("groups:list")


def post_context(found: Seat, post: Post, reply_form: ReplyForm | None = None) -> dict[str, Any]:
    replies = posting.replies(post, found)
    shown = posting.with_counts(Post.objects.filter(pk=post.pk)).get()
    return {
        "seat": found,
        "group": found.group,
        "post": shown,
        "replies": replies,
        "mine": posting.my_reactions(found, [shown, *replies]),
        "reply_form": reply_form or ReplyForm(),
        "can_post": found.member is not None and found.member.status == "active",
    }


@access_rule(GROUP_MEMBER)
@login_required
def post_page(request: AuthedHttpRequest, post_id: int) -> HttpResponse:
    post, found = post_seat(request.user, post_id)
    if post.parent_id:
        return redirect("groups:post", post.parent_id)
    return render(request, "groups/post.html", post_context(found, post))


@access_rule(GROUP_MEMBER)
@login_required
@require_POST
def reply(request: AuthedHttpRequest, post_id: int) -> HttpResponse:
    post, found = post_seat(request.user, post_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            member = writer(request.user, post.group_id)
            return published(request, posting.publish(member, form.cleaned_data["text"], post))
        except ServiceError as error:
            form_error(form, error)
    return render(request, "groups/post.html", post_context(found, post, form), status=400)


@access_rule(GROUP_MEMBER)
@login_required
@require_POST
def react(request: AuthedHttpRequest, post_id: int) -> HttpResponse:
    post, found = post_seat(request.user, post_id)
    form = ReactionForm(request.POST)
    if not form.is_valid() or found.member is None:
        messages.error(request, _("Choose “Me too” or “Thank you”."))
        return redirect("groups:post", post.parent_id or post.pk)
    try:
        posting.toggle_reaction(found.member, post, form.cleaned_data["kind"])
    except ServiceError as error:
        page_message(request, error)
    if request.htmx:
        shown = posting.with_counts(Post.objects.filter(pk=post.pk)).get()
        context = {"p": shown, "mine": posting.my_reactions(found, [shown]), "seat": found}
        return render(request, "groups/_reactions.html", context)
    return redirect("groups:post", post.parent_id or post.pk)


@access_rule(GROUP_MEMBER)
@login_required
def report_post(request: AuthedHttpRequest, post_id: int) -> HttpResponse:
    post, found = post_seat(request.user, post_id)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if found.member is None:
                raise ServiceError(_("Staff act from the moderation queue."))
            report(found.member, post, form.cleaned_data["reason"], form.cleaned_data["note"])
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Thank you. The moderators have been told."))
            return redirect("groups:post", post.parent_id or post.pk)
    status = 400 if form.errors else 200
    context = {"post": post, "group": found.group, "form": form}
    return render(request, "groups/report.html", context, status=status)
