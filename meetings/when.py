"""When a weekly meeting happens, as aware datetimes, in its own zone or anyone else's.

A meeting is a wall-clock time on a weekday in its own time zone ("Tuesdays 19:00 in
Chicago"). Its moments are computed day by day in that zone, so daylight-saving changes move
it correctly for people elsewhere.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from meetings.models import Meeting


def feed_weekday(day: date) -> int:
    """The Meeting Guide day number (Sunday 0) of a date."""
    return (day.weekday() + 1) % 7


def zone_of(meeting: Meeting) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(meeting.timezone)


def schedule_of(meeting: Meeting) -> tuple[int, time]:
    """A weekly meeting's day and time. One by appointment has neither; callers leave such
    meetings out before asking when they happen."""
    if meeting.weekday is None or meeting.start_time is None:
        raise ValueError(f"meeting {meeting.pk} is by appointment: it has no day or time")
    return meeting.weekday, meeting.start_time


def start_on(meeting: Meeting, day: date) -> datetime:
    """The meeting's start on `day` (a date in the meeting's own zone)."""
    return datetime.combine(day, schedule_of(meeting)[1], tzinfo=zone_of(meeting))


def end_of(meeting: Meeting, start: datetime) -> datetime:
    return start + timedelta(minutes=meeting.duration_minutes)


def next_start(meeting: Meeting, after: datetime) -> datetime:
    """The first start at or after `after`, in the meeting's zone."""
    local_today = after.astimezone(zone_of(meeting)).date()
    ahead = (schedule_of(meeting)[0] - feed_weekday(local_today)) % 7
    start = start_on(meeting, local_today + timedelta(days=ahead))
    return start if start >= after else start_on(meeting, start.date() + timedelta(days=7))


def starts_between(meeting: Meeting, start: datetime, end: datetime) -> list[datetime]:
    found = []
    moment = next_start(meeting, start)
    while moment < end:
        found.append(moment)
        moment = start_on(meeting, moment.date() + timedelta(days=7))
    return found


def is_meeting_day(meeting: Meeting, day: date) -> bool:
    return feed_weekday(day) == meeting.weekday
