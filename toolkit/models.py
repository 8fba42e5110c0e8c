"""Models of the toolkit: coping strategies (the curated library and those people share from
their own experience), their adoption into a client's plan, and uses of the craving tool."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toolkit.library import BY_KEY, LibraryEntry


class Strategy(models.Model):
    """A coping strategy. Library entries keep their words in `toolkit.library` (translated)
    and are found by `key`; shared ones keep the sharer's own words here.

    A shared strategy is shared with one client (`for_client`): only that client and the
    sharer see it. Other audiences (a peer group) can be added as further nullable keys.
    """

    class Origin(models.TextChoices):
        LIBRARY = "library", _("From the library")
        SHARED = "shared", _("Shared from experience")

    key = models.SlugField(max_length=40, unique=True, null=True, blank=True)
    origin = models.CharField(max_length=8, choices=Origin.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120, blank=True)
    how_to = models.TextField(max_length=2000, blank=True)
    trigger_kinds = models.JSONField(default=list)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies_shared",
    )
    # How the sharer is credited; their display name when blank. A group member's alias
    # goes here, so their real name is never shown.
    alias = models.CharField(max_length=80, blank=True)
    for_client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="strategies_for_me",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin="library", key__isnull=False)
                | Q(origin="shared", key__isnull=True),
                name="library_strategies_have_a_key",
            )
        ]
        indexes = [models.Index(fields=["for_client", "-created_at"], name="strategy_for_client")]

    def __str__(self) -> str:
        return f"strategy {self.key or self.pk} ({self.origin})"

    @property
    def entry(self) -> LibraryEntry | None:
        return BY_KEY.get(self.key) if self.key else None

    @property
    def heading(self) -> str:
        return str(self.entry.title) if self.entry else self.title

    @property
    def steps(self) -> str:
        return str(self.entry.how_to) if self.entry else self.how_to

    @property
    def source(self) -> str:
        return self.entry.source if self.entry else ""

    @property
    def credit(self) -> str:
        """Who shared it, as the client sees it ("" for a library entry)."""
        if self.origin == self.Origin.LIBRARY:
            return ""
        if self.alias:
            return self.alias
        return str(self.shared_by) if self.shared_by else str(_("someone from your circle"))


class Adoption(models.Model):
    """A strategy the client took into their plan, as the coping item `coping_id`."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adopted_strategies"
    )
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="adoptions")
    coping_id = models.CharField(max_length=32)
    plan_version = models.PositiveIntegerField()
    # Kept as written, so the credit stays after the sharer's account is gone.
    credit = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "strategy"], name="adopt_a_strategy_once")
        ]

    def __str__(self) -> str:
        return f"{self.client_id} adopted strategy {self.strategy_id} as {self.coping_id}"


class Outcome(models.TextChoices):
    PASSED = "passed", _("It passed")
    EASED = "eased", _("It eased")
    STRONG = "strong", _("It is still strong")
    USED = "used", _("I used")


class CravingSession(models.Model):
    """One use of the craving tool: how strong it was at the start and the end, the trigger,
    what the client tried, and how it went. Trigger and strategy are kept as words too, so
    the history stays readable after the plan changes."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="craving_sessions"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    craving_start = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    craving_end = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    trigger_id = models.CharField(max_length=32, blank=True)
    trigger_label = models.CharField(max_length=300, blank=True)
    trigger_kind = models.CharField(max_length=16, blank=True)
    strategy_tried = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # Membership ids of the people the client messaged from the tool during this use.
    contacted = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["client", "-started_at"], name="craving_client_started")]
        constraints = [
            models.CheckConstraint(
                condition=Q(craving_start__lte=10), name="craving_start_at_most_10"
            ),
            models.CheckConstraint(
                condition=Q(craving_end__isnull=True) | Q(craving_end__lte=10),
                name="craving_end_at_most_10",
            ),
        ]

    def __str__(self) -> str:
        return f"craving tool use {self.pk} of {self.client_id}"

    @property
    def finished(self) -> bool:
        return self.ended_at is not None
