"""Deadline arithmetic for the daily check-in, in the client's own time zone.

A day's reminder is at the local due time; its deadline is the due time plus the grace period.
Both are turned into UTC for storage. Local times that do not exist (the spring-forward gap)
or exist twice (the fall-back hour) resolve the way `zoneinfo` does with fold=0: a time in the
gap is read with the offset before the change (so 02:30 becomes 03:30 local), and an
ambiguous time takes its first occurrence.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from checkins.models import CheckInSchedule

UTC = ZoneInfo("UTC")


def local_today(zone: ZoneInfo, now: datetime) -> date:
    return now.astimezone(zone).date()


def reminder_for(schedule: CheckInSchedule, zone: ZoneInfo, day: date) -> datetime:
    local = datetime.combine(day, schedule.due_time, tzinfo=zone)
    # Round-trip through UTC normalises a time inside the spring-forward gap.
    return local.astimezone(UTC)


def deadline_for(schedule: CheckInSchedule, zone: ZoneInfo, day: date) -> datetime:
    return reminder_for(schedule, zone, day) + timedelta(minutes=schedule.grace_minutes)


def day_of_deadline(schedule: CheckInSchedule, zone: ZoneInfo, deadline: datetime) -> date:
    """The check-in day a stored deadline belongs to."""
    return (deadline - timedelta(minutes=schedule.grace_minutes)).astimezone(zone).date()


def next_after(schedule: CheckInSchedule, zone: ZoneInfo, now: datetime, which: str) -> datetime:
    """The first reminder or deadline strictly after `now`."""
    compute = reminder_for if which == "reminder" else deadline_for
    day = local_today(zone, now) - timedelta(days=1)
    while True:
        moment = compute(schedule, zone, day)
        if moment > now:
            return moment
        day += timedelta(days=1)


def refresh(schedule: CheckInSchedule, zone: ZoneInfo, now: datetime) -> None:
    """Sets both next moments after a change of due time, grace or time zone."""
    if not schedule.enabled:
        schedule.next_reminder_at = schedule.next_deadline_at = None
        return
    schedule.next_reminder_at = next_after(schedule, zone, now, "reminder")
    schedule.next_deadline_at = next_after(schedule, zone, now, "deadline")
