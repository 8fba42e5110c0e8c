from recoverycircle.apps import ProjectApp


class GroupsConfig(ProjectApp):
    name = "groups"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""
