"""The sweep: finds check-ins that are due (reminder) or overdue (missed) and raises alerts.

Each schedule row carries its next reminder and deadline in UTC. A sweeper claims a row by
moving that moment forward with a conditional UPDATE (WHERE it still holds the old value) and
acts only when the UPDATE changed one row, so sweepers on several machines never act twice.
The alert's dedupe key ("missed:<client>:<day>") is a second guard in the database.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from alerts.models import Alert
from alerts.services import (
    AlertSpec,
    missed_checkin_recipients_of,
    notify_bulk,
    notify_client,
)
from checkins.models import CheckIn, CheckInSchedule
from checkins.schedule import day_of_deadline, next_after
from circle.models import Scope

BATCH = 500


def due(field: str, now: datetime) -> QuerySet[CheckInSchedule]:
    rows = CheckInSchedule.objects.filter(enabled=True, **{f"{field}__lte": now})
    if connection.features.has_select_for_update_skip_locked:
        # PostgreSQL: concurrent sweepers skip each other's rows instead of waiting on them.
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    return rows.select_related("client").order_by(field)


def claim(schedule: CheckInSchedule, field: str, now: datetime) -> datetime | None:
    """Moves the row's moment past `now`; returns the claimed old moment, or None if lost."""
    old: datetime = getattr(schedule, field)
    which = "reminder" if field == "next_reminder_at" else "deadline"
    new = next_after(schedule, schedule.client.zone, now, which)
    won = CheckInSchedule.objects.filter(pk=schedule.pk, **{field: old}).update(**{field: new})
    return old if won == 1 else None


def checked_in(pairs: list[tuple[int, date]]) -> set[tuple[int, date]]:
    if not pairs:
        return set()
    rows = CheckIn.objects.filter(
        client_id__in={c for c, _ in pairs}, local_date__in={d for _, d in pairs}
    ).values_list("client_id", "local_date")
    return set(rows)


@transaction.atomic
def sweep_reminders(now: datetime, limit: int = BATCH) -> int:
    claimed = []
    for schedule in due("next_reminder_at", now)[:limit]:
        old = claim(schedule, "next_reminder_at", now)
        if old is not None:
            claimed.append((schedule.client, old.astimezone(schedule.client.zone).date()))
    done = checked_in([(client.pk, day) for client, day in claimed])
    for client, day in claimed:
        if (client.pk, day) not in done:
            notify_client(
                client,
                Alert.Kind.CHECKIN_REMINDER,
                "Time for your daily check-in",
                body="It takes a minute: how are you today?",
                link=reverse("home"),
                dedupe_key=f"remind:{client.pk}:{day.isoformat()}",
            )
    return len(claimed)


@transaction.atomic
def sweep_missed(now: datetime, limit: int = BATCH) -> tuple[int, int]:
    """Raises one missed-check-in alert per client and missed day.

    Returns how many schedule rows this call claimed, and how many alerts it raised."""
    claimed: list[tuple[User, date]] = []
    for schedule in due("next_deadline_at", now)[:limit]:
        old = claim(schedule, "next_deadline_at", now)
        if old is not None:
            claimed.append((schedule.client, day_of_deadline(schedule, schedule.client.zone, old)))
    done = checked_in([(client.pk, day) for client, day in claimed])
    missed = [(client, day) for client, day in claimed if (client.pk, day) not in done]
    return len(claimed), raise_missed(missed)


def raise_missed(missed: list[tuple[User, date]]) -> int:
    recipients = missed_checkin_recipients_of([client.pk for client, _ in missed])
    return notify_bulk(
        [
            AlertSpec(
                client=client,
                kind=Alert.Kind.MISSED_CHECKIN,
                subject=f"{client} has not checked in today ({day:%A %-d %B})",
                body=f"{client} usually checks in by now. A short call or message can help; "
                "there is no need to worry them with questions about why.",
                link=reverse("circle:supporting", args=[client.pk]),
                dedupe_key=f"missed:{client.pk}:{day.isoformat()}",
                recipients=recipients[client.pk],
                scope=Scope.ALERTS,
            )
            for client, day in missed
        ]
    )


def sweep(now: datetime) -> dict[str, int]:
    """One pass; repeats each part while full batches come back, so a backlog drains."""
    totals = {"reminders": 0, "missed": 0}
    while (count := sweep_reminders(now)) > 0:
        totals["reminders"] += count
        if count < BATCH:
            break
    while True:
        claimed, raised = sweep_missed(now)
        totals["missed"] += raised
        if claimed < BATCH:
            break
    return totals
