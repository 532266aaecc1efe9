"""The dashboard's hooks in the registry and protection, connected at start-up: its figures follow
stored determinations, recorded interviews and persons moving between units."""

from __future__ import annotations

from typing import Any

from safepassage.dashboard.services import dashboard_counts_move, interview_summary_refresh, summary_record
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


def connect() -> None:
    protection_signals.determination_stored.connect(on_determination_stored, dispatch_uid="dashboard-summary")
    protection_signals.interviews_recorded.connect(
        on_interviews_recorded, dispatch_uid="dashboard-interviews"
    )
    registry_signals.unit_changed.connect(on_unit_changed, dispatch_uid="dashboard-unit-changed")
