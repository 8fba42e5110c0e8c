from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class MeasuresConfig(ProjectApp):
    name = "measures"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from measures import jobs, views

        registry.home_sections.add(views.measures_on_home)
        registry.supporter_sections.add(views.measures_for_supporter)
        registry.periodic_jobs.add(jobs.remind_due_measures)
