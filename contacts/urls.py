from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("contacts/", views.log, name="log"),
    path("contacts/nudges/", views.nudges, name="nudges"),
    path("contacts/<id:contact_id>/delete/", views.delete, name="delete"),
]
