"""Peer groups: create one, find open ones, join with an alias after accepting the
guidelines (open groups, or with an invite link), leave, and make invite links.

An alias is how a person appears in the group; it may not be their name or e-mail address,
and it is unique in the group whatever its case.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from circle.policy import NotVisible
from groups.access import Seat, membership
from groups.models import Group, Invite, Member
from recoverycircle.errors import Conflict, Forbidden, ServiceError

INVITE_DAYS = 14
ALIAS_MIN, ALIAS_MAX = 2, 40
DEFAULT_GUIDELINES = gettext_lazy(
    "Share your own experience; you are the expert on your story, not on anyone else's.\n"
    "Be kind. No shaming, blaming or preaching, and no medical advice.\n"
    "What is shared here stays here: never repeat someone's story outside the group.\n"
    "No real names, phone numbers, addresses or photos of anyone.\n"
    "No selling, promoting or asking for money.\n"
    "If you are in crisis, call or text 988 now; this group is not an emergency service."
)


@dataclass
class GroupDraft:
    name: str
    description: str
    guidelines: str
    visibility: str
    alias: str


def clean_alias(alias: str, user: User) -> str:
    alias = " ".join(alias.split())
    if not ALIAS_MIN <= len(alias) <= ALIAS_MAX:
        raise ServiceError(
            _("Choose an alias of %(min)d to %(max)d characters.")
            % {"min": ALIAS_MIN, "max": ALIAS_MAX},
            "alias",
        )
    lowered = alias.casefold()
    local_part = user.email.split("@")[0].casefold()
    names = {n.casefold() for n in user.display_name.split() if len(n) > 2}
    if (
        "@" in alias
        or lowered in {user.email.casefold(), local_part}
        or names & set(lowered.split())
    ):
        raise ServiceError(
            _("Choose an alias that is not your name or e-mail address: the group sees only it."),
            "alias",
        )
    return alias


def clean_draft(draft: GroupDraft) -> GroupDraft:
    name = " ".join(draft.name.split())
    if not name:
        raise ServiceError(_("Give the group a name."), "name")
    if len(name) > 80:
        raise ServiceError(_("Keep the name under 80 characters."), "name")
    if len(draft.description) > 1000:
        raise ServiceError(_("Keep the description under 1000 characters."), "description")
    guidelines = draft.guidelines.strip() or str(DEFAULT_GUIDELINES)
    if len(guidelines) > 4000:
        raise ServiceError(_("Keep the guidelines under 4000 characters."), "guidelines")
    if draft.visibility not in Group.Visibility.values:
        raise ServiceError(_("Choose open or invite only."), "visibility")
    return GroupDraft(name, draft.description.strip(), guidelines, draft.visibility, draft.alias)


@transaction.atomic
def create_group(creator: User, draft: GroupDraft, now: datetime | None = None) -> Member:
    """The group, with its creator as its first moderator (who wrote the guidelines)."""
    now = now or timezone.now()
    draft = clean_draft(draft)
    alias = clean_alias(draft.alias, creator)
    group = Group.objects.create(
        name=draft.name,
        description=draft.description,
        guidelines=draft.guidelines,
        visibility=draft.visibility,
        created_by=creator,
        created_at=now,
    )
    return Member.objects.create(
        group=group,
        user=creator,
        alias=alias,
        role=Member.Role.MODERATOR,
        accepted_guidelines_at=now,
        joined_at=now,
    )


def invite_for(code: str, now: datetime | None = None) -> Invite:
    now = now or timezone.now()
    invite = Invite.objects.select_related("group").filter(code=code).first()
    if invite is None or invite.expires_at <= now:
        raise NotVisible
    return invite


def joinable(user: User, group_id: int, code: str = "") -> Group:
    """A group the person may see in order to join: open, or with a valid invite code."""
    if not user.is_authenticated:
        raise NotVisible
    if code:
        invite = invite_for(code)
        if invite.group_id != group_id:
            raise NotVisible
        return invite.group
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise NotVisible
    if group.visibility != Group.Visibility.OPEN:
        found = membership(user, group)
        if found is None or not found.can_read:
            raise NotVisible
    return group


def join(
    user: User, group: Group, alias: str, accepted: bool, now: datetime | None = None
) -> Member:
    """Joins `group` (already checked by `joinable`) under `alias`."""
    now = now or timezone.now()
    if not accepted:
        raise ServiceError(_("Read and accept the group's guidelines to join."), "accept")
    alias = clean_alias(alias, user)
    existing = membership(user, group)
    if existing is not None and existing.status == Member.Status.REMOVED:
        raise Forbidden(_("A moderator removed you from this group."))
    if existing is not None and existing.can_read:
        raise Conflict(_("You are already in this group."))
    try:
        with transaction.atomic():
            if existing is None:
                return Member.objects.create(
                    group=group, user=user, alias=alias, accepted_guidelines_at=now, joined_at=now
                )
            existing.alias, existing.status = alias, Member.Status.ACTIVE
            existing.accepted_guidelines_at = existing.joined_at = now
            existing.role = Member.Role.MEMBER
            existing.save()
            return existing
    except IntegrityError:
        raise ServiceError(_("Someone in the group already uses this alias."), "alias") from None


def leave(member: Member) -> None:
    if member.is_moderator and not other_moderators(member).exists():
        raise Conflict(_("You are the group's only moderator; it needs one to stay safe."))
    member.status = Member.Status.LEFT
    member.save(update_fields=["status"])


def other_moderators(member: Member) -> QuerySet[Member]:
    return Member.objects.filter(
        group_id=member.group_id, role=Member.Role.MODERATOR, status=Member.Status.ACTIVE
    ).exclude(pk=member.pk)


def make_invite(seat: Seat, now: datetime | None = None) -> Invite:
    now = now or timezone.now()
    return Invite.objects.create(
        group=seat.group,
        code=secrets.token_urlsafe(24),
        created_by=seat.user,
        created_at=now,
        expires_at=now + timedelta(days=INVITE_DAYS),
    )


def my_groups(user: User) -> list[Member]:
    return list(
        Member.objects.filter(
            user=user, status__in=[Member.Status.ACTIVE, Member.Status.MUTED]
        ).select_related("group")
    )


def open_groups(user: User) -> QuerySet[Group]:
    """Open groups the person is not in (nor was removed from), with their member counts."""
    return (
        Group.objects.filter(visibility=Group.Visibility.OPEN)
        .exclude(
            pk__in=Member.objects.filter(user=user)
            .exclude(status=Member.Status.LEFT)
            .values("group_id")
        )
        .annotate(member_count=Count("members", filter=Q(members__status=Member.Status.ACTIVE)))
    )


def staff_groups(user: User) -> QuerySet[Group]:
    """Every group, for staff, who moderate them all."""
    if not user.is_staff:
        return Group.objects.none()
    return Group.objects.all()
