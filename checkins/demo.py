"""The demo client's check-ins: a daily time and two steady weeks, the plan's commitments
mostly kept, nothing alarming. Runs after the plan's demo (it reads the commitments)."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from accounts.models import User
from checkins.models import CheckIn
from checkins.services import save_schedule
from plans.services import commitments_for


def fill_demo_checkins(client: User) -> None:
    now = timezone.now()
    today = now.astimezone(client.zone).date()
    save_schedule(client, time(20, 0), 60, now=now)
    kept = [c.id for c in commitments_for(client)]
    for days_ago in range(14, 0, -1):
        CheckIn.objects.get_or_create(
            client=client,
            local_date=today - timedelta(days=days_ago),
            defaults={
                "mood": 3 + days_ago % 2,
                "craving": 2 + days_ago % 3,
                "stress": 4,
                "sleep_hours": 7,
                "meeting_attended": days_ago % 2 == 0,
                "commitments_kept": kept if days_ago % 4 else kept[:1],
                "coping_used": "Walked after work",
                "triggers": ["work stress"],
            },
        )
