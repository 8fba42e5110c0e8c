"""Who may see and do what in a peer group.

- An active or muted member reads the group; an active member writes.
- A moderator (active member with the moderator role, the creator at first) or staff
  moderates. Staff read a group only through its moderation pages, with aliases.
- Anyone else, a removed member included, is told the group does not exist (404). An open
  group shows its name, description and guidelines to any signed-in person, to join it.

A group is not a client's data: there is no access log here. The moderation log records
every action, and revealing the account behind an alias (staff only) is one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User
from circle.policy import NotVisible
from groups.models import Group, Member, Post
from recoverycircle.errors import Forbidden

# Access rules of group routes (see circle.policy.access_rule and tests/test_access_walk.py).
GROUP_OPEN = "group:open"  # anyone signed in, for an open group; others 404
GROUP_MEMBER = "group:member"  # members (and staff); others 404
GROUP_MODERATOR = "group:moderator"  # moderators and staff; members 403, others 404


@dataclass(frozen=True)
class Seat:
    """The viewer's place in a group: their membership (None for staff who are not in it)."""

    user: User
    group: Group
    member: Member | None
    moderator: bool

    @property
    def label(self) -> str:
        """How the viewer is named in the group's moderation log."""
        return self.member.alias if self.member is not None else _("Staff")


def group_or_404(group_id: int) -> Group:
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise NotVisible
    return group


def membership(user: User, group: Group) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.filter(group=group, user=user).first()


def seat(user: User, group_id: int) -> Seat:
    """For reading a group: a member who may read it, or staff."""
    if not user.is_authenticated:
        raise NotVisible
    group = group_or_404(group_id)
    member = membership(user, group)
    if member is not None and member.can_read:
        return Seat(user, group, member, member.is_moderator or user.is_staff)
    if user.is_staff:
        return Seat(user, group, None, True)
    raise NotVisible


def moderator_seat(user: User, group_id: int) -> Seat:
    found = seat(user, group_id)
    if not found.moderator:
        raise Forbidden(_("Only the group's moderators can do this."))
    return found


def writer(user: User, group_id: int) -> Member:
    """The viewer's membership, when they may post in the group."""
    found = seat(user, group_id)
    if found.member is None:
        raise Forbidden(_("Join the group to post in it."))
    if found.member.status == Member.Status.MUTED:
        raise Forbidden(_("A moderator has muted you in this group: you can read, not post."))
    return found.member


def post_seat(user: User, post_id: int) -> tuple[Post, Seat]:
    """A post the viewer may see, with their seat in its group."""
    post = Post.objects.select_related("author", "group").filter(pk=post_id).first()
    if post is None:
        raise NotVisible
    found = seat(user, post.group_id)
    if not visible_to(post, found):
        raise NotVisible
    return post, found


def visible_to(post: Post, viewer: Seat) -> bool:
    """Members see visible posts and their own hidden ones; moderators see all but removed
    posts' words are theirs to see only in the moderation queue."""
    if post.status == Post.Status.VISIBLE or viewer.moderator:
        return True
    return viewer.member is not None and post.author_id == viewer.member.pk
