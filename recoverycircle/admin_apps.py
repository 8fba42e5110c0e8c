"""Django's admin app, with the staff site of `audit.staff_admin` as its default site.

Its own module: INSTALLED_APPS imports it before the models are ready, and the site's module
imports models."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "audit.staff_admin.StaffAdminSite"
