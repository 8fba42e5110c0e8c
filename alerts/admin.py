"""The outbox in the staff admin (audit.staff_admin), read only: to see what was sent
to whom, what failed and why. An alert is about its client, so reading one is written to the
client's access log."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from accounts.models import User
from alerts.models import Notification
from audit.staff_admin import ReadOnlyClientDataAdmin


@admin.register(Notification)
class OutboxAdmin(ReadOnlyClientDataAdmin[Notification]):
    what = gettext_noop("notification in the outbox")
    list_display = ("alert", "recipient", "channel", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "channel")
    search_fields = ("recipient__email",)
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return super().get_queryset(request).select_related("alert__client", "recipient")

    def clients_of(self, obj: Notification) -> Iterable[User]:
        return [obj.alert.client]
