"""Sobriety: a start date per substance (or overall), lapses, and the client's settings.

Streaks, totals and milestones are not stored: they follow from the start date and the
lapses (see sobriety/services.py), so a lapse recorded late or a corrected start date is
always counted right.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        return self.substance or str(_("Overall"))


class Lapse(models.Model):
    """A return to use, written down by the client: one day, or a period of several days
    (`date` to `end_date`, both included), none of which counts as sober. Private unless
    they share it."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lapses"
    )
    start = models.ForeignKey(SobrietyStart, on_delete=models.CASCADE, related_name="lapses")
    # The first day of use.
    date = models.DateField()
    # The last day of use: the same as `date` for a lapse of one day.
    end_date = models.DateField()
    what_happened = models.TextField(blank=True, max_length=4000)
    what_learned = models.TextField(blank=True, max_length=4000)
    told_circle = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("date")),
                name="lapse_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"lapse of {self.client_id} from {self.date} to {self.end_date}"

    @property
    def days(self) -> int:
        return (self.end_date - self.date).days + 1


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
