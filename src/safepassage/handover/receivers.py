"""The handover app's part of a person's page, registered at start-up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from safepassage.core.policy import can
from safepassage.handover.selectors import handover_panel
from safepassage.registry.pages import PersonPagePart, person_page_part_register
from safepassage.registry.selectors import TimelineEntry


def handover_sections(user: Any) -> list[str]:
    return ["handover"] if can(user, "handover.view") else []


def handover_timeline(
    *, user: Any, person: Any, context: dict[str, Any] | None = None
) -> list[TimelineEntry]:
    part = (context if context is not None else handover_panel(user=user, person=person)).get("handover")
    if not part:
        return []
    entries = []
    if part["receipt"] is not None:
        receipt = part["receipt"]
        entries.append(
            TimelineEntry(
                receipt.received_at, "handover", _("Received from another installation"), receipt.sender.name
            )
        )
    for export in part["exports"]:
        if export.completed_at is not None:
            entries.append(
                TimelineEntry(export.completed_at, "handover", _("Handed over"), export.recipient.name)
            )
    return entries


def connect() -> None:
    person_page_part_register(
        PersonPagePart(
            name="handover", sections=handover_sections, context=handover_panel, timeline=handover_timeline
        )
    )
