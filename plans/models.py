"""Models of the plans app: one plan per client, every save a version, co-authors, proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circle.models import Membership
from plans.content import SECTIONS


class Plan(models.Model):
    """A client's relapse prevention plan; its content lives in its versions (current = last)."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relapse_plan"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"plan of {self.client_id}"


class PlanVersion(models.Model):
    """One saved state of a plan. Never changed after it is written."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as written, so the history still says who it was after an account is deleted.
    author_name = models.CharField(max_length=80)
    # Set when a co-author's proposal became this version: the client who said yes.
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(max_length=300, blank=True)
    changed_sections = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"version {self.number} of plan {self.plan_id}"

    @property
    def changed_titles(self) -> list[str]:
        return [str(SECTIONS.get(key, key)) for key in self.changed_sections]


class PlanCoAuthor(models.Model):
    """A supporter the client chose to write the plan with (typically the therapist).

    Tied to one membership: when it ends, so does co-authorship, and a new invitation starts
    without it. Rights also need the membership's `plan` scope, checked on every request.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="plan_coauthor"
    )
    can_edit_directly = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"co-author {self.membership_id} (edits directly: {self.can_edit_directly})"


class Proposal(models.Model):
    """A co-author's suggested plan, waiting for the client's yes or no."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for your answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=80)
    # The version the proposal was written against; accepting applies only the sections the
    # co-author changed since then, so the client's own later edits are kept.
    base_number = models.PositiveIntegerField(default=0)
    content = models.JSONField()
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(
        PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"proposal {self.pk} for plan {self.plan_id} ({self.status})"
