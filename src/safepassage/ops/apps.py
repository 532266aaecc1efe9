"""The ops app: operations commands, and the deployment checks it registers. It has no models."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "safepassage.ops"
    label = "ops"

    def ready(self) -> None:
        from safepassage.ops import deploy_checks  # noqa: F401  (registers the checks)
