from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class ConversationsConfig(ProjectApp):
    name = "conversations"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from conversations import demo

        registry.demo_fillers.add(demo.fill_demo_conversations, order=50)
