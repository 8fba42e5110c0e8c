from django.apps import AppConfig


class SobrietyConfig(AppConfig):
    name = "sobriety"
