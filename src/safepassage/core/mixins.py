"""View mixin enforcing the policy table on server-rendered pages: deny unless declared."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from safepassage.core.policy import can, can_write

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

ERR_UNDECLARED = "{view} declares no `permission`; every view must name one from the policy table."


class PolicyRequiredMixin:
    """`permission` names an entry of core.policy.POLICY; missing or not held: 403.

    A write (any method but GET, HEAD, OPTIONS) never counts a step-up (policy.can_write).
    """

    permission: str | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if self.permission is None:
            raise ImproperlyConfigured(ERR_UNDECLARED.format(view=type(self).__name__))
        check = can if request.method in SAFE_METHODS else can_write
        if not check(request.user, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
