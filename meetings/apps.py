from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class MeetingsConfig(ProjectApp):
    name = "meetings"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from meetings import calendar, demo, jobs, views

        registry.home_sections.add(views.my_next_meetings)
        registry.periodic_jobs.add(jobs.refresh_due_feeds)
        registry.calendar_providers.add(calendar.meetings_i_go_to)
        registry.demo_fillers.add(demo.fill_demo_meetings, order=70)
