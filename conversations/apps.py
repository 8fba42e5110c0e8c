from recoverycircle.apps import ProjectApp


class ConversationsConfig(ProjectApp):
    name = "conversations"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""
