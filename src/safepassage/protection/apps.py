"""The protection app."""

from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "safepassage.protection"
    label = "protection"
