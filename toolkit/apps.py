from django.db.models.signals import post_migrate

from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class ToolkitConfig(ProjectApp):
    name = "toolkit"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from toolkit import craving_views, demo, signal_rules, views

        registry.home_sections.add(craving_views.craving_on_home, views.family_guidance_on_home)
        registry.supporter_sections.add(views.share_on_supporter_page)
        registry.trend_sections.add(craving_views.craving_on_history)
        registry.signal_rules.add(signal_rules.CRAVING_TOOL_RULE)
        registry.signal_inputs.add(signal_rules.SESSIONS_INPUT)
        registry.demo_fillers.add(demo.fill_demo_toolkit, order=30)  # adopts into the plan
        post_migrate.connect(load_library_after_migrate, sender=self)


def load_library_after_migrate(**kwargs: object) -> None:
    """The curated library follows the code: written again after every migrate."""
    from toolkit.services import load_library

    load_library()
