"""The core app: registers our system checks."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safepassage.core"
    label = "core"

    def ready(self) -> None:
        from safepassage.core import checks, deploy_checks  # noqa: F401  (registers the checks)
