from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class AlertsConfig(ProjectApp):
    name = "alerts"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from alerts import transports, views

        registry.channels.add(transports.INBOX, transports.EMAIL)
        registry.home_sections.add(views.client_reach_out_section, views.supporter_requests_section)
        registry.supporter_sections.add(views.supporter_alerts_section)
