from recoverycircle.apps import ProjectApp


class CircleConfig(ProjectApp):
    name = "circle"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""
