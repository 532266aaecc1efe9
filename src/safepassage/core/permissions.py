"""DRF permission enforcing the policy table; an endpoint that names no permission is denied."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from safepassage.core.policy import can, can_write


def declared_permission(view: Any, method: str) -> str | None:
    """The permission a view declares for a method: `permission_read`/`permission_write`."""
    attr = "permission_read" if method in SAFE_METHODS else "permission_write"
    return getattr(view, attr, None)


class PolicyPermission(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        method = request.method or "GET"
        permission = declared_permission(view, method)
        if permission is None:
            return False
        check = can if method in SAFE_METHODS else can_write
        return check(request.user, permission)
