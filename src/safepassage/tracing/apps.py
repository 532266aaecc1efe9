"""The tracing app."""

from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "safepassage.tracing"
    label = "tracing"
