"""The demo client's sobriety: a few months of recovery with one lapse."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from sobriety.lapses import record_lapse
from sobriety.services import set_start


def fill_demo_sobriety(client: User) -> None:
    now = timezone.now()
    today = now.astimezone(client.zone).date()
    set_start(client, today - timedelta(days=95), now=now)
    record_lapse(
        client,
        today - timedelta(days=40),
        what_happened="A work party; I stayed too long and said yes to one drink.",
        what_learned="Leave early, bring my own drinks, text Sam before I go.",
        now=now,
    )
