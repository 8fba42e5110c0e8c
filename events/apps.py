from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class EventsConfig(ProjectApp):
    name = "events"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from events import calendar, jobs, views

        registry.home_sections.add(views.events_on_home)
        registry.supporter_sections.add(views.events_with_client)
        registry.periodic_jobs.add(jobs.remind_events)
        registry.calendar_providers.add(calendar.events_i_go_to)
