from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("reach-out/", views.reach_out, name="reach_out_new"),
    path("reach-out/<id:reach_out_id>/", views.reach_out_detail, name="reach_out"),
    path("reach-out/<id:reach_out_id>/claim/", views.claim, name="claim"),
    path("reach-out/<id:reach_out_id>/resolve/", views.resolve, name="resolve"),
    path("supporting/<id:client_id>/encourage/", views.encourage, name="encourage"),
    path(
        "supporting/<id:client_id>/alert-preferences/",
        views.alert_preferences,
        name="alert_preferences",
    ),
    path("inbox/", views.inbox, name="inbox"),
]
