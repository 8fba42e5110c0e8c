from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "crisis"

    def ready(self) -> None:
        # Every registered free-text field is scanned on save (crisis/scanning.py).
        from crisis import scanning

        scanning.connect()
