"""Recording what a request showed: one audit event per page view or API read, naming the route."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_view_read


def route_of(request: HttpRequest) -> str:
    """The named route that served the request (e.g. "protection:worklist"), else its path."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match is not None and match.view_name else request.path)[:100]


def audit_request_read(
    request: HttpRequest | Any,
    *,
    what: str,
    obj: models.Model | None = None,
    listing: str = "",
    person: models.Model | None = None,
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Record that the request's user saw `what` of `obj` (or of the list `listing`) on this route."""
    return audit_view_read(
        actor=request.user,
        what=what,
        purpose=route_of(request),
        obj=obj,
        listing=listing,
        person=person,
        fields=fields,
    )
