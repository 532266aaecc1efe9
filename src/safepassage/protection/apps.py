"""The protection app: at start-up it connects its hooks in the registry (receivers.py)."""

from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "safepassage.protection"
    label = "protection"

    def ready(self) -> None:
        from safepassage.protection import receivers

        receivers.connect()
