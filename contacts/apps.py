from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class ContactsConfig(ProjectApp):
    name = "contacts"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from contacts import jobs, views

        registry.home_sections.add(views.keeping_in_touch)
        registry.periodic_jobs.add(jobs.nudge_isolated_clients)
