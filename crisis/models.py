"""Models of the crisis app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CrisisEvent(models.Model):
    """Crisis language was found in something the client wrote, and resources were shown.

    Kept: where (the source and which record and field), which kind, the tier, and the few
    words that raised it, so the client and their clinician can see why. The rest of the text
    stays where the client wrote it, under that record's own consent rules.

    A *clear* event runs the escalation hooks at once. A *possible* one asks the client a
    direct question; "yes", or no answer by `question_deadline`, escalates it as clear, "no"
    does not. `escalated_at` is set once, by a conditional UPDATE, so it escalates once.
    """

    class Source(models.TextChoices):
        CHECKIN_NOTE = "checkin_note", _("Check-in note")
        LAPSE_NOTE = "lapse_note", _("Lapse note")
        REACH_OUT = "reach_out", _("Reach-out message")
        PLAN = "plan", _("Relapse prevention plan")
        CONTACT_NOTE = "contact_note", _("Contact log note")
        HELP_NEED = "help_need", _("Help board request")
        EVENT = "event", _("Sober event")
        INVITATION = "invitation", _("Invitation message")
        SIGNAL_NOTE = "signal_note", _("Note on a warning signal")
        POST = "post", _("Post")
        MESSAGE = "message", _("Message")
        CRAVING_TOOL = "craving_tool", _("Craving tool")
        STRATEGY = "strategy", _("Shared strategy")
        OTHER = "other", _("Other text")

    class Tier(models.TextChoices):
        CLEAR = "clear", _("Clear")
        POSSIBLE = "possible", _("Possible")

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        DECLINED = "declined", _("I'd rather not say")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crisis_events"
    )
    source = models.CharField(max_length=32, choices=Source.choices)
    category = models.CharField(max_length=32)
    tier = models.CharField(max_length=8, choices=Tier.choices, default=Tier.CLEAR)
    # The normalised words that raised it ("want to die"), never the rest of the text.
    phrase = models.CharField(max_length=200, blank=True)
    # Which record and field ("checkins.CheckIn:12:note"), and a digest of the clause that
    # matched: the same words saved again in the same place are the same event.
    document = models.CharField(max_length=120, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Possible tier: when an unanswered question escalates; cleared once answered or done.
    question_deadline = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="crisis_event_client"),
            models.Index(
                fields=["question_deadline"],
                name="crisis_question_due",
                condition=Q(question_deadline__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "digest"],
                name="one_crisis_event_per_text",
                condition=~Q(digest=""),
            )
        ]

    def __str__(self) -> str:
        return (
            f"crisis language ({self.category}, {self.tier}) from {self.client_id} in {self.source}"
        )

    @property
    def waiting_for_answer(self) -> bool:
        return self.question_deadline is not None and not self.answer
