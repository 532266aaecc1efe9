"""The dashboard app: figures only, read through its own selectors; its hooks connect at start-up."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "safepassage.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from safepassage.dashboard import receivers

        receivers.connect()
