from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/", views.my_events, name="mine"),
    path("events/new/<int:client_id>/", views.new_event, name="new"),
    path("events/<int:event_id>/", views.detail, name="detail"),
    path("events/<int:event_id>/answer/", views.answer, name="answer"),
    path("events/<int:event_id>/cancel/", views.cancel, name="cancel"),
]
