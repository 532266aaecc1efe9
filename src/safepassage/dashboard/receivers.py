"""The dashboard's hooks in the registry and protection, connected at start-up: its figures follow
stored determinations, recorded interviews, persons moving between units and registrations merged."""

from __future__ import annotations

from typing import Any

from safepassage.dashboard.services import (
    dashboard_counts_move,
    interview_summary_refresh,
    summary_record,
    summary_withdraw,
)
from safepassage.protection import signals as protection_signals
from safepassage.registry import signals as registry_signals


def on_determination_stored(
    sender: Any, *, determination: Any, result: dict[str, Any], **kwargs: Any
) -> None:
    summary_record(determination=determination, result=result)


def on_interviews_recorded(sender: Any, *, person_ids: list[Any], **kwargs: Any) -> None:
    interview_summary_refresh(person_ids)


def on_unit_changed(sender: Any, *, person_id: Any, from_unit: Any, to_unit: Any, **kwargs: Any) -> None:
    """The dashboard counts a person's determinations under his unit: they move with him."""
    dashboard_counts_move(person_id=person_id, from_unit=from_unit, to_unit=to_unit)


def on_registration_merged(sender: Any, *, person_id: Any, restored: bool, **kwargs: Any) -> None:
    """One man, counted once: a merged registration's determination stops counting until an undo."""
    summary_withdraw(person_id=person_id, restored=restored)


def connect() -> None:
    protection_signals.determination_stored.connect(on_determination_stored, dispatch_uid="dashboard-summary")
    protection_signals.interviews_recorded.connect(
        on_interviews_recorded, dispatch_uid="dashboard-interviews"
    )
    registry_signals.unit_changed.connect(on_unit_changed, dispatch_uid="dashboard-unit-changed")
    registry_signals.registration_merged.connect(on_registration_merged, dispatch_uid="dashboard-merged")
