from recoverycircle.apps import ProjectApp


class AuditConfig(ProjectApp):
    name = "audit"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = "access-log/"
