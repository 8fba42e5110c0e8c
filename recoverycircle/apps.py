from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class ProjectApp(AppConfig):
    """An app of this project. It declares its doors, so the API and the URLs follow the one
    list of apps (settings.PROJECT_APPS), and fills the registry (recoverycircle/registry.py)
    in `ready()` with what it adds to the others. A subclass says `default = True`: beside
    this imported class, it is the one Django should pick."""

    # Its `api.py` has a `router` added to /api/v1/; routers are tried by `api_order`, lower
    # first, then in the order of the app list.
    has_api = False
    api_order = 50
    # Its `urls.py` is included under this prefix ("" for the root); None: it has no pages.
    url_prefix: str | None = None


def project_apps() -> list[ProjectApp]:
    """The configs of settings.PROJECT_APPS, in its order."""
    found = [apps.get_app_config(name.rpartition(".")[2]) for name in settings.PROJECT_APPS]
    wrong = [config.name for config in found if not isinstance(config, ProjectApp)]
    if wrong:
        # Else the app would silently lose its API, its pages and its registrations.
        raise ImproperlyConfigured(
            f"The AppConfig of {wrong} must be a ProjectApp (default = True)"
        )
    return [config for config in found if isinstance(config, ProjectApp)]


class RecoveryCircleConfig(AppConfig):
    name = "recoverycircle"
    default = True  # not ProjectApp, also defined here

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models import Field, ForeignObject

        from recoverycircle.api import register_routers
        from recoverycircle.durability import write_deferred_at_request_end
        from recoverycircle.lookups import AnyOf

        request_finished.connect(write_deferred_at_request_end)
        Field.register_lookup(AnyOf)
        ForeignObject.register_lookup(AnyOf)  # related fields don't inherit Field's lookups
        register_routers()
