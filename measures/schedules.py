"""How often each questionnaire comes round for a client, and whether it is due.

Two moments, kept apart on purpose:
- *due*: a questionnaire is due when it was never taken, or when `every_days` have passed
  since it was last taken. The pages show this.
- *next reminder* (`next_due_at`, UTC): when the reminder job next writes to the client. After a
  response it is the moment the questionnaire falls due again. When a schedule is first made or
  changed it is never sooner than a day away, so nobody is reminded about a questionnaire while
  looking at it. After a reminder the job moves it on by whole periods, so an ignored
  questionnaire is mentioned once per period, never every minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from measures.definitions import Definition
from measures.instruments import INSTRUMENTS, all_definitions
from measures.models import MAX_EVERY_DAYS, MeasureResponse, MeasureSchedule
from recoverycircle.errors import ServiceError

FIRST_REMINDER_AFTER = timedelta(days=1)


class ScheduleError(ServiceError):
    """A schedule change that cannot be made; `field` names the culprit."""


def last_taken(client: User, code: str) -> datetime | None:
    found = (
        MeasureResponse.objects.filter(client=client, instrument=code)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return found


def next_reminder(last: datetime | None, every_days: int, now: datetime) -> datetime:
    """When the measure falls due again, or a day from now when that has passed already."""
    due = None if last is None else last + timedelta(days=every_days)
    if due is not None and due > now:
        return due
    return now + FIRST_REMINDER_AFTER


def advance(moment: datetime, every_days: int, now: datetime) -> datetime:
    """`moment` moved on by whole periods until it lies after `now`."""
    period = timedelta(days=every_days)
    return moment + period * ((now - moment) // period + 1)


def ensure(client: User, now: datetime | None = None) -> list[MeasureSchedule]:
    """The client's schedules, one per instrument, making the missing ones with defaults."""
    now = now or timezone.now()
    existing = {s.instrument: s for s in MeasureSchedule.objects.filter(client=client)}
    missing = [
        MeasureSchedule(
            client=client,
            instrument=d.code,
            every_days=d.default_every_days,
            enabled=d.default_enabled,
            next_due_at=next_reminder(last_taken(client, d.code), d.default_every_days, now),
        )
        for d in all_definitions()
        if d.code not in existing
    ]
    if missing:
        # Two first visits at once (two tabs) both try; the unique constraint keeps one.
        MeasureSchedule.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {s.instrument: s for s in MeasureSchedule.objects.filter(client=client)}
    return [existing[code] for code in INSTRUMENTS if code in existing]


def schedule_of(client: User, code: str, now: datetime | None = None) -> MeasureSchedule:
    return next(s for s in ensure(client, now) if s.instrument == code)


def change(
    client: User, code: str, every_days: int, enabled: bool, now: datetime | None = None
) -> MeasureSchedule:
    if code not in INSTRUMENTS:
        raise ScheduleError(
            _("There is no questionnaire called %(code)s.") % {"code": repr(code)}, "instrument"
        )
    if not 1 <= every_days <= MAX_EVERY_DAYS:
        raise ScheduleError(
            _("Choose between 1 and %(most)s days (you chose %(chosen)s).")
            % {"most": MAX_EVERY_DAYS, "chosen": every_days},
            "every_days",
        )
    now = now or timezone.now()
    with transaction.atomic():
        schedule = schedule_of(client, code, now)
        schedule.every_days = every_days
        schedule.enabled = enabled
        schedule.next_due_at = next_reminder(last_taken(client, code), every_days, now)
        schedule.save(update_fields=["every_days", "enabled", "next_due_at"])
    return schedule


def after_response(client: User, definition: Definition, taken_at: datetime) -> None:
    """Taking a questionnaire starts its period again."""
    schedule = schedule_of(client, definition.code, taken_at)
    MeasureSchedule.objects.filter(pk=schedule.pk).update(
        next_due_at=taken_at + timedelta(days=schedule.every_days)
    )


@dataclass(frozen=True)
class Status:
    definition: Definition
    schedule: MeasureSchedule
    last: MeasureResponse | None
    due: bool
    due_at: datetime | None

    @property
    def never_taken(self) -> bool:
        return self.last is None


def latest_per_instrument(client: User) -> dict[str, MeasureResponse]:
    latest = {}
    for code in INSTRUMENTS:
        found = MeasureResponse.objects.filter(client=client, instrument=code).first()
        if found is not None:
            latest[code] = found
    return latest


def statuses(client: User, now: datetime | None = None) -> list[Status]:
    now = now or timezone.now()
    latest = latest_per_instrument(client)
    found = []
    for schedule in ensure(client, now):
        last = latest.get(schedule.instrument)
        due_at = None if last is None else last.created_at + timedelta(days=schedule.every_days)
        due = schedule.enabled and (due_at is None or due_at <= now)
        found.append(Status(INSTRUMENTS[schedule.instrument], schedule, last, due, due_at))
    return found
