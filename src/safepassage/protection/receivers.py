"""Protection's hooks in the registry, connected at start-up: it hears of changed facts and new
custody events, and adds its part to a person's page."""

from __future__ import annotations

from typing import Any

from safepassage.protection.determinations import determination_refresh
from safepassage.protection.panel import protection_panel, protection_sections, protection_timeline
from safepassage.protection.work import notification_reopen
from safepassage.registry import signals
from safepassage.registry.pages import PersonPagePart, person_page_part_register


def on_facts_changed(sender: Any, *, actor: Any, person: Any, **kwargs: Any) -> None:
    """Capture, service, custody and nationality records feed the legal determination: refresh it."""
    determination_refresh(actor=actor, person=person)


def on_custody_event_recorded(sender: Any, *, person: Any, **kwargs: Any) -> None:
    """A new custody event reopens the person's notification to the Information Bureau."""
    notification_reopen(person=person)


def connect() -> None:
    signals.facts_changed.connect(on_facts_changed, dispatch_uid="protection-facts-changed")
    signals.custody_event_recorded.connect(on_custody_event_recorded, dispatch_uid="protection-custody-event")
    person_page_part_register(
        PersonPagePart(
            name="protection",
            sections=protection_sections,
            context=protection_panel,
            timeline=protection_timeline,
        )
    )
