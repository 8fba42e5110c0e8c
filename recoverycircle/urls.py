from django.contrib import admin
from django.urls import include, path, re_path, register_converter

from recoverycircle.converters import IdConverter

# Before the includes below import the apps' URL modules, which use <id:…>.
register_converter(IdConverter, "id")

from recoverycircle import views  # noqa: E402
from recoverycircle.api import api, unknown_api_path  # noqa: E402
from recoverycircle.apps import project_apps  # noqa: E402

pages = {app.name: app.url_prefix for app in project_apps() if app.url_prefix is not None}

urlpatterns = [
    # First: the API is the busiest prefix, and URL resolution tries patterns in order.
    re_path(r"^api/v1/?$", unknown_api_path, {"rest": ""}),  # before Ninja's HTML "root"
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", unknown_api_path),
    path("", views.home, name="home"),
    path("crisis/", views.crisis, name="crisis"),
    path("admin/", admin.site.urls),  # staff only (audit.staff_admin)
    # Every app with pages, in the order of the app list (settings.PROJECT_APPS).
    *(path(prefix, include(f"{name}.urls")) for name, prefix in pages.items()),
]

# A server error page that carries the crisis numbers and needs no database (crisis.errors).
handler500 = "crisis.errors.server_error"
