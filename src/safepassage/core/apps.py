"""The core app: registers our system checks and the database context of new connections."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safepassage.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from safepassage.core import checks  # noqa: F401  (registers the checks)
        from safepassage.core.rls import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="safepassage-rls-context")
