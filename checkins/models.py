from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    GREAT = 5, _("Great")


class CheckIn(models.Model):
    """One daily check-in; the day is the client's local calendar day."""

    # No index of its own: the unique (client, local_date) index below starts with the
    # client and serves every lookup by client; a second one only slows each check-in down.
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checkins",
        db_index=False,
    )
    local_date = models.DateField()
    mood = models.PositiveSmallIntegerField(choices=Mood.choices)
    craving = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    stress = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    used = models.BooleanField(default=False)
    meeting_attended = models.BooleanField(default=False)
    coping_used = models.CharField(max_length=300, blank=True)
    triggers = models.JSONField(default=list, blank=True)
    # Ids of the plan's daily maintenance commitments kept that day (plans.content.Commitment).
    commitments_kept = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "local_date"], name="one_checkin_per_day")
        ]
        ordering = ["-local_date"]

    def __str__(self) -> str:
        return f"check-in of {self.client_id} on {self.local_date}"


class CheckInSchedule(models.Model):
    """When a client's daily check-in is due, and the next moments the sweep must act.

    `next_reminder_at` and `next_deadline_at` are stored in UTC on the row, with partial
    indexes, so finding who is due or overdue is one cheap range scan (as in Healthchecks).
    They are recomputed from the local due time after every act, so daylight-saving changes
    are followed day by day.
    """

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_schedule"
    )
    enabled = models.BooleanField(default=True)
    due_time = models.TimeField(default=time(20, 0))
    grace_minutes = models.PositiveIntegerField(
        default=120, validators=[MinValueValidator(0), MaxValueValidator(24 * 60 - 1)]
    )
    next_reminder_at = models.DateTimeField(null=True, blank=True)
    next_deadline_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_deadline_at"], name="schedule_deadline_due", condition=Q(enabled=True)
            ),
            models.Index(
                fields=["next_reminder_at"], name="schedule_reminder_due", condition=Q(enabled=True)
            ),
        ]

    def __str__(self) -> str:
        return f"check-in schedule of {self.client_id}"
