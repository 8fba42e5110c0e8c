"""Connectedness: the client's own log of who they talked to, and the isolation nudge state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactLog(models.Model):
    """ "I talked to …": someone in the circle, or anyone else by name."""

    class Channel(models.TextChoices):
        CALL = "call", _("Phone call")
        TEXT = "text", _("Text or message")
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")
        MEETING = "meeting", _("At a meeting")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_log"
    )
    membership = models.ForeignKey(
        "circle.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_log",
    )
    # The person's name as written, or a copy of the supporter's name: the entry still reads
    # well after they leave the circle.
    name = models.CharField(max_length=80)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="contactlog_client_at")]

    def __str__(self) -> str:
        return f"{self.client_id} talked to {self.name} ({self.channel})"


class NudgeState(models.Model):
    """Per client: whether they want isolation nudges, and when the job looks next.

    The job claims a row by moving `next_check_at` forward with a conditional UPDATE, so two
    loops never look at the same client at once; the alert's dedupe key (client and the day
    the quiet spell began) makes a nudge happen once per spell.
    """

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudge_state"
    )
    enabled = models.BooleanField(default=True)
    next_check_at = models.DateTimeField(null=True, blank=True)
    last_nudged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["next_check_at"], name="nudge_due", condition=Q(enabled=True))
        ]

    def __str__(self) -> str:
        return f"isolation nudges for {self.client_id} ({'on' if self.enabled else 'off'})"
