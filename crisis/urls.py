from django.urls import path

from crisis import views

app_name = "crisis"

urlpatterns = [
    path("crisis/questions/<id:event_id>/answer/", views.answer, name="answer"),
]
