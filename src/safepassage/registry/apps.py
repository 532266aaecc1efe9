"""The registry app."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "safepassage.registry"
    label = "registry"

    def ready(self) -> None:
        from safepassage.audit.persons import person_lookup_register
        from safepassage.registry.audit_lookup import person_id_by_case_number

        person_lookup_register("registry", person_id_by_case_number)
