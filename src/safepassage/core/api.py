"""API base classes: policy-checked, MFA-session authenticated, errors as 400 with fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from safepassage.core.permissions import PolicyPermission


class PolicyApiView(GenericAPIView):
    # A comment, not a docstring: the schema generator would give it to every endpoint as its
    # description. DRF authenticates API calls itself, so the login-redirect middleware stands aside.

    permission_read: str | None = None
    permission_write: str | None = None

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return login_not_required(super().as_view(**initkwargs))


def call_service(service: Callable[..., Any], **kwargs: Any) -> Any:
    """Run a service; its ValidationError becomes a 400 naming the fields."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise serializers.ValidationError(detail) from exc


DOCS_CSP = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


class SchemaView(SpectacularAPIView):
    permission_read = "public"
    permission_classes = [PolicyPermission]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return login_not_required(super().as_view(**initkwargs))


class SchemaDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a file, so no inline script is needed."""

    permission_read = "public"
    permission_classes = [PolicyPermission]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        # Swagger UI sets style attributes; its page alone may use inline styles.
        return login_not_required(csp_override(DOCS_CSP)(super().as_view(**initkwargs)))
