"""Handover reads: a person's handovers and receipt, the trusted recipients, the exports to approve."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet

from safepassage.core.policy import can
from safepassage.handover.models import ExportStatus, HandoverExport, HandoverReceipt, TrustedInstallation
from safepassage.registry.models import Person


def recipients(*, user: Any) -> QuerySet[TrustedInstallation]:
    return TrustedInstallation.objects.for_user(user).filter(removed_at__isnull=True).order_by("name")


def exports_of(*, user: Any, person: Person) -> list[HandoverExport]:
    found = HandoverExport.objects.for_user(user).filter(person=person)
    return list(found.select_related("recipient", "requested_by", "approved_by").order_by("requested_at"))


def receipt_of(*, user: Any, person: Person) -> HandoverReceipt | None:
    return HandoverReceipt.objects.for_user(user).filter(person=person).select_related("sender").first()


def export_get(*, user: Any, pk: Any) -> HandoverExport:
    return HandoverExport.objects.for_user(user).select_related("person", "recipient").get(pk=pk)


def awaiting_approval(*, user: Any) -> QuerySet[HandoverExport]:
    found = HandoverExport.objects.for_user(user).filter(status=ExportStatus.REQUESTED)
    return found.select_related("person", "recipient").order_by("requested_at")


def manifest(export: HandoverExport) -> dict[str, Any]:
    return json.loads(export.manifest) if export.manifest else {}


def handover_panel(*, user: Any, person: Person, position: str | None = None) -> dict[str, Any]:
    """The person page's handover part: where he came from, what was sent of him, what may be."""
    if not can(user, "handover.view"):
        return {}
    exports = exports_of(user=user, person=person)
    return {
        "handover": {
            "receipt": receipt_of(user=user, person=person),
            "exports": exports,
            "handed_over": next((e for e in reversed(exports) if e.status == ExportStatus.COMPLETED), None),
            "can_request": can(user, "handover.export.request"),
            "can_approve": can(user, "handover.export.approve"),
        }
    }
