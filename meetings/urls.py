from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.find, name="find"),
    path("meetings/mine/", views.mine, name="mine"),
    path("meetings/feeds/", views.feeds, name="feeds"),
    path("meetings/feeds/<id:feed_id>/refresh/", views.refresh_feed, name="refresh_feed"),
    path("meetings/<id:meeting_id>/", views.detail, name="detail"),
    path("meetings/<id:meeting_id>/going/", views.going, name="going"),
    path("meetings/<id:meeting_id>/not-going/", views.not_going, name="not_going"),
    path("meetings/<id:meeting_id>/went/", views.went, name="went"),
]
