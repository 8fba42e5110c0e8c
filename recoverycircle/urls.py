from django.contrib import admin
from django.urls import include, path, re_path, register_converter

from recoverycircle.converters import IdConverter

# Before the includes below import the apps' URL modules, which use <id:…>.
register_converter(IdConverter, "id")

from recoverycircle import views  # noqa: E402
from recoverycircle.api import api, unknown_api_path  # noqa: E402

urlpatterns = [
    # First: the API is the busiest prefix, and URL resolution tries patterns in order.
    re_path(r"^api/v1/?$", unknown_api_path, {"rest": ""}),  # before Ninja's HTML "root"
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", unknown_api_path),
    path("", views.home, name="home"),
    path("crisis/", views.crisis, name="crisis"),
    path("admin/", admin.site.urls),  # staff only (recoverycircle.staff_admin)
    path("", include("health.urls")),
    path("accounts/", include("accounts.urls")),
    path("access-log/", include("audit.urls")),
    path("", include("circle.urls")),
    path("", include("checkins.urls")),
    path("", include("sobriety.urls")),
    path("", include("alerts.urls")),
    path("", include("measures.urls")),
    path("", include("plans.urls")),
    path("", include("crisis.urls")),
    path("", include("signals.urls")),
    path("", include("helpboard.urls")),
    path("", include("calendars.urls")),
    path("", include("meetings.urls")),
    path("", include("events.urls")),
    path("", include("contacts.urls")),
    path("", include("toolkit.urls")),
    path("", include("conversations.urls")),
    path("", include("groups.urls")),
]

# A server error page that carries the crisis numbers and needs no database (crisis.errors).
handler500 = "crisis.errors.server_error"
