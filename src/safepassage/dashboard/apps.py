"""The dashboard app: figures only, read through its own selectors."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "safepassage.dashboard"
    label = "dashboard"
