"""Where a help-board notice points: the client's own board, or a supporter's view of it."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User


def client_link() -> str:
    return reverse("helpboard:board")


def supporter_link(client: User) -> str:
    return reverse("helpboard:client_board", args=[client.pk])
