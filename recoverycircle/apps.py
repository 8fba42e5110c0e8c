from django.apps import AppConfig


class RecoveryCircleConfig(AppConfig):
    name = "recoverycircle"

    def ready(self) -> None:
        # Each app's views module registers its home and supporter sections on import.
        from importlib import import_module

        for app in ("checkins", "sobriety", "alerts"):
            import_module(f"{app}.views")
