"""Models of the crisis app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CrisisEvent(models.Model):
    """Crisis language was found in something the client wrote, and resources were shown.

    Only the fact is kept (where, which kind, when), never the words: the text stays where
    the client wrote it, under that record's own consent rules.
    """

    class Source(models.TextChoices):
        CHECKIN_NOTE = "checkin_note", "Check-in note"
        REACH_OUT = "reach_out", "Reach-out message"
        PLAN = "plan", "Relapse prevention plan"
        POST = "post", "Post"
        OTHER = "other", "Other text"

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crisis_events"
    )
    source = models.CharField(max_length=32, choices=Source.choices)
    category = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="crisis_event_client")]

    def __str__(self) -> str:
        return f"crisis language ({self.category}) from {self.client_id} in {self.source}"
