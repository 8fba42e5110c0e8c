from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.texts import in_reader_language, pick


class Level(models.TextChoices):
    WATCH = "watch", _("Watch")
    CONCERN = "concern", _("Concern")
    URGENT = "urgent", _("Urgent")


class Signal(models.Model):
    """A warning signal: a documented rule fired over the client's own data, with why.

    The client sees it first. If they have not acknowledged it when the escalation ladder's
    delay for its level has passed, the people the ladder names for that level are told.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signals"
    )
    rule = models.CharField(max_length=40)
    level = models.CharField(max_length=8, choices=Level.choices)
    # In the site's default language; `texts` holds the other languages where they read
    # differently (`{"es": [title, explanation]}`, as alerts.texts writes them), so the words
    # follow the reader's language when they are shown, not the client's when it fired.
    # Rows written before `texts` existed hold {}: their words show as they were stored.
    title = models.CharField(max_length=200)
    explanation = models.TextField()
    texts = models.JSONField(default=dict, blank=True)
    local_date = models.DateField()
    fired_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.CharField(max_length=500, blank=True)
    # When the ladder tells the circle unless the client acknowledged first; cleared once done.
    escalate_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A rule fires at most once a day for a client.
            models.UniqueConstraint(
                fields=["client", "rule", "local_date"], name="one_signal_per_rule_per_day"
            ),
        ]
        indexes = [
            models.Index(
                fields=["escalate_at"],
                name="signal_escalation_due",
                condition=Q(escalate_at__isnull=False),
            ),
        ]
        ordering = ["-fired_at", "-id"]

    def __str__(self) -> str:
        return f"{self.level} {self.rule} for {self.client_id} on {self.local_date}"

    def words_in(self, language: str) -> tuple[str, str]:
        """The (title, explanation) for a reader of `language`."""
        return pick((self.title, self.explanation), self.texts, language)

    @property
    def shown_title(self) -> str:
        """The title in the active language: the reader's, on a page or in the API."""
        return in_reader_language((self.title, self.explanation), self.texts)[0]

    @property
    def shown_explanation(self) -> str:
        return in_reader_language((self.title, self.explanation), self.texts)[1]


class EvaluationState(models.Model):
    """When the client's time-based rules (missed days, coming dates, isolation) run next."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signal_state"
    )
    next_evaluation_at = models.DateTimeField()
    # When the daily rules last ran (signals.rules.Rule.daily); None: not yet.
    daily_rules_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["next_evaluation_at"], name="signal_evaluation_due")]

    def __str__(self) -> str:
        return f"signal evaluation of {self.client_id} at {self.next_evaluation_at}"
