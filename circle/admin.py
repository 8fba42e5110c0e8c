"""Memberships in the staff admin (audit.staff_admin), read only: a circle changes
only by its client's choices. Reading one is written to the client's access log."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from accounts.models import User
from audit.staff_admin import ReadOnlyClientDataAdmin
from circle.models import Membership


@admin.register(Membership)
class MembershipAdmin(ReadOnlyClientDataAdmin[Membership]):
    what = gettext_noop("circle membership")
    list_display = ("client", "supporter", "relationship", "status", "created_at")
    list_filter = ("status", "relationship")
    search_fields = ("client__email", "supporter__email")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("client", "supporter")

    def clients_of(self, obj: Membership) -> Iterable[User]:
        return [obj.client]
