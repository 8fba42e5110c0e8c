"""Sober events: an activity proposed to all or part of a client's circle, with answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Proposed by the client or an active supporter, inside the client's circle.

    Who is invited: with `invite_all`, every active member of the circle at any moment (someone
    who joins later sees it too); otherwise the memberships in `invitees`. The client and the
    organiser are always in.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_events"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organised_events"
    )
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    invite_all = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # When the reminder goes out; None when the event was proposed too late for one. The job
    # claims an event by setting `reminded_at` where it is still empty.
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(
                fields=["remind_at"],
                name="event_reminder_due",
                condition=Q(reminded_at=None, cancelled_at=None),
            ),
            models.Index(fields=["client", "starts_at"], name="event_client_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M}) in {self.client_id}'s circle"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class EventInvitee(models.Model):
    """One chosen member of the circle, when not everyone is invited."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitees")
    membership = models.ForeignKey(
        "circle.Membership", on_delete=models.CASCADE, related_name="event_invitations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "membership"], name="one_invite_per_member")
        ]

    def __str__(self) -> str:
        return f"membership {self.membership_id} invited to {self.event_id}"


class RSVP(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes, I'll be there")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("Can't make it")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps"
    )
    answer = models.CharField(max_length=8, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_answer_per_person")
        ]
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return f"{self.person_id} answered {self.answer} to {self.event_id}"
