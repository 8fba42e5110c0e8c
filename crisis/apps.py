from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class CrisisConfig(ProjectApp):
    name = "crisis"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from crisis import jobs, scanning, views

        registry.home_sections.add(views.question_section)
        registry.periodic_jobs.add(jobs.escalate_unanswered_questions)
        # Every registered free-text field is scanned on save (crisis/scanning.py).
        scanning.connect()
