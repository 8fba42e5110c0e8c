from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class PlansConfig(ProjectApp):
    name = "plans"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from plans import demo, views

        registry.home_sections.add(views.plan_on_home)
        registry.supporter_sections.add(views.plan_for_supporter)
        registry.demo_fillers.add(demo.fill_demo_plan, order=20)
