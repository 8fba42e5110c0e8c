"""Going to meetings: "I'm going" (weekly or once), "I went", and how many a person went to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from checkins.models import CheckIn
from meetings import when
from meetings.models import Meeting, MeetingAttendance, MeetingPlan
from recoverycircle.errors import ServiceError

MAX_DAYS_AHEAD = 366
MAX_DAYS_BACK = 366


class MeetingError(ServiceError):
    """A refused action on a meeting; the message is shown as it is."""


def meeting_or_404(meeting_id: int) -> Meeting:
    """A directory meeting: public information, so anyone signed in may look it up."""
    meeting = Meeting.objects.select_related("feed").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    return meeting


def local_today(user: User, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(user.zone).date()


def going(
    user: User, meeting_id: int, on_date: date | None = None, now: datetime | None = None
) -> tuple[MeetingPlan, bool]:
    """Puts the meeting on the person's calendar; returns the plan and whether it is new.

    `on_date` is the meeting's own local date (a Tuesday meeting is on Tuesdays where it is
    held); None means every week.
    """
    now = now or timezone.now()
    meeting = meeting_or_404(meeting_id)
    if not meeting.is_active:
        raise MeetingError(_("This meeting is not listed as happening right now."))
    if meeting.by_appointment:
        raise MeetingError(_("This meeting is by appointment: contact the group to go."))
    if on_date is not None:
        if not when.is_meeting_day(meeting, on_date):
            raise MeetingError(
                _("This meeting is on %(day)ss; choose a %(day)s.")
                % {"day": meeting.get_weekday_display()}
            )
        if when.end_of(meeting, when.start_on(meeting, on_date)) <= now:
            raise MeetingError(_("That meeting is already over; choose a later date."))
        if on_date > now.date() + timedelta(days=MAX_DAYS_AHEAD):
            raise MeetingError(_("Choose a date within the next year."))
    try:
        with transaction.atomic():
            plan, created = MeetingPlan.objects.get_or_create(
                user=user, meeting=meeting, on_date=on_date, defaults={"created_at": now}
            )
    except IntegrityError:  # two taps at once: the other one made it
        plan, created = MeetingPlan.objects.get(user=user, meeting=meeting, on_date=on_date), False
    return plan, created


def not_going(user: User, meeting_id: int, on_date: date | None = None) -> int:
    """Takes the meeting off the calendar: one date, or every plan for it."""
    plans = MeetingPlan.objects.filter(user=user, meeting_id=meeting_id)
    if on_date is not None:
        plans = plans.filter(on_date=on_date)
    deleted, _ = plans.delete()
    return deleted


def plans_of(user: User) -> QuerySet[MeetingPlan]:
    return MeetingPlan.objects.filter(user=user).select_related("meeting", "meeting__feed")


def plans_for(user: User, meeting: Meeting) -> list[MeetingPlan]:
    return list(MeetingPlan.objects.filter(user=user, meeting=meeting).order_by("on_date"))


@dataclass
class Upcoming:
    plan: MeetingPlan
    starts: datetime
    ends: datetime


def upcoming(user: User, now: datetime | None = None, days: int = 7) -> list[Upcoming]:
    """The person's planned meetings from now to `days` ahead, soonest first."""
    now = now or timezone.now()
    until = now + timedelta(days=days)
    found = []
    for plan in plans_of(user).filter(meeting__gone_at=None, meeting__weekday__isnull=False):
        meeting = plan.meeting
        if plan.on_date is None:
            starts = when.starts_between(meeting, now, until)
        else:
            starts = [when.start_on(meeting, plan.on_date)]
        found += [
            Upcoming(plan, s, when.end_of(meeting, s))
            for s in starts
            if when.end_of(meeting, s) > now and s < until
        ]
    return sorted(found, key=lambda u: (u.starts, u.plan.pk))


def went(
    user: User, meeting_id: int, on_date: date | None = None, now: datetime | None = None
) -> tuple[MeetingAttendance, bool]:
    """ "I went": counts towards the person's meetings, once per meeting and day."""
    today = local_today(user, now)
    on_date = on_date or today
    if on_date > today:
        raise MeetingError(_("You can mark a meeting once you have been."), "on_date")
    if on_date < today - timedelta(days=MAX_DAYS_BACK):
        raise MeetingError(_("Choose a day within the last year."), "on_date")
    meeting = meeting_or_404(meeting_id)
    try:
        with transaction.atomic():
            return MeetingAttendance.objects.get_or_create(
                user=user, meeting=meeting, on_date=on_date
            )
    except IntegrityError:
        return MeetingAttendance.objects.get(user=user, meeting=meeting, on_date=on_date), False


def unmark_went(user: User, meeting_id: int, on_date: date) -> int:
    deleted, _ = MeetingAttendance.objects.filter(
        user=user, meeting_id=meeting_id, on_date=on_date
    ).delete()
    return deleted


def attendance_of(user: User, limit: int = 20) -> list[MeetingAttendance]:
    return list(MeetingAttendance.objects.filter(user=user).select_related("meeting")[:limit])


def meetings_attended(user: User, start_date: date, end_date: date) -> int:
    """How many meetings the person went to between two of their local dates (inclusive).

    Two sources: the check-in's "I went to a meeting" (at least one that day) and "I went"
    marks on directory meetings (one per meeting). A day counts its marks, or 1 when only the
    check-in says so, so the same meeting told both ways is never counted twice.
    """
    if start_date > end_date:
        return 0
    marks: dict[date, int] = {}
    for day in MeetingAttendance.objects.filter(
        user=user, on_date__gte=start_date, on_date__lte=end_date
    ).values_list("on_date", flat=True):
        marks[day] = marks.get(day, 0) + 1
    checked = set(
        CheckIn.objects.filter(
            client=user,
            meeting_attended=True,
            local_date__gte=start_date,
            local_date__lte=end_date,
        ).values_list("local_date", flat=True)
    )
    return sum(marks.values()) + len(checked - marks.keys())
