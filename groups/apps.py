from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class GroupsConfig(ProjectApp):
    name = "groups"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from groups import demo

        registry.demo_fillers.add(demo.fill_demo_group, order=60)
