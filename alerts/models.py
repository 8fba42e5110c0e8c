from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.texts import in_reader_language, pick


class Alert(models.Model):
    """Something happened that people should hear about. Its notifications are the outbox."""

    class Kind(models.TextChoices):
        REACH_OUT = "reach_out", _("Reach out")
        REACH_OUT_CLAIMED = "reach_out_claimed", _("Someone is reaching out")
        MISSED_CHECKIN = "missed_checkin", _("Missed check-in")
        CHECKED_IN_AGAIN = "checked_in_again", _("Checked in again")
        CHECKIN_REMINDER = "checkin_reminder", _("Check-in reminder")
        MILESTONE = "milestone", _("Milestone")
        LAPSE = "lapse", _("Lapse shared")
        ENCOURAGEMENT = "encouragement", _("Encouragement")
        DELIVERY_FAILED = "delivery_failed", _("Could not reach someone")
        SIGNAL = "signal", _("Warning signal")
        MEASURE_DUE = "measure_due", _("Questionnaire due")
        HELP_NEEDED = "help_needed", _("Help needed")
        HELP_CLAIMED = "help_claimed", _("Help offered")
        HELP_RELEASED = "help_released", _("Help offer withdrawn")
        HELP_UNCLAIMED = "help_unclaimed", _("Help still needed")
        HELP_REMINDER = "help_reminder", _("Help reminder")
        HELP_DONE = "help_done", _("Help done")
        HELP_THANKS = "help_thanks", _("Thanks")
        HELP_CANCELLED = "help_cancelled", _("Help no longer needed")
        PLAN_PROPOSAL = "plan_proposal", _("Plan proposal")
        PLAN_CHANGED = "plan_changed", _("Plan changed")
        EVENT_INVITE = "event_invite", _("Sober event invitation")
        EVENT_REMINDER = "event_reminder", _("Sober event reminder")
        EVENT_CANCELLED = "event_cancelled", _("Sober event cancelled")
        ISOLATION_NUDGE = "isolation_nudge", _("Keeping in touch")
        CRISIS = "crisis", _("Crisis")
        MESSAGE = "message", _("New message")
        GROUP_CARE = "group_care", _("A group post may need care")
        GROUP_REPORT = "group_report", _("A group post was reported")
        DELIVERY_DELAYED = "delivery_delayed", _("Not reached yet")
        DELIVERY_RECOVERED = "delivery_recovered", _("Reached after a delay")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # In the site's default language; `texts` holds the other languages (alerts.texts).
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    texts = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)
    # Makes an event happen once: e.g. "missed:42:2026-11-26". Two sweeps racing on the same
    # missed day both try to insert it; the database lets only one win.
    # Unique by a constraint in Meta rather than unique=True, which on PostgreSQL would add a
    # second (pattern) index that no query uses and every insert pays for.
    dedupe_key = models.CharField(max_length=120, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="one_alert_per_dedupe_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.client_id}: {self.subject}"

    def words_in(self, language: str) -> tuple[str, str]:
        """The (subject, body) for a reader of `language`."""
        return pick((self.subject, self.body), self.texts, language)

    @property
    def shown_subject(self) -> str:
        """The subject in the active language: the reader's, on a page or in an e-mail."""
        return in_reader_language((self.subject, self.body), self.texts)[0]

    @property
    def shown_body(self) -> str:
        return in_reader_language((self.subject, self.body), self.texts)[1]


class OutboxRow(models.Model):
    """A message waiting to go out, delivered at least once (see alerts.outbox).

    A worker claims a row by a conditional UPDATE that sets a lease (`leased_until`, a claim
    token). A worker killed mid-send leaves the lease to expire, and another worker takes the
    row again: nothing is lost. Each send's outcome is written before the next send, and only
    while the worker still holds the lease, so a crash re-sends at most the one message in
    flight."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be delivered")
        SKIPPED = "skipped", _("Not sent (consent withdrawn)")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    leased_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Notification(OutboxRow):
    """The outbox of alerts: one alert × recipient × channel, delivered at least once."""

    class Channel(models.TextChoices):
        INBOX = "inbox", _("In-app inbox")
        EMAIL = "email", _("E-mail")

    # No index of their own: the unique (alert, recipient, channel) key serves lookups by
    # alert and `inbox_by_user` lookups by recipient; the sweep inserts thousands of rows.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    channel = models.CharField(max_length=12, choices=Channel.choices)
    # The consent scope the recipient must still hold when the row is sent; blank for a
    # client's own notifications.
    required_scope = models.CharField(max_length=24, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "recipient", "channel"], name="one_notification_per_channel"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="outbox_due", condition=Q(status="pending")
            ),
            models.Index(fields=["recipient", "channel", "-created_at"], name="inbox_by_user"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient_id} for alert {self.alert_id} ({self.status})"

    @property
    def idempotency_key(self) -> str:
        return f"{self.alert_id}.{self.recipient_id}.{self.channel}"


class AccountEmail(OutboxRow):
    """An account e-mail (verification, password reset, invitation) in the same leased,
    retried outbox as alerts. Its body holds a personal link, so it is emptied once the
    e-mail is sent or given up: the link is not kept readable after delivery."""

    class Purpose(models.TextChoices):
        VERIFICATION = "verification", _("E-mail verification")
        PASSWORD_RESET = "password_reset", _("Password reset")
        INVITATION = "invitation", _("Invitation")
        OTHER = "other", _("Other")

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.OTHER)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="account_email_due",
                condition=Q(status="pending"),
            )
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} e-mail {self.pk} ({self.status})"

    @property
    def idempotency_key(self) -> str:
        return f"account.{self.pk}"


class DeliveryAttempt(models.Model):
    """Every attempt to deliver an outbox row, with its outcome.

    The row is written before the send and completed right after it; `ok` stays empty when
    the worker stopped during the send (killed, or its host lost power), so the message may
    or may not have gone out and is sent again."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attempt_log", null=True
    )
    account_email = models.ForeignKey(
        AccountEmail, on_delete=models.CASCADE, related_name="attempt_log", null=True
    )
    worker = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField(null=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notification__isnull=True, account_email__isnull=False)
                | Q(notification__isnull=False, account_email__isnull=True),
                name="attempt_of_one_row",
            )
        ]

    def __str__(self) -> str:
        outcome = {True: "ok", False: self.error, None: "no outcome recorded"}[self.ok]
        return f"attempt on {self.notification_id or self.account_email_id}: {outcome}"


class AlertPreference(models.Model):
    """Per supporter, per client: whether they want to hear about missed check-ins."""

    membership = models.OneToOneField(
        "circle.Membership", on_delete=models.CASCADE, related_name="alert_preference"
    )
    missed_checkin = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"alert preferences of membership {self.membership_id}"


class ReachOut(models.Model):
    """ "I need support now": the first supporter who answers claims it."""

    alert = models.OneToOneField(Alert, on_delete=models.CASCADE, related_name="reach_out")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reach_outs"
    )
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"reach-out {self.pk} of {self.client_id}"


class Encouragement(models.Model):
    """A short note from a supporter that the client sees on their home."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="encouragements"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note from {self.author_id} to {self.client_id}"
