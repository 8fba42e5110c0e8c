"""Conversations: a thread between the client and each supporter, and one circle thread with
the people the client chooses. Who may open a thread is decided by `conversations.access`,
which asks the circle's access policy every time (a paused or removed supporter is out at
once); the rows here only say who was ever part of it and how far each person has read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ThreadKind(models.TextChoices):
    DIRECT = "direct", _("With one supporter")
    CIRCLE = "circle", _("With the circle")


class Thread(models.Model):
    Kind = ThreadKind

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_threads"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The supporter of a direct thread; empty for the circle thread.
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "supporter"],
                condition=Q(kind="direct"),
                name="one_direct_thread_per_pair",
            ),
            models.UniqueConstraint(
                fields=["client"], condition=Q(kind="circle"), name="one_circle_thread"
            ),
            models.CheckConstraint(
                condition=(Q(kind="direct") & Q(supporter__isnull=False))
                | (Q(kind="circle") & Q(supporter__isnull=True)),
                name="direct_thread_has_supporter",
            ),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} thread {self.pk} of {self.client_id}"


class Participant(models.Model):
    """A person in a thread, with their read mark. In the circle thread `active` is the
    client's choice; a supporter also needs an active membership to get in."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    active = models.BooleanField(default=True)
    # Every message with a higher id is unread for this person.
    last_read_id = models.PositiveBigIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "person"], name="one_participant_row")
        ]
        indexes = [models.Index(fields=["person", "active"], name="participant_person")]

    def __str__(self) -> str:
        return f"{self.person_id} in thread {self.thread_id}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    # Kept after the author leaves the circle: the client still sees who wrote what.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Moves on every change, so a page that polls picks up edits and deletions too.
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["thread", "id"], name="message_thread_id"),
            models.Index(fields=["thread", "updated_at"], name="message_thread_updated"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in thread {self.thread_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
