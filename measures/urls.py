from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("measures/", views.index, name="index"),
    path("measures/schedule/", views.schedule, name="schedule"),
    path("measures/results/<id:response_id>/", views.result, name="result"),
    path("measures/<slug:code>/", views.take, name="take"),
    path("measures/<slug:code>/trends/", views.trends, name="trends"),
    path("clients/<id:client_id>/measures/", views.client_measures, name="client"),
]
