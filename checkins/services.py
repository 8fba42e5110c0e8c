"""The daily check-in and its schedule: one check-in per client and local day, editable that
day only; the schedule's next reminder and deadline are kept in UTC by `schedule.refresh`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from checkins import schedule as deadlines
from checkins.models import CheckIn, CheckInSchedule, Mood
from crisis.detect import CrisisMatch
from crisis.scanning import scan_instance
from meetings.services import meetings_attended
from plans.content import Commitment, frequency
from plans.models import PlanVersion
from plans.services import commitments_for
from recoverycircle import durability, humane, rawsql, registry
from recoverycircle.errors import ServiceError
from sobriety.lapses import lapse_from_checkin, withdraw_checkin_lapse

MAX_TRIGGERS = 20
MAX_TRIGGER_LENGTH = 40
MAX_RANGE_DAYS = 366
MAX_COMMITMENTS = 20  # as many as a plan can hold
WEEK_DAYS = 7


class CheckInError(ServiceError):
    """A check-in or schedule change that cannot be made; `field` names the culprit."""


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
    # Ids of the plan's commitments kept today; None leaves today's ticks as they are.
    commitments_kept: list[str] | None = None


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
                _("Please keep each trigger under %(n)d characters.") % {"n": MAX_TRIGGER_LENGTH},
                "triggers",
            )
        found.setdefault(tag.casefold(), tag)
    if len(found) > MAX_TRIGGERS:
        raise CheckInError(
            _("Please name at most %(n)d triggers.") % {"n": MAX_TRIGGERS}, "triggers"
        )
    return list(found.values())


def plan_commitment_ids(client: User) -> list[str]:
    """The ids of the commitments in the client's current plan, in the plan's order: one
    query, for the check-in's hot path."""
    stored = (
        PlanVersion.objects.filter(plan__client=client)
        .order_by("-number")
        .values_list("content", flat=True)
        .first()
    )
    items = stored.get("commitments") if isinstance(stored, dict) else None
    # Saved plans are validated, so every commitment carries its id.
    return [str(c["id"]) for c in items or [] if isinstance(c, dict) and c.get("id")]


def clean_commitments(client: User, ids: Iterable[str]) -> list[str]:
    """The commitments ticked as kept: ids of the client's current plan only, each once, in
    the plan's order. No query at all when none is ticked."""
    wanted = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    if not wanted:
        return []
    if len(wanted) > MAX_COMMITMENTS:
        raise CheckInError(
            _("Please tick at most %(n)d commitments.") % {"n": MAX_COMMITMENTS},
            "commitments_kept",
        )
    known = plan_commitment_ids(client)
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise CheckInError(
            _(
                "Not a commitment in your current plan: %(ids)s. Your plan may have "
                "just changed; please tick your commitments again."
            )
            % {"ids": ", ".join(unknown)},
            "commitments_kept",
        )
    return [i for i in known if i in wanted]


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
            _(
                "A new day has started, and a past day's check-in can't be changed. "
                "This form is now for today, %(day)s."
            )
            % {"day": humane.weekday(day)}
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
    if data.commitments_kept is not None:
        values["commitments_kept"] = clean_commitments(client, data.commitments_kept)
    checkin = CheckIn(client=client, local_date=day, created_at=now, **values)
    check(checkin)
    # Prepared before the transaction and read back after it: SQLite's other writers wait
    # while it is open.
    prepared = rawsql.prepared_row(checkin)
    with transaction.atomic():
        # The hot path of the app, one statement where the database allows (see
        # rawsql.save_by_key). The unique (client, day) key settles two first saves racing.
        saved = rawsql.save_by_key(CheckIn, prepared, ("client", "local_date"), tuple(values))
        if saved is None:  # the row the INSERT met was deleted before the UPDATE reached it
            raise CheckInError(
                _("Your check-in could not be saved just now; please send it again.")
            )
        # "I used today" writes the lapse down with the check-in, so the count changes at
        # once; unticked again, the lapse it wrote goes (see sobriety.lapses).
        if data.used:
            lapse_from_checkin(client, day, now)
        elif not saved[1]:
            withdraw_checkin_lapse(client, day)
        # What a check-in leads to ("checked in again" after a missed one, milestones) is
        # left to the evaluation asked for here (the signals app's hook), in the same
        # transaction: the alert loop runs it, usually within a second, outside this request
        # and SQLite's write lock.
        registry.client_data_saved(client, now)
        durability.write_deferred()  # e.g. the token's last use, in this same transaction
    row, created = saved
    checkin = rawsql.instance(CheckIn, row)
    return checkin, created


def crisis_check(client: User, checkin: CheckIn) -> CrisisMatch | None:
    """Crisis words in what the client wrote today: recorded (not the text) and answered with
    crisis resources at once; the text itself is kept as written, never blocked."""
    # Saved with hand-written SQL, not the ORM's save: scanned here like any saved field.
    checkin.client = client  # the scan reads it; this saves a query on the hot path
    return scan_instance(checkin)


def check(checkin: CheckIn) -> None:
    """The model's own validators (ranges, choices), as one CheckInError. Not for the fields
    set here rather than typed in (the day and times), nor for the tag lists, which
    clean_triggers and clean_commitments have checked already."""
    try:
        checkin.clean_fields(
            exclude=[
                "client",
                "local_date",
                "created_at",
                "updated_at",
                "triggers",
                "commitments_kept",
            ]
        )
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise CheckInError(messages[0], name) from None


def checkins_between(client: User, start: date, end: date) -> QuerySet[CheckIn]:
    if start > end:
        raise CheckInError(_("The start date must be on or before the end date."), "start")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise CheckInError(
            _("Ask for at most %(n)d days at a time.") % {"n": MAX_RANGE_DAYS}, "start"
        )
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

DayCode = Literal["checked_in", "not_yet", "missed"]


@dataclass(frozen=True)
class DayStatus:
    code: DayCode
    day: date
    deadline: datetime | None

    @property
    def label(self) -> str:
        return {
            "checked_in": _("Checked in today"),
            "not_yet": _("Not checked in yet today"),
            "missed": _("Today's check-in was missed"),
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
    return str(Mood(value).label)


# Commitments kept: this week's progress against the plan


@dataclass(frozen=True)
class CommitmentProgress:
    """One commitment over the last 7 local days (today included): how often it was kept
    against its weekly target (7 days for a daily one)."""

    commitment: Commitment
    kept: int
    counts_meetings: bool  # meetings marked as attended count too
    counts_checkins: bool = False  # a commitment to check in: each day's check-in counts

    @property
    def id(self) -> str:
        return self.commitment.id

    @property
    def label(self) -> str:
        return self.commitment.label

    @property
    def daily(self) -> bool:
        return self.commitment.daily

    @property
    def target(self) -> int:
        return WEEK_DAYS if self.commitment.daily else self.commitment.times_per_week or 0

    @property
    def frequency(self) -> str:
        return frequency(self.commitment)

    @property
    def met(self) -> bool:
        return self.kept >= self.target

    @property
    def under_half(self) -> bool:
        return self.kept * 2 < self.target

    @property
    def count_words(self) -> str:
        """ "2 of 3", "5 of 7 days", and past the goal "5 times, more than the 3 planned"
        (not "5 of 3")."""
        if self.daily:
            return _("%(kept)d of %(target)d days") % {"kept": self.kept, "target": self.target}
        if self.kept > self.target:
            return _("%(kept)d times, more than the %(target)d planned") % {
                "kept": self.kept,
                "target": self.target,
            }
        return _("%(kept)d of %(target)d") % {"kept": self.kept, "target": self.target}

    @property
    def text(self) -> str:
        """ "Go to a meeting: 2 of 3", "Call my sponsor: 5 of 7 days"."""
        return f"{self.label}: {self.count_words}"


# "Go to a meeting", "Ir a una reunión", "Ir a mi junta": attended meetings keep these.
MEETING_WORDS = ("meeting", "reunión", "reunion", "junta")


def is_about_meetings(commitment: Commitment) -> bool:
    label = commitment.label.casefold()
    return any(word in label for word in MEETING_WORDS)


# "Check in in the app", "Do my check-in", "daily checkin", "Hacer mi registro diario":
# checking in keeps these.
CHECK_IN_WORDS = (
    "check in",
    "check-in",
    "checkin",
    "checking in",
    "registro diario",
    "registrarme",
)


def is_about_checking_in(commitment: Commitment) -> bool:
    label = " ".join(commitment.label.casefold().split())
    return any(words in label for words in CHECK_IN_WORDS)


def commitment_progress(
    client: User,
    today: date,
    commitments: list[Commitment] | None = None,
    checkins: Iterable[CheckIn] | None = None,
) -> list[CommitmentProgress]:
    """This week's progress on the plan's commitments (or on `commitments`; `checkins`: the
    client's check-ins of at least this week, read already): a week is the
    last 7 local days including `today`. A daily commitment counts the days it was ticked; a
    weekly one the ticks, and for one about meetings, the meetings attended when that is more
    (a meeting marked on the meetings page counts without a tick)."""
    if commitments is None:
        commitments = commitments_for(client)
    if not commitments:
        return []
    start = today - timedelta(days=WEEK_DAYS - 1)
    ticks: dict[str, int] = {}
    days_checked_in = 0
    if checkins is None:
        week = CheckIn.objects.filter(client=client, local_date__gte=start, local_date__lte=today)
        ticked = list(week.values_list("commitments_kept", flat=True))
    else:  # read already (the signal rules have the last 14 days)
        ticked = [c.commitments_kept for c in checkins if start <= c.local_date <= today]
    for kept in ticked:
        days_checked_in += 1
        for commitment_id in set(kept or []):
            ticks[commitment_id] = ticks.get(commitment_id, 0) + 1
    attended: int | None = None
    found = []
    for commitment in commitments:
        kept = ticks.get(commitment.id, 0)
        meetings = is_about_meetings(commitment)
        checking_in = is_about_checking_in(commitment)
        if meetings:
            if attended is None:
                attended = meetings_attended(client, start, today)
            kept = max(kept, attended)
        if checking_in:
            kept = max(kept, days_checked_in)
        if commitment.daily:
            kept = min(kept, WEEK_DAYS)
        found.append(CommitmentProgress(commitment, kept, meetings, checking_in))
    return found


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
        raise CheckInError(messages[0], name) from None
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
