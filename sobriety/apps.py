from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class SobrietyConfig(ProjectApp):
    name = "sobriety"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from sobriety import demo, views

        registry.home_sections.add(views.sobriety_on_home)
        registry.supporter_sections.add(views.sobriety_for_supporter)
        registry.demo_fillers.add(demo.fill_demo_sobriety, order=10)
