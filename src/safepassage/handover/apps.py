"""The handover app: at start-up it adds its part to a person's page (receivers.py)."""

from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "safepassage.handover"
    label = "handover"

    def ready(self) -> None:
        from safepassage.handover import receivers

        receivers.connect()
