"""The daily check-in and its schedule: one check-in per client and local day, editable that
day only; the schedule's next reminder and deadline are kept in UTC by `schedule.refresh`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from alerts.services import on_checkin
from checkins import schedule as deadlines
from checkins.models import CheckIn, CheckInSchedule, Mood
from crisis.detect import CrisisMatch
from crisis.models import CrisisEvent
from crisis.services import handle_text
from signals.services import request_evaluation
from sobriety.services import detect_milestones

MAX_TRIGGERS = 20
MAX_TRIGGER_LENGTH = 40
MAX_RANGE_DAYS = 366


class CheckInError(ValueError):
    """A check-in or schedule change that cannot be made; `field` names the culprit."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class CheckInData:
    mood: int
    craving: int
    stress: int
    sleep_hours: Decimal
    used: bool = False
    meeting_attended: bool = False
    coping_used: str = ""
    triggers: list[str] = field(default_factory=list)
    note: str = ""


def today_of(client: User, now: datetime | None = None) -> date:
    return deadlines.local_today(client.zone, now or timezone.now())


def clean_triggers(tags: Iterable[str]) -> list[str]:
    """Free tags: trimmed, without repeats (ignoring case), short and not too many."""
    found: dict[str, str] = {}
    for tag in tags:
        tag = " ".join(str(tag).split())
        if not tag:
            continue
        if len(tag) > MAX_TRIGGER_LENGTH:
            raise CheckInError(
                f"Please keep each trigger under {MAX_TRIGGER_LENGTH} characters.", "triggers"
            )
        found.setdefault(tag.casefold(), tag)
    if len(found) > MAX_TRIGGERS:
        raise CheckInError(f"Please name at most {MAX_TRIGGERS} triggers.", "triggers")
    return list(found.values())


def split_tags(text: str) -> list[str]:
    return [part for part in text.replace("\n", ",").split(",") if part.strip()]


def todays_checkin(client: User, now: datetime | None = None) -> CheckIn | None:
    return CheckIn.objects.filter(client=client, local_date=today_of(client, now)).first()


def save_today(
    client: User,
    data: CheckInData,
    now: datetime | None = None,
    for_date: date | None = None,
) -> tuple[CheckIn, bool]:
    """Saves today's check-in (the client's local day): a new one, or an update of today's.

    `for_date` is the day the form was opened for; a past day's check-in can't be changed, so
    a form opened before midnight and sent after it is refused rather than saved as today's.
    Returns the check-in and whether it is new."""
    now = now or timezone.now()
    day = today_of(client, now)
    if for_date is not None and for_date != day:
        raise CheckInError(
            "A new day has started, and a past day's check-in can't be changed. "
            f"This form is now for today, {day:%A} {day.day} {day:%B}."
        )
    values = {
        "mood": data.mood,
        "craving": data.craving,
        "stress": data.stress,
        "sleep_hours": data.sleep_hours,
        "used": data.used,
        "meeting_attended": data.meeting_attended,
        "coping_used": data.coping_used.strip(),
        "triggers": clean_triggers(data.triggers),
        "note": data.note.strip(),
        "updated_at": now,
    }
    checkin = CheckIn(client=client, local_date=day, created_at=now, **values)
    check(checkin)
    with transaction.atomic():
        # The hot path of the app: one UPDATE when today's check-in exists (an edit), an
        # INSERT otherwise. The unique (client, day) key settles two first saves racing.
        created = not CheckIn.objects.filter(client=client, local_date=day).update(**values)
        if created:
            try:
                with transaction.atomic():
                    checkin.save(force_insert=True)
            except IntegrityError:
                created = False
                CheckIn.objects.filter(client=client, local_date=day).update(**values)
        if not created:
            checkin = CheckIn.objects.get(client=client, local_date=day)
        else:
            # After a missed-check-in alert, the same people hear that all is well again.
            on_checkin(client, day)
            detect_milestones(client, day)
        request_evaluation(client, now)
    return checkin, created


def crisis_check(client: User, checkin: CheckIn) -> CrisisMatch | None:
    """Crisis words in what the client wrote today: recorded (not the text) and answered with
    crisis resources at once; the text itself is kept as written, never blocked."""
    text = "\n".join(part for part in (checkin.note, checkin.coping_used) if part)
    return handle_text(client, text, CrisisEvent.Source.CHECKIN_NOTE) if text else None


def check(checkin: CheckIn) -> None:
    """The model's own validators (ranges, choices), as one CheckInError."""
    try:
        checkin.clean_fields(exclude=["client", "local_date", "created_at", "updated_at"])
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise CheckInError(f"{name}: {messages[0]}", name) from None


def checkins_between(client: User, start: date, end: date) -> QuerySet[CheckIn]:
    if start > end:
        raise CheckInError("The start date must be on or before the end date.", "start")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise CheckInError(f"Ask for at most {MAX_RANGE_DAYS} days at a time.", "start")
    return CheckIn.objects.filter(
        client=client, local_date__gte=start, local_date__lte=end
    ).order_by("local_date")


def last_days(client: User, days: int, now: datetime | None = None) -> tuple[date, date]:
    end = today_of(client, now)
    return end - timedelta(days=days - 1), end


def shared_checkins(client: User, start: date, end: date) -> QuerySet[CheckIn]:
    """Check-ins as supporters may get them: the private note is never even loaded."""
    return checkins_between(client, start, end).defer("note")


# Today's status, as the client and their supporters see it


@dataclass(frozen=True)
class DayStatus:
    code: str  # "checked_in", "not_yet" or "missed"
    day: date
    deadline: datetime | None

    @property
    def label(self) -> str:
        return {
            "checked_in": "Checked in today",
            "not_yet": "Not checked in yet today",
            "missed": "Today's check-in was missed",
        }[self.code]


def today_status(client: User, now: datetime | None = None) -> DayStatus:
    now = now or timezone.now()
    day = today_of(client, now)
    plan = CheckInSchedule.objects.filter(client=client, enabled=True).first()
    deadline = deadlines.deadline_for(plan, client.zone, day) if plan else None
    if CheckIn.objects.filter(client=client, local_date=day).exists():
        return DayStatus("checked_in", day, deadline)
    if deadline is not None and deadline <= now:
        return DayStatus("missed", day, deadline)
    return DayStatus("not_yet", day, deadline)


def mood_word(value: int) -> str:
    return Mood(value).label


# The schedule


def schedule_of(client: User) -> CheckInSchedule | None:
    return CheckInSchedule.objects.filter(client=client).first()


def save_schedule(
    client: User,
    due_time: time,
    grace_minutes: int,
    enabled: bool = True,
    now: datetime | None = None,
) -> CheckInSchedule:
    """Sets the daily due time and grace period (in the client's zone) and the next UTC
    moments the sweep acts on."""
    now = now or timezone.now()
    plan = schedule_of(client) or CheckInSchedule(client=client)
    plan.due_time = due_time.replace(second=0, microsecond=0, tzinfo=None)
    plan.grace_minutes = grace_minutes
    plan.enabled = enabled
    try:
        plan.clean_fields(exclude=["client", "next_reminder_at", "next_deadline_at"])
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise CheckInError(f"{name}: {messages[0]}", name) from None
    deadlines.refresh(plan, client.zone, now)
    plan.save()
    return plan


def refresh_after_time_zone_change(client: User, now: datetime | None = None) -> None:
    """To be called whenever the client's time zone changes: the due time stays the same on
    the wall clock, so the next reminder and deadline move in UTC."""
    plan = schedule_of(client)
    if plan is not None:
        deadlines.refresh(plan, client.zone, now or timezone.now())
        plan.save(update_fields=["next_reminder_at", "next_deadline_at"])
