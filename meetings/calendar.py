"""Meetings a person is going to, on their calendar: one weekly entry per weekly plan (its
RRULE follows the meeting's own wall clock), one entry per single date."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from calendars.entries import CalendarEntry
from meetings import when
from meetings.models import Meeting, MeetingPlan

BYDAY = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]  # indexed by the feed's day number
PAST_DAYS = 31


def description(meeting: Meeting) -> str:
    lines = [meeting.location, meeting.address, meeting.notes]
    if meeting.conference_url:
        lines.append(gettext("Join online: %(url)s") % {"url": meeting.conference_url})
    if meeting.conference_phone:
        lines.append(gettext("By phone: %(phone)s") % {"phone": meeting.conference_phone})
    return "\n".join(line for line in lines if line)


def entry(plan: MeetingPlan) -> CalendarEntry:
    meeting = plan.meeting
    if plan.on_date is None:
        # The first occurrence on or after the day the plan was made, in the meeting's zone.
        start = when.next_start(
            meeting, plan.created_at - timedelta(minutes=meeting.duration_minutes)
        )
        rrule = f"FREQ=WEEKLY;BYDAY={BYDAY[when.schedule_of(meeting)[0]]}"
    else:
        start = when.start_on(meeting, plan.on_date)
        rrule = ""
    return CalendarEntry(
        uid=f"meeting-plan-{plan.pk}@recoverycircle",
        title=meeting.name,
        start=start,
        end=when.end_of(meeting, start),
        # An online meeting's address is only the area it comes from: no place to go.
        location=meeting.address
        if meeting.in_person
        else (gettext("Online") if meeting.online else ""),
        description=description(meeting),
        url=reverse("meetings:detail", args=[meeting.pk]),
        rrule=rrule,
        tzid=meeting.timezone,
        kind="meeting",
    )


def meetings_i_go_to(user: User) -> list[CalendarEntry]:
    """ "I'm going" plans; a meeting no longer listed leaves the calendar."""
    since = (timezone.now() - timedelta(days=PAST_DAYS)).date()
    plans = (
        MeetingPlan.objects.filter(user=user, meeting__gone_at=None, meeting__weekday__isnull=False)
        .exclude(on_date__lt=since)
        .select_related("meeting")
    )
    return [entry(plan) for plan in plans]
