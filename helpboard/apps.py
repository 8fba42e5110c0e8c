from django.apps import AppConfig


class HelpboardConfig(AppConfig):
    name = "helpboard"

    def ready(self) -> None:
        # Someone who may no longer help (removed, left, paused, or without the help scope)
        # has their offers on coming occurrences released, and the client is told.
        from circle.services import ON_MEMBERSHIP_CHANGED
        from helpboard.services import on_membership_changed

        if on_membership_changed not in ON_MEMBERSHIP_CHANGED:
            ON_MEMBERSHIP_CHANGED.append(on_membership_changed)
