"""Meeting feeds in the staff admin (audit.staff_admin): the Meeting Guide feeds that
`import_meetings` reads. Public listings, not client data: nothing goes to an access log."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from meetings.models import MeetingFeed


@admin.register(MeetingFeed)
class MeetingFeedAdmin(admin.ModelAdmin[MeetingFeed]):
    list_display = ("name", "url", "timezone", "refresh_hours", "last_imported_at")
    search_fields = ("name", "url")
    readonly_fields = ("next_refresh_at", "last_imported_at", "last_report", "created_at")
    # A feed address typed without a scheme is an https one (as on the staff feed form).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
