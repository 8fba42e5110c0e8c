from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feed/", views.create_feed, name="create_feed"),
    path("calendar/feed/revoke/", views.revoke_feed, name="revoke_feed"),
    path("calendar/feed/<slug:token>.ics", views.feed_ics, name="feed"),
]
