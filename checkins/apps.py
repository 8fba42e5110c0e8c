from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class CheckinsConfig(ProjectApp):
    name = "checkins"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    api_order = 0  # the busiest call (a check-in) is resolved first
    url_prefix = ""

    def ready(self) -> None:
        from checkins import demo, services, views

        registry.home_sections.add(views.checkin_on_home)
        registry.supporter_sections.add(
            views.checkin_status_for_supporter, views.checkin_details_for_supporter
        )
        registry.demo_fillers.add(demo.fill_demo_checkins, order=40)  # keeps plan commitments
        # The due time stays the same on the wall clock in the new zone.
        registry.time_zone_changed.add(services.refresh_after_time_zone_change)
