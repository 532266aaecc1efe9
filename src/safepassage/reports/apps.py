"""The reports app (no models: it reads through the other apps' selectors)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "safepassage.reports"
    label = "reports"
