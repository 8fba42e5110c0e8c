from django.urls import path

from checkins import views

app_name = "checkins"

urlpatterns = [
    path("checkin/", views.today, name="today"),
    path("checkins/history/", views.history, name="history"),
    path("checkins/schedule/", views.schedule, name="schedule"),
]
