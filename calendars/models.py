"""Models of the calendars app: the private feed address of each person's calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CalendarFeed(models.Model):
    """A secret feed address for phone calendars. Only a SHA-256 digest of the secret is kept;
    the address is shown once, when it is made. The secret has 256 random bits, so a fast hash
    is enough. Making a new address or turning the feed off revokes the old one at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at=None), name="one_live_calendar_feed"
            )
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "live"
        return f"calendar feed of {self.user_id} ({state})"
