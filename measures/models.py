"""Questionnaire responses and each client's schedule per questionnaire.

`instrument` holds a definition's code (measures/instruments/); it has no database choices, so
adding an instrument needs no migration.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

MAX_EVERY_DAYS = 365


class MeasureResponse(models.Model):
    """One completed questionnaire, with the scores computed when it was saved."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_responses"
    )
    instrument = models.CharField(max_length=16)
    # {item key: answer value}, every item present.
    answers = models.JSONField()
    # {scale key: {"value": number, "band": band code or null}}, as scored at save time.
    scores = models.JSONField()
    # The headline scale's value and band; null and blank for an instrument without a total.
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=24, blank=True)
    crisis = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The client's calendar day when it was taken, in their time zone then.
    local_date = models.DateField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["client", "instrument", "-created_at"], name="measure_responses_by_client"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} of {self.client_id} on {self.local_date}"


class MeasureSchedule(models.Model):
    """How often a client takes one questionnaire, and when the next reminder is due.

    `next_due_at` is in UTC with a partial index, so the reminder job finds due rows with one
    range scan; it claims a row by moving `next_due_at` on with a conditional UPDATE.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_schedules"
    )
    instrument = models.CharField(max_length=16)
    every_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EVERY_DAYS)]
    )
    enabled = models.BooleanField(default=True)
    next_due_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "instrument"], name="one_schedule_per_measure"
            ),
            models.CheckConstraint(
                condition=Q(every_days__gte=1) & Q(every_days__lte=MAX_EVERY_DAYS),
                name="measure_every_days_in_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_due_at"], name="measure_schedule_due", condition=Q(enabled=True)
            )
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.instrument} every {self.every_days} days for {self.client_id}"
