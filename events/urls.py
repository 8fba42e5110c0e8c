from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/", views.my_events, name="mine"),
    path("events/new/<id:client_id>/", views.new_event, name="new"),
    path("events/<id:event_id>/", views.detail, name="detail"),
    path("events/<id:event_id>/answer/", views.answer, name="answer"),
    path("events/<id:event_id>/cancel/", views.cancel, name="cancel"),
]
