from __future__ import annotations

from django import template

from groups.models import Member, Post
from groups.posting import milestone_text as text_of_milestone

register = template.Library()


@register.simple_tag
def milestone_text(post: Post) -> str:
    """ "River reached 30 days", for a shared milestone."""
    return text_of_milestone(post)


@register.simple_tag
def reacted(mine: set[tuple[int, str]], post: Post, kind: str) -> bool:
    """Whether the viewer gave this reaction to this post."""
    return (post.pk, kind) in mine


@register.simple_tag
def post_actions(post: Post, open_reports: object) -> list[tuple[str, str]]:
    """The moderator's buttons that make sense for this post now."""
    from groups.forms import VERBS
    from groups.models import ModerationAction

    A = ModerationAction.Action
    found = [A.RESTORE] if post.status != Post.Status.VISIBLE else [A.HIDE]
    if post.status != Post.Status.REMOVED:
        found.append(A.REMOVE_POST)
    if open_reports or post.needs_care:
        found.append(A.DISMISS)
    return [(a.value, str(VERBS[a])) for a in found]


@register.simple_tag
def member_actions(member: Member) -> list[tuple[str, str]]:
    """The moderator's buttons that make sense for this member now."""
    from groups.forms import VERBS
    from groups.models import ModerationAction

    A = ModerationAction.Action
    if member.status == Member.Status.ACTIVE:
        found = [A.MUTE, A.REMOVE_MEMBER]
    elif member.status == Member.Status.MUTED:
        found = [A.UNMUTE, A.REMOVE_MEMBER]
    else:
        found = []
    return [(a.value, str(VERBS[a])) for a in found]
