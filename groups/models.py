"""Peer groups: people join with an alias, accept the group's guidelines, post, reply, react
and report; moderators (the creator, and staff) hide, restore and remove posts and mute or
remove members. Posts point at the membership (the alias), never straight at the account,
so every page shows aliases only; the account behind an alias is reached only by the
moderation services, and staff can reveal it only with a reason that is logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GroupVisibility(models.TextChoices):
    OPEN = "open", _("Open: anyone signed in can find and join it")
    INVITE = "invite", _("Invite only: people join with an invite link")


class Group(models.Model):
    Visibility = GroupVisibility

    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    guidelines = models.TextField()
    visibility = models.CharField(max_length=8, choices=Visibility.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MUTED = "muted", _("Muted: can read, cannot post")
    REMOVED = "removed", _("Removed by a moderator")
    LEFT = "left", _("Left the group")


class Member(models.Model):
    Role = MemberRole
    Status = MemberStatus

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    alias = models.CharField(max_length=40)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    accepted_guidelines_at = models.DateTimeField()
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_member_row_per_person"),
            models.UniqueConstraint(Lower("alias"), "group", name="one_alias_per_group"),
        ]
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return f"{self.alias} in group {self.group_id}"

    @property
    def can_read(self) -> bool:
        return self.status in {self.Status.ACTIVE, self.Status.MUTED}

    @property
    def is_moderator(self) -> bool:
        return self.role == self.Role.MODERATOR and self.status == self.Status.ACTIVE


class Invite(models.Model):
    """An invite link to an invite-only group; anyone holding the code may join until it
    expires."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invites")
    code = models.CharField(max_length=43, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"invite to group {self.group_id}"


class PostKind(models.TextChoices):
    TEXT = "text", _("Post")
    MILESTONE = "milestone", _("Milestone")


class PostStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REMOVED = "removed", _("Removed by a moderator")


class Post(models.Model):
    Kind = PostKind
    Status = PostStatus

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="posts")
    # A reply points at the post it answers; replies are one level deep.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    text = models.TextField(blank=True)
    milestone_days = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.VISIBLE)
    # Crisis words were found: the moderators were told and see it first in their queue.
    needs_care = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["group", "parent", "-created_at"], name="post_group_feed"),
            models.Index(fields=["author", "-created_at"], name="post_author_recent"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} in group {self.group_id}"


class ReactionKind(models.TextChoices):
    ME_TOO = "me_too", _("Me too")
    THANK_YOU = "thank_you", _("Thank you")


class Reaction(models.Model):
    Kind = ReactionKind

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member", "kind"], name="one_reaction_each")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class ReportReason(models.TextChoices):
    DANGER = "danger", _("Someone may be in danger")
    HARMFUL = "harmful", _("Unkind, shaming or harmful")
    PRIVACY = "privacy", _("Shares someone's private details")
    SPAM = "spam", _("Spam or selling")
    OTHER = "other", _("Something else")


class Report(models.Model):
    Reason = ReportReason

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_person")
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"report on post {self.post_id} ({self.reason})"


class ModerationActionKind(models.TextChoices):
    REPORT = "report", _("Post reported")
    CRISIS_FLAG = "crisis_flag", _("Crisis words found")
    HIDE = "hide", _("Post hidden")
    RESTORE = "restore", _("Post restored")
    REMOVE_POST = "remove_post", _("Post removed")
    DISMISS = "dismiss", _("Reports dismissed")
    MUTE = "mute", _("Member muted")
    UNMUTE = "unmute", _("Member unmuted")
    REMOVE_MEMBER = "remove_member", _("Member removed")
    REVEAL = "reveal", _("Identity revealed to staff")


class ModerationAction(models.Model):
    """The moderation log: every report, automatic crisis flag and moderator action."""

    Action = ModerationActionKind

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="moderation_log")
    # Who acted (empty for an automatic flag); shown as `actor_label`, the alias at the time.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=40)
    action = models.CharField(max_length=16, choices=Action.choices)
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} in group {self.group_id}"
