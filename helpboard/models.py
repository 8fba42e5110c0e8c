"""Models of the help board: what a client needs, and who helps with each occurrence."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HelpNeed(models.Model):
    """A need posted by the client or, for them, by a supporter holding the help scope.

    A recurring need is one row with an RRULE whose wall clock is `zone` (the client's zone
    when it was posted), so "every Tuesday 18:00" stays 18:00 local across daylight saving.
    """

    class Kind(models.TextChoices):
        RIDE = "ride", _("A ride")
        GROCERIES = "groceries", _("Groceries")
        MEAL = "meal", _("A meal")
        CHILDCARE = "childcare", _("Childcare")
        ERRAND = "errand", _("An errand")
        COMPANY = "company", _("Company at an appointment")
        OTHER = "other", _("Something else")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_needs"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=120, blank=True)
    place = models.CharField(max_length=200, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    # The first occurrence's window; later occurrences keep its wall-clock times and length.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    zone = models.CharField(max_length=64)
    rrule = models.CharField(max_length=200, blank=True)
    # Start of the last occurrence of a bounded rule (COUNT/UNTIL); null when it never ends.
    last_start = models.DateTimeField(null=True, blank=True)
    # Occurrences starting before this moment have their row (the jobs need rows to claim).
    materialized_until = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(
                fields=["materialized_until"],
                name="helpneed_to_materialize",
                condition=models.Q(cancelled_at=None),
            ),
            models.Index(fields=["client", "cancelled_at"], name="helpneed_client"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="help_window_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.summary} for {self.client_id}"

    @property
    def summary(self) -> str:
        label = str(self.Kind(self.kind).label)
        return f"{label}: {self.title}" if self.title else label

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class HelpOccurrence(models.Model):
    """One occurrence of a need, created when someone claims it or when it comes close.

    Claims are decided in the database: a claim is a conditional UPDATE that only changes a
    row nobody holds, and (need, starts_at) is unique, so two supporters claiming the same
    occurrence at once get exactly one winner.
    """

    need = models.ForeignKey(HelpNeed, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField()
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_claims",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)
    thanks = models.CharField(max_length=500, blank=True)
    # Set by the jobs when they have acted, so each acts once per occurrence.
    reminded_at = models.DateTimeField(null=True, blank=True)
    raised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "starts_at"], name="one_row_per_occurrence")
        ]
        indexes = [
            models.Index(
                fields=["starts_at"], name="helpocc_open", condition=models.Q(done_at=None)
            ),
            models.Index(fields=["claimed_by", "starts_at"], name="helpocc_claimer"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + self.need.duration
