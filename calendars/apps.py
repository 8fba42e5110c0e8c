from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"

    def ready(self) -> None:
        # Apps may keep their calendar providers in `calendar_entries.py`; importing it
        # registers them (see calendars/registry.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("calendar_entries")
