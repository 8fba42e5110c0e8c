"""Accounts in the staff admin (audit.staff_admin): reading one is a read of that
person's data, written to their access log."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accounts.models import User
from audit.staff_admin import ClientDataAdmin


class CreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class ChangeForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class AccountAdmin(ClientDataAdmin[User], UserAdmin[User]):  # type: ignore[type-var]  # an AbstractBaseUser
    what = gettext_noop("account details")
    form = ChangeForm
    add_form = CreationForm
    ordering = ("email",)
    search_fields = ("email", "display_name")
    list_display = ("email", "display_name", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    readonly_fields = ("last_login", "date_joined", "email_verified_at")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("display_name", "time_zone", "language", "email_verified_at")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    # No bulk "delete selected": its confirmation page lists the accounts' data unlogged. An
    # account is deleted from its own page, whose read is logged.
    actions = None

    def clients_of(self, obj: User) -> Iterable[User]:
        return [obj]
