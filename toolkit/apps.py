from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ToolkitConfig(AppConfig):
    name = "toolkit"

    def ready(self) -> None:
        from signals.rules import RULES
        from toolkit import craving_views, views  # noqa: F401  (their page sections)
        from toolkit.signal_rules import register

        # The craving tool's rule runs with the other warning-signal rules.
        register(RULES)
        post_migrate.connect(load_library_after_migrate, sender=self)


def load_library_after_migrate(**kwargs: object) -> None:
    """The curated library follows the code: written again after every migrate."""
    from toolkit.services import load_library

    load_library()
