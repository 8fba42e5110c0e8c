from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class HelpboardConfig(ProjectApp):
    name = "helpboard"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from helpboard import calendar_entries, jobs, services, views

        registry.home_sections.add(views.help_on_home)
        registry.supporter_sections.add(views.help_for_supporter)
        registry.periodic_jobs.add(jobs.help_board)
        registry.calendar_providers.add(calendar_entries.help_entries)
        # Someone who may no longer help (removed, left, paused, or without the help scope)
        # has their offers on coming occurrences released, and the client is told.
        registry.membership_changed.add(services.on_membership_changed)
