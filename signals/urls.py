from django.urls import path

from signals import views

app_name = "signals"

urlpatterns: list = []
