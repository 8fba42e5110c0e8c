"""Moderation: reports, automatic crisis flags, the moderators' queue, their actions on
posts and members, and the moderation log that records every one of them.

Moderators see aliases, like everyone else. Staff, when safety requires it, can reveal the
account behind an alias; they must give a reason, and the reveal is logged like any action.
Moderators are told of reports and crisis flags through the alerts outbox (their inbox and
e-mail), by alias and link, never with the post's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import Alert
from alerts.services import notify_client
from groups.access import Seat
from groups.models import Member, ModerationAction, Post, Report
from recoverycircle.errors import Conflict, Forbidden, ServiceError

# Alert kinds (the lead adds them to Alert.Kind's choices).
KIND_CARE = Alert.Kind.GROUP_CARE
KIND_REPORT = Alert.Kind.GROUP_REPORT

A = ModerationAction.Action
POST_ACTIONS: dict[str, str] = {
    A.HIDE: Post.Status.HIDDEN,
    A.RESTORE: Post.Status.VISIBLE,
    A.REMOVE_POST: Post.Status.REMOVED,
}
MEMBER_ACTIONS: dict[str, str] = {
    A.MUTE: Member.Status.MUTED,
    A.UNMUTE: Member.Status.ACTIVE,
    A.REMOVE_MEMBER: Member.Status.REMOVED,
}
SYSTEM = "system"


@dataclass(frozen=True)
class Queue:
    care: list[Post]  # crisis words found, not yet handled
    reported: list[tuple[Post, list[Report]]]
    hidden: list[Post]
    members: list[Member]


def log(
    seat_or_none: Seat | None,
    group_id: int,
    action: str,
    post: Post | None = None,
    member: Member | None = None,
    reason: str = "",
) -> ModerationAction:
    label = seat_or_none.label if seat_or_none is not None else _("Automatic check")
    return ModerationAction.objects.create(
        group_id=group_id,
        actor=seat_or_none.user if seat_or_none is not None else None,
        actor_label=label[:40],
        action=action,
        post=post,
        member=member,
        reason=reason[:500],
    )


def moderators_of(group_id: int) -> list[User]:
    rows = Member.objects.filter(
        group_id=group_id, role=Member.Role.MODERATOR, status=Member.Status.ACTIVE
    ).select_related("user")
    return [m.user for m in rows]


def tell_moderators(post: Post, kind: str, subject: Callable[[], str], key: str) -> None:
    """Each moderator's own alert (it belongs to no client's circle), worded in their
    language: `subject()` is rendered once per moderator."""
    link = reverse("groups:moderate", args=[post.group_id])
    for person in moderators_of(post.group_id):
        if person.pk == post.author.user_id:
            continue
        with translation.override(person.language):
            words = subject()
        notify_client(person, kind, words, link=link, dedupe_key=f"{key}:{person.pk}")


def flag_crisis(post: Post) -> None:
    """Crisis words in a post: the moderators see it first and are told at once."""
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(needs_care=True)
        post.needs_care = True
        log(None, post.group_id, A.CRISIS_FLAG, post=post, member=post.author)

        def subject() -> str:
            return _("A post by %(alias)s in %(group)s may need care now") % {
                "alias": post.author.alias,
                "group": post.group.name,
            }

        tell_moderators(post, KIND_CARE, subject, f"group-care:{post.pk}")


def report(
    reporter: Member, post: Post, reason: str, note: str = "", now: datetime | None = None
) -> Report:
    if reason not in Report.Reason.values:
        raise ServiceError(_("Choose why you report it."), "reason")
    if post.author_id == reporter.pk:
        raise ServiceError(_("You cannot report your own post; you can ask a moderator."))
    if len(note) > 500:
        raise ServiceError(_("Keep the note under 500 characters."), "note")
    try:
        with transaction.atomic():
            found = Report.objects.create(
                post=post,
                reporter=reporter,
                reason=reason,
                note=note.strip(),
                created_at=now or timezone.now(),
            )
            by = Seat(reporter.user, post.group, reporter, moderator=False)
            log(by, post.group_id, A.REPORT, post=post, reason=found.get_reason_display())
    except IntegrityError:
        raise Conflict(_("You have reported this post already.")) from None
    tell_moderators(
        post,
        KIND_REPORT,
        lambda: _("A post in %(group)s was reported") % {"group": post.group.name},
        f"group-report:{post.pk}",
    )
    return found


def queue(seat: Seat) -> Queue:
    posts = Post.objects.filter(group=seat.group).select_related("author")
    open_reports = Report.objects.filter(post__group=seat.group, resolved_at=None)
    by_post: dict[int, list[Report]] = {}
    for r in open_reports.select_related("reporter").order_by("created_at"):
        by_post.setdefault(r.post_id, []).append(r)
    reported = [(p, by_post[p.pk]) for p in posts.filter(pk__in=list(by_post))]
    return Queue(
        care=list(posts.filter(needs_care=True).exclude(status=Post.Status.REMOVED)),
        reported=reported,
        hidden=list(posts.filter(status=Post.Status.HIDDEN)),
        members=list(Member.objects.filter(group=seat.group).exclude(status=Member.Status.LEFT)),
    )


def act_on_post(seat: Seat, post: Post, action: str, reason: str = "") -> Post:
    """Hide, restore or remove a post; dismiss its reports; or mark a crisis flag handled.
    Every action resolves the post's open reports and is logged."""
    if post.group_id != seat.group.pk:
        raise ServiceError(_("This post is in another group."))
    if action not in {*POST_ACTIONS, A.DISMISS}:
        raise ServiceError(_("Choose hide, restore, remove or dismiss."), "action")
    with transaction.atomic():
        if action in POST_ACTIONS:
            post.status = POST_ACTIONS[action]
        post.needs_care = False
        post.save(update_fields=["status", "needs_care"])
        Report.objects.filter(post=post, resolved_at=None).update(resolved_at=timezone.now())
        log(seat, post.group_id, action, post=post, member=post.author, reason=reason)
    return post


def act_on_member(seat: Seat, member: Member, action: str, reason: str = "") -> Member:
    if member.group_id != seat.group.pk:
        raise ServiceError(_("This person is in another group."))
    if action not in MEMBER_ACTIONS:
        raise ServiceError(_("Choose mute, unmute or remove."), "action")
    if seat.member is not None and member.pk == seat.member.pk:
        raise ServiceError(_("You cannot do this to yourself."))
    if member.role == Member.Role.MODERATOR and not seat.user.is_staff:
        raise Forbidden(_("Only staff can mute or remove a moderator."))
    if member.status in {Member.Status.REMOVED, Member.Status.LEFT} and action != A.REMOVE_MEMBER:
        raise Conflict(_("This person is no longer in the group."))
    with transaction.atomic():
        member.status = MEMBER_ACTIONS[action]
        member.save(update_fields=["status"])
        log(seat, member.group_id, action, member=member, reason=reason)
    return member


def reveal(seat: Seat, member: Member, reason: str) -> User:
    """The account behind an alias, for staff who must act on someone's safety."""
    if not seat.user.is_staff:
        raise Forbidden(_("Only staff can see who is behind an alias."))
    if member.group_id != seat.group.pk:
        raise ServiceError(_("This person is in another group."))
    if len(reason.strip()) < 10:
        raise ServiceError(_("Say why you need to know (it is logged)."), "reason")
    log(seat, member.group_id, A.REVEAL, member=member, reason=reason.strip())
    return member.user


def history(seat: Seat) -> QuerySet[ModerationAction]:
    return ModerationAction.objects.filter(group=seat.group).select_related("post", "member")
