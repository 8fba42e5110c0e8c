from django.apps import AppConfig


class RecoveryCircleConfig(AppConfig):
    name = "recoverycircle"

    def ready(self) -> None:
        # Each app's views module registers its home and supporter sections on import.
        from importlib import import_module

        from recoverycircle.api import APPS_WITH_API

        for app in APPS_WITH_API:
            import_module(f"{app}.views")
