"""The Django admin for staff: accounts, memberships (read only), meeting feeds, the outbox and
background tasks.

Only active staff get in (Django's `admin_view`), with the model permissions they were given.
Every route of the site declares the STAFF access rule, so the route walk covers it. A staff
member's read of a client's data (a list or an object page of `ClientDataAdmin`) is written to
that client's access log, like a supporter's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.models import staff_read
from audit.services import record_access
from circle.policy import PUBLIC, STAFF, access_rule

M = TypeVar("M", bound=Model)


class StaffAdminSite(admin.AdminSite):
    site_header = _("Recovery Circle staff")
    site_title = _("Recovery Circle staff")
    index_title = _("Administration")

    def get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super().get_urls()
        mark_staff_only(urls)
        return urls

    @access_rule(PUBLIC)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """The site's own login page (with its lockout), then back here. Someone logged in
        who is not staff is refused: the site's login would send them straight back."""
        if request.user.is_authenticated:
            raise PermissionDenied
        wanted = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': wanted})}")


def mark_staff_only(patterns: Iterable[URLResolver | URLPattern]) -> None:
    """Every admin route not marked otherwise (the login above) gets the STAFF rule. They are
    all wrapped by `admin_view`, which refuses anyone but active staff."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            mark_staff_only(entry.url_patterns)
        elif not hasattr(entry.callback, "access_rule"):
            # The rule's wrapper enforces it before the admin's own check runs.
            entry.callback = access_rule(STAFF)(entry.callback)


class ClientDataAdmin(admin.ModelAdmin[M]):
    """A model admin over rows that belong to clients: each list page and object page a staff
    member opens is written to the access log of every client it shows."""

    # What the access log says was read: English, marked with gettext_noop, translated when
    # the client reads the log (audit.models.shown).
    what = ""

    def clients_of(self, obj: M) -> Iterable[User]:
        raise NotImplementedError

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if isinstance(response, TemplateResponse) and changelist is not None:
            self.record_reads(request, changelist.result_list)
        return response

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return self.recorded(
            request, object_id, super().changeform_view(request, object_id, form_url, extra_context)
        )

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return self.recorded(
            request, object_id, super().history_view(request, object_id, extra_context)
        )

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return self.recorded(
            request, object_id, super().delete_view(request, object_id, extra_context)
        )

    def recorded(
        self, request: HttpRequest, object_id: str | None, response: HttpResponse
    ) -> HttpResponse:
        """Records the read when the object's page was shown (not a refusal, not a redirect)."""
        if object_id is not None and isinstance(response, TemplateResponse):
            obj = self.get_object(request, object_id)
            if obj is not None:
                self.record_reads(request, [obj])
        return response

    def record_reads(self, request: HttpRequest, shown: Iterable[M]) -> None:
        viewer = request.user
        assert isinstance(viewer, User)  # admin_view let only active staff in
        clients = {client.pk: client for obj in shown for client in self.clients_of(obj)}
        for client in clients.values():
            if client.pk != viewer.pk:
                record_access(viewer, client, staff_read(self.what), "web")


class ReadOnlyClientDataAdmin(ClientDataAdmin[M]):
    """Shown, never changed: these rows change only through the product's own rules."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False
