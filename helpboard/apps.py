from django.apps import AppConfig


class HelpboardConfig(AppConfig):
    name = "helpboard"
