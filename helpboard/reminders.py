"""The help board's timed work, run every pass of the alert loop (see helpboard/jobs.py):

1. materialize: give every occurrence that comes within the "still unclaimed" lead its row;
2. remind: tell whoever offered to help, `HELP_REMINDER_HOURS` (2) before the start;
3. raise_unclaimed: an occurrence nobody offered to help with is raised to the circle again,
   and the client told, `HELP_UNCLAIMED_HOURS` (24) before the start.

Each step claims its rows with a conditional UPDATE (WHERE the marker is still empty) and acts
only when that UPDATE changed the row, so loops on several machines never act twice; the
alerts' dedupe keys are a second guard in the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from helpboard import notices
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import row_for, starts_of
from helpboard.services import membership_of, reminder_lead, unclaimed_lead

BATCH = 200
# Rows are made a day beyond the lead at a time, so a need is touched about once a day.
SLACK = timedelta(days=1)


@transaction.atomic
def materialize(now: datetime, limit: int = BATCH) -> int:
    horizon = now + unclaimed_lead()
    due = (
        HelpNeed.objects.filter(cancelled_at=None, materialized_until__lt=horizon)
        .filter(Q(last_start=None) | Q(last_start__gte=now))
        .select_related("client")[:limit]
    )
    made = 0
    for need in due:
        old = need.materialized_until
        new = horizon + SLACK
        won = HelpNeed.objects.filter(pk=need.pk, materialized_until=old).update(
            materialized_until=new
        )
        if won != 1:
            continue
        for start in starts_of(need, max(old, now), new):
            row_for(need, start)
            made += 1
    return made


def raise_moment(row: HelpOccurrence) -> datetime:
    """When an unclaimed occurrence is raised again: the lead before its start, but a need
    posted late gets half its remaining time for someone to offer first."""
    posted = row.need.created_at
    return max(row.starts_at - unclaimed_lead(), posted + (row.starts_at - posted) / 2)


@transaction.atomic
def raise_unclaimed(now: datetime, limit: int = BATCH) -> int:
    candidates = HelpOccurrence.objects.filter(
        claimed_by=None,
        done_at=None,
        raised_at=None,
        need__cancelled_at=None,
        starts_at__gt=now,
        starts_at__lte=now + unclaimed_lead(),
    ).select_related("need", "need__client")
    raised = 0
    # Not sliced: rows skipped below (posted late, not due yet) must not fill a batch and
    # hold back due ones; the 24-hour window keeps the scan small.
    for row in candidates.order_by("starts_at"):
        if raised >= limit:
            break
        if now < raise_moment(row):
            continue
        won = HelpOccurrence.objects.filter(pk=row.pk, claimed_by=None, raised_at=None).update(
            raised_at=now
        )
        if won != 1:
            continue
        notices.unclaimed(row)
        raised += 1
    return raised


@transaction.atomic
def remind(now: datetime, limit: int = BATCH) -> int:
    lead = reminder_lead()
    candidates = (
        HelpOccurrence.objects.filter(
            done_at=None,
            reminded_at=None,
            need__cancelled_at=None,
            starts_at__gt=now,
            starts_at__lte=now + lead,
        )
        .exclude(claimed_by=None)
        .select_related("need", "need__client", "claimed_by")
        .order_by("starts_at")
    )
    sent = 0
    for row in candidates:
        if sent >= limit:
            break
        assert row.claimed_at is not None and row.claimed_by is not None
        if row.claimed_at >= row.starts_at - lead:
            # Offered inside the reminder window: they said yes moments ago.
            continue
        helper = row.claimed_by
        won = HelpOccurrence.objects.filter(pk=row.pk, claimed_by=helper, reminded_at=None).update(
            reminded_at=now
        )
        if won != 1:
            continue
        notices.reminder(row, helper, membership_of(row.need.client, helper))
        sent += 1
    return sent


def run(now: datetime) -> int:
    return materialize(now) + remind(now) + raise_unclaimed(now)
