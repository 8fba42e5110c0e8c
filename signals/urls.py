from django.urls import path

from signals import views

app_name = "signals"

urlpatterns = [
    path("signals/", views.signal_list, name="list"),
    path("signals/<id:signal_id>/", views.signal_detail, name="detail"),
    path("signals/<id:signal_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
