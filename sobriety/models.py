"""Sobriety: a start date per substance (or overall), lapses, and the client's settings.

Streaks, totals and milestones are not stored: they follow from the start date and the
lapses (see sobriety/services.py), so a lapse recorded late or a corrected start date is
always counted right.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SobrietyStart(models.Model):
    """The day a client's sobriety began, overall (blank substance) or for one substance."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sobriety_starts"
    )
    substance = models.CharField(max_length=60, blank=True)
    start_date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "substance"], name="one_sobriety_start_per_substance"
            )
        ]
        ordering = ["substance", "id"]

    def __str__(self) -> str:
        return f"sobriety of {self.client_id} ({self.label}) since {self.start_date}"

    @property
    def label(self) -> str:
        return self.substance or "Overall"


class Lapse(models.Model):
    """A single return to use, written down by the client. Private unless they share it."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lapses"
    )
    start = models.ForeignKey(SobrietyStart, on_delete=models.CASCADE, related_name="lapses")
    date = models.DateField()
    what_happened = models.TextField(blank=True, max_length=4000)
    what_learned = models.TextField(blank=True, max_length=4000)
    told_circle = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"lapse of {self.client_id} on {self.date}"


class SobrietySettings(models.Model):
    """Per client: whether milestones are announced to the circle. (The lapse plan is a
    section of the relapse prevention plan, plans.content.PlanContent.lapse_plan.)"""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sobriety_settings"
    )
    announce_milestones = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "sobriety settings"

    def __str__(self) -> str:
        return f"sobriety settings of {self.client_id}"
