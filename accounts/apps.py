from recoverycircle.apps import ProjectApp


class AccountsConfig(ProjectApp):
    name = "accounts"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = "accounts/"
