from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """One category of a client's data or actions a supporter may see or do.

    The labels are in the client's own voice ("Whether I checked in today"): the client reads
    them when choosing what to share. Supporters read `SUPPORTER_LABELS` instead.
    """

    SOBRIETY = "sobriety", _("My sobriety count and milestones")
    CHECKIN_SUMMARY = "checkin_summary", _("Whether I checked in today")
    CHECKIN_DETAIL = "checkin_detail", _("My check-in details (mood, craving, stress, sleep)")
    PLAN = "plan", _("My relapse prevention plan")
    ALERTS = "alerts", _("Alerts when I reach out or miss a check-in")
    HELP = "help", _("My help board (rides, meals, errands)")
    MEASURES = "measures", _("My questionnaire results")


# The same scopes as a supporter (or someone invited) reads them, about the client.
SUPPORTER_LABELS: dict[str, Promise] = {
    Scope.SOBRIETY: _("Their sobriety count and milestones"),
    Scope.CHECKIN_SUMMARY: _("Whether they checked in today"),
    Scope.CHECKIN_DETAIL: _("Their check-in details (mood, craving, stress, sleep)"),
    Scope.PLAN: _("Their relapse prevention plan"),
    Scope.ALERTS: _("Alerts when they reach out or miss a check-in"),
    Scope.HELP: _("Their help board (rides, meals, errands)"),
    Scope.MEASURES: _("Their questionnaire results"),
}


def client_labels(scopes: list[str]) -> list[str]:
    """Labels for the client, in the order of `Scope`."""
    return [str(Scope(s).label) for s in Scope.values if s in scopes]


def supporter_labels(scopes: list[str]) -> list[str]:
    """Labels for a supporter or an invitee, in the order of `Scope`."""
    return [str(SUPPORTER_LABELS[s]) for s in Scope.values if s in scopes]


class Relationship(models.TextChoices):
    FAMILY = "family", _("Family")
    FRIEND = "friend", _("Friend")
    PARTNER = "partner", _("Partner")
    SPONSOR = "sponsor", _("Sponsor")
    PEER = "peer", _("Peer in recovery")
    THERAPIST = "therapist", _("Therapist or counsellor")
    OTHER = "other", _("Other")


S = Scope
# What is ticked when the client picks a relationship; the client can change any of it before
# sending. Chosen so that nobody sees details by default unless their role usually needs them.
DEFAULT_SCOPES: dict[str, list[str]] = {
    Relationship.FAMILY: [S.SOBRIETY, S.CHECKIN_SUMMARY, S.ALERTS, S.HELP],
    Relationship.FRIEND: [S.SOBRIETY, S.ALERTS, S.HELP],
    Relationship.PARTNER: [S.SOBRIETY, S.CHECKIN_SUMMARY, S.ALERTS, S.HELP],
    Relationship.SPONSOR: [S.SOBRIETY, S.CHECKIN_SUMMARY, S.CHECKIN_DETAIL, S.PLAN, S.ALERTS],
    Relationship.PEER: [S.SOBRIETY],
    Relationship.THERAPIST: [
        S.SOBRIETY,
        S.CHECKIN_SUMMARY,
        S.CHECKIN_DETAIL,
        S.PLAN,
        S.MEASURES,
    ],
    Relationship.OTHER: [],
}


class Membership(models.Model):
    """A supporter in a client's circle, with the scopes the client consented to."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporting"
    )
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    scopes = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "supporter"],
                condition=~Q(status="ended"),
                name="one_open_membership_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(client=models.F("supporter")), name="no_self_membership"
            ),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.supporter} supports {self.client} ({self.status})"

    def has_scope(self, scope: str) -> bool:
        return self.status == self.Status.ACTIVE and scope in self.scopes

    def scope_labels(self) -> list[str]:
        """What this supporter sees, as the client reads it."""
        return client_labels(self.scopes)

    def supporter_scope_labels(self) -> list[str]:
        """What this supporter sees, as the supporter reads it."""
        return supporter_labels(self.scopes)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = models.EmailField()
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    scopes = models.JSONField(default=list)
    message = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.client} invited {self.email} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired

    def scope_labels(self) -> list[str]:
        """What accepting would share, as the invitee reads it (page and e-mail)."""
        return supporter_labels(self.scopes)
