from django.urls import path

from helpboard import views

app_name = "helpboard"

urlpatterns: list = []
