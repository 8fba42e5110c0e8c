from recoverycircle.apps import ProjectApp


class CalendarsConfig(ProjectApp):
    name = "calendars"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""
