"""The meeting directory (imported from Meeting Guide feeds), plans to go, and marks of going."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """Days as the Meeting Guide format numbers them: Sunday is 0 (Python's Monday is 0)."""

    SUNDAY = 0, _("Sunday")
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


class MeetingFeed(models.Model):
    """One source of meetings: a URL refreshed on a schedule, or files imported by hand."""

    name = models.CharField(max_length=120, unique=True)
    url = models.URLField(max_length=500, blank=True)
    # For rows that name no time zone and have no position to tell it by; "" for none (such
    # rows are refused: a time in a guessed zone sends people at the wrong hour).
    timezone = models.CharField(max_length=64, blank=True, default="")
    refresh_hours = models.PositiveIntegerField(
        default=24, validators=[MinValueValidator(1), MaxValueValidator(24 * 30)]
    )
    # The background job claims a feed by moving this forward; None means "not scheduled"
    # (a feed imported from files).
    next_refresh_at = models.DateTimeField(null=True, blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)
    last_report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["next_refresh_at"], name="feed_refresh_due")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """One weekly meeting on one weekday, or a meeting "by appointment" (no day or time).

    A feed row with several days (`"day": [1, 3]`) becomes one row per day, so search and
    calendars deal with one weekday at a time; the feed's slug is kept as it is, so the key is
    (feed, slug, weekday), and (feed, slug) for one by appointment.
    """

    feed = models.ForeignKey(MeetingFeed, on_delete=models.CASCADE, related_name="meetings")
    slug = models.CharField(max_length=255)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    timezone = models.CharField(max_length=64, blank=True)  # "" only by appointment
    name = models.CharField(max_length=255)
    types = models.JSONField(default=list, blank=True)
    location = models.CharField(max_length=255, blank=True)
    address = models.CharField(max_length=500, blank=True)
    # Only a town or area ("Philadelphia, PA, USA"), as online meetings give: not a place to go.
    approximate = models.BooleanField(default=False)
    region = models.CharField(max_length=255, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    conference_url = models.URLField(max_length=1000, blank=True)
    conference_phone = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    group = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    online = models.BooleanField(default=False)
    in_person = models.BooleanField(default=True)
    updated = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(default=now)
    # Set when a later import no longer lists the meeting: plans and marks of going keep
    # pointing at it, and it comes back to life if the feed lists it again.
    gone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "slug", "weekday"], name="one_meeting_per_feed_slug_day"
            ),
            models.UniqueConstraint(
                fields=["feed", "slug"],
                condition=Q(weekday=None),
                name="one_appointment_meeting_per_feed_slug",
            ),
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="meeting_position"),
            models.Index(fields=["weekday", "start_time"], name="meeting_when"),
        ]
        ordering = ["weekday", "start_time", "name", "id"]

    def __str__(self) -> str:
        if self.by_appointment:
            return f"{self.name} (by appointment)"
        return f"{self.name} ({self.get_weekday_display()} {self.start_time:%H:%M})"

    @property
    def by_appointment(self) -> bool:
        return self.weekday is None or self.start_time is None

    @property
    def attendance_option(self) -> str:
        """The Meeting Guide's attendance option: in_person, hybrid, online or inactive."""
        if self.in_person and self.online:
            return "hybrid"
        return "in_person" if self.in_person else "online" if self.online else "inactive"

    @property
    def is_active(self) -> bool:
        """Happening somewhere: in person, online, or both (not only "temporarily closed")."""
        return self.gone_at is None and (self.online or self.in_person)


class MeetingPlan(models.Model):
    """ "I'm going": every week, or once on a date (the meeting's own local date)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_plans"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="plans")
    on_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "meeting"],
                condition=Q(on_date=None),
                name="one_weekly_plan_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["user", "meeting", "on_date"], name="one_plan_per_meeting_date"
            ),
        ]
        ordering = ["meeting__weekday", "meeting__start_time", "id"]

    def __str__(self) -> str:
        when = self.on_date.isoformat() if self.on_date else "weekly"
        return f"{self.user_id} going to {self.meeting_id} ({when})"

    @property
    def weekly(self) -> bool:
        return self.on_date is None


class MeetingAttendance(models.Model):
    """ "I went": one person, one meeting, one day (their own local day)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    on_date = models.DateField()
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "meeting", "on_date"], name="one_attendance_per_meeting_day"
            )
        ]
        indexes = [models.Index(fields=["user", "on_date"], name="attendance_by_day")]
        ordering = ["-on_date", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} went to {self.meeting_id} on {self.on_date}"
