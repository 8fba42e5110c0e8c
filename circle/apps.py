from django.apps import AppConfig


class CircleConfig(AppConfig):
    name = "circle"
