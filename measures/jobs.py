"""The reminder job: tells a client when a questionnaire in their schedule is due.

Run by the alert loop on every pass. A job claims a schedule row by moving `next_due_at` on by
whole periods with a conditional UPDATE (WHERE it still holds the old moment) and writes the
reminder only when that UPDATE changed the row, so loops on several machines never remind
twice. The alert's dedupe key ("measure_due:<client>:<code>:<local due date>") is a second
guard in the database.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from alerts.services import notify_client
from measures.instruments import INSTRUMENTS
from measures.models import MeasureSchedule
from measures.schedules import advance
from recoverycircle.deferred import deferred

BATCH = 200
KIND = "measure_due"


def due(now: datetime) -> QuerySet[MeasureSchedule]:
    rows = MeasureSchedule.objects.filter(enabled=True, next_due_at__lte=now)
    if connection.features.has_select_for_update_skip_locked:
        # PostgreSQL: concurrent loops skip each other's rows instead of waiting on them.
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    return rows.select_related("client").order_by("next_due_at")


def claim(schedule: MeasureSchedule, now: datetime) -> datetime | None:
    """Moves the row's reminder past `now`; the claimed old moment, or None when lost."""
    old = schedule.next_due_at
    new = advance(old, schedule.every_days, now)
    won = MeasureSchedule.objects.filter(pk=schedule.pk, enabled=True, next_due_at=old).update(
        next_due_at=new
    )
    return old if won == 1 else None


def remind(client: User, code: str, due_at: datetime) -> bool:
    definition = INSTRUMENTS.get(code)
    if definition is None or not client.is_active:
        return False
    day = due_at.astimezone(client.zone).date()
    # Written in every language (alerts.texts): the client reads it in theirs, even one
    # chosen after the reminder was written.
    # The subject stays general: e-mail subjects show on lock screens and shared devices.
    alert = notify_client(
        client,
        KIND,
        gettext_lazy("A short questionnaire is due"),
        body=deferred(
            lambda: (
                ngettext(
                    "Your %(name)s is due. It takes about %(minutes)s minute, and your answers "
                    "show you how things change over time. You can change how often it comes "
                    "round on your questionnaires page.",
                    "Your %(name)s is due. It takes about %(minutes)s minutes, and your answers "
                    "show you how things change over time. You can change how often it comes "
                    "round on your questionnaires page.",
                    definition.minutes,
                )
                % {"name": definition.name, "minutes": definition.minutes}
            )
        ),
        link=reverse("measures:take", args=[code]),
        dedupe_key=f"{KIND}:{client.pk}:{code}:{day.isoformat()}",
    )
    return alert is not None


@transaction.atomic
def remind_batch(now: datetime, limit: int = BATCH) -> int:
    claimed = 0
    for schedule in due(now)[:limit]:
        old = claim(schedule, now)
        if old is not None:
            claimed += 1
            remind(schedule.client, schedule.instrument, old)
    return claimed


def remind_due_measures(now: datetime) -> int:
    """One pass; repeats while full batches come back, so a backlog drains."""
    total = 0
    while True:
        count = remind_batch(now)
        total += count
        if count < BATCH:
            return total
