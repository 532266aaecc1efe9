"""The duplicates app: at start-up it connects its hooks in the registry (receivers.py)."""

from django.apps import AppConfig


class DuplicatesConfig(AppConfig):
    name = "safepassage.duplicates"
    label = "duplicates"

    def ready(self) -> None:
        from safepassage.duplicates import receivers

        receivers.connect()
