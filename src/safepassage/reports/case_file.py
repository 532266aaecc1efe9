"""The case file of one person as PDF: records, determination with citations, audit summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from safepassage.audit.models import AuditEvent
from safepassage.core.policy import can
from safepassage.protection.panel import protection_panel, protection_timeline
from safepassage.registry import selectors
from safepassage.registry.models import Person


def case_file_context(*, user: Any, person: Person) -> dict[str, Any]:
    """Everything on the person that `user` may see, nothing more: the same selectors as the pages."""
    events = AuditEvent.objects.filter(person_id=str(person.pk)).order_by("seq")
    summary = Counter(e.action for e in events)
    first, last = events.first(), events.last()
    return {
        "person": person,
        "reader": user,
        "printed": timezone.now(),
        "can_identity": can(user, "person.identity.read"),
        "timeline": selectors.sort_timeline(
            selectors.person_timeline(user=user, person=person)
            + protection_timeline(user=user, person=person)
        ),
        "audit_summary": sorted(summary.items()),
        "audit_span": (
            first.at if first else None,
            last.at if last else None,
            len(summary) and sum(summary.values()),
        ),
        **selectors.person_records(user=user, person=person),
        **protection_panel(user=user, person=person),
    }


def case_file_pdf(*, user: Any, person: Person) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/case_file.html", case_file_context(user=user, person=person))
    return bytes(HTML(string=html).write_pdf())
