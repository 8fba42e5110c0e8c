from recoverycircle.apps import ProjectApp


class RateLimitsConfig(ProjectApp):
    name = "ratelimits"
    default = True  # beside the imported ProjectApp, Django's pick for this app
