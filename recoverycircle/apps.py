from django.apps import AppConfig


class RecoveryCircleConfig(AppConfig):
    name = "recoverycircle"

    def ready(self) -> None:
        # Each app's views module registers its page sections on import, and its jobs module
        # (if any) its periodic jobs.
        from importlib import import_module
        from importlib.util import find_spec

        from django.core.signals import request_finished
        from django.db.models import Field, ForeignObject

        from recoverycircle.api import APPS_WITH_API
        from recoverycircle.durability import write_deferred_at_request_end
        from recoverycircle.lookups import AnyOf

        request_finished.connect(write_deferred_at_request_end)
        Field.register_lookup(AnyOf)
        ForeignObject.register_lookup(AnyOf)  # related fields don't inherit Field's lookups

        for app in APPS_WITH_API:
            import_module(f"{app}.views")
            if find_spec(f"{app}.jobs") is not None:
                import_module(f"{app}.jobs")
