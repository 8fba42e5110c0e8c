from recoverycircle.apps import ProjectApp


class DemoConfig(ProjectApp):
    """The demo circle (`manage.py load_demo`): at the top, it may use every app; each app
    adds its part through `registry.demo_fillers`, so no other app imports this one."""

    name = "demo"
    default = True  # beside the imported ProjectApp, Django's pick for this app
