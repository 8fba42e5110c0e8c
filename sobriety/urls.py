from django.urls import path

from sobriety import views

app_name = "sobriety"

urlpatterns = [
    path("sobriety/", views.overview, name="overview"),
    path("sobriety/start/", views.start, name="start"),
    path("sobriety/start/<id:start_id>/remove/", views.remove_start, name="remove_start"),
    path("sobriety/settings/", views.settings, name="settings"),
    path("sobriety/lapse/", views.lapse, name="lapse"),
    path("sobriety/lapse/<id:lapse_id>/", views.edit_lapse, name="edit_lapse"),
    path("sobriety/lapse/<id:lapse_id>/remove/", views.remove_lapse, name="remove_lapse"),
]
