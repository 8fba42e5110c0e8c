from recoverycircle.apps import ProjectApp


class HealthConfig(ProjectApp):
    name = "health"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    url_prefix = ""
