"""Writing in a peer group: posts, replies, milestones shared by choice, reactions, and the
feed. Every post and reply is scanned for crisis words by `publish` itself: the poster is
shown the crisis lines privately (the caller's answer), the moderators are told and find the
post at the top of their queue, and the poster's own plan escalation follows (through
`crisis.services.handle_text`). Rate limits keep one member from flooding a group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from crisis.detect import CrisisMatch
from crisis.models import CrisisEvent
from crisis.services import handle_text
from groups import moderation
from groups.access import Seat, visible_to
from groups.models import Member, Post, Reaction
from recoverycircle.errors import ServiceError, TooMany
from sobriety.services import milestone_label, statuses

MAX_LENGTH = 5000
# Enough for a real conversation, too few for a flood.
LIMITS = (
    (timedelta(minutes=1), 3, pgettext_lazy("in the last ...", "minute")),
    (timedelta(hours=1), 20, pgettext_lazy("in the last ...", "hour")),
)


@dataclass(frozen=True)
class Published:
    post: Post
    crisis: CrisisMatch | None


def check_rate(member: Member, now: datetime) -> None:
    for window, most, name in LIMITS:
        recent = Post.objects.filter(author=member, created_at__gt=now - window).count()
        if recent >= most:
            raise TooMany(
                _(
                    "You have posted %(count)d times in the last %(window)s, the most a group "
                    "allows. Please wait a little before posting again."
                )
                % {"count": recent, "window": name}
            )


def clean_text(text: str, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise ServiceError(_("Write something first."), "text")
    if len(text) > MAX_LENGTH:
        raise ServiceError(
            _("Keep a post under %(count)d characters.") % {"count": MAX_LENGTH}, "text"
        )
    return text


def publish(
    member: Member,
    text: str,
    parent: Post | None = None,
    milestone_days: int | None = None,
    now: datetime | None = None,
) -> Published:
    now = now or timezone.now()
    text = clean_text(text, required=milestone_days is None)
    if parent is not None and (parent.group_id != member.group_id or parent.parent_id):
        raise ServiceError(_("Reply to a post in this group."), "parent")
    if parent is not None and parent.status != Post.Status.VISIBLE:
        raise ServiceError(_("This post is not shown in the group."), "parent")
    with transaction.atomic():
        # One writer per member at a time, so two quick posts cannot both pass the limit.
        Member.objects.select_for_update().filter(pk=member.pk).first()
        check_rate(member, now)
        post = Post.objects.create(
            group_id=member.group_id,
            author=member,
            parent=parent,
            kind=Post.Kind.MILESTONE if milestone_days else Post.Kind.TEXT,
            text=text,
            milestone_days=milestone_days,
            created_at=now,
        )
    crisis = handle_text(member.user, text, CrisisEvent.Source.POST) if text else None
    if crisis is not None:
        moderation.flag_crisis(post)
    return Published(post, crisis)


def reachable_milestones(member: Member) -> list[int]:
    """The milestones of the member's current streaks, which they may share."""
    days = {m.days for status in statuses(member.user) for m in status.reached}
    return sorted(days)


def share_milestone(member: Member, days: int, note: str = "") -> Published:
    if days not in reachable_milestones(member):
        raise ServiceError(_("Choose a milestone you have reached."), "days")
    return publish(member, note, milestone_days=days)


def milestone_text(post: Post) -> str:
    if post.milestone_days is None:
        return ""
    return _("%(alias)s reached %(label)s") % {
        "alias": post.author.alias,
        "label": milestone_label(post.milestone_days),
    }


def set_reaction(member: Member, post: Post, kind: str, on: bool) -> None:
    if kind not in Reaction.Kind.values:
        raise ServiceError(_("Choose “Me too” or “Thank you”."), "kind")
    if post.status != Post.Status.VISIBLE:
        raise ServiceError(_("This post is not shown in the group."))
    if on:
        Reaction.objects.get_or_create(post=post, member=member, kind=kind)
    else:
        Reaction.objects.filter(post=post, member=member, kind=kind).delete()


def toggle_reaction(member: Member, post: Post, kind: str) -> bool:
    """Adds the reaction, or takes it back when it is there. True when it is now there."""
    on = not Reaction.objects.filter(post=post, member=member, kind=kind).exists()
    set_reaction(member, post, kind, on)
    return on


def feed(seat: Seat) -> QuerySet[Post]:
    """The group's posts (not replies) the viewer may see, newest first, with counts."""
    posts = Post.objects.filter(group=seat.group, parent=None)
    if not seat.moderator:
        mine = Q(author=seat.member) if seat.member else Q(pk__in=[])
        posts = posts.filter(Q(status=Post.Status.VISIBLE) | mine)
    # Meta's ordering is not applied to a query with GROUP BY (the counts).
    return with_counts(posts).order_by("-created_at", "-id")


def replies(post: Post, seat: Seat) -> list[Post]:
    rows = with_counts(post.replies.all()).order_by("created_at", "id")
    return [r for r in rows if visible_to(r, seat)]


def with_counts(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("author").annotate(
        reply_count=Count("replies", filter=Q(replies__status=Post.Status.VISIBLE), distinct=True),
        me_too=Count("reactions", filter=Q(reactions__kind=Reaction.Kind.ME_TOO), distinct=True),
        thanks=Count("reactions", filter=Q(reactions__kind=Reaction.Kind.THANK_YOU), distinct=True),
    )


def my_reactions(seat: Seat, posts: list[Post]) -> set[tuple[int, str]]:
    if seat.member is None:
        return set()
    rows = Reaction.objects.filter(member=seat.member, post__in=posts)
    return set(rows.values_list("post_id", "kind"))
