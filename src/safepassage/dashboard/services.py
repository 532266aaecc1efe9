"""Writes of the dashboard index, called inside the transaction that stores a determination."""

from __future__ import annotations

from typing import Any

from safepassage.dashboard.models import DeterminationSummary, PathwaySummary
from safepassage.dashboard.summary import summary_values


def summary_record(*, determination: Any, result: dict[str, Any]) -> DeterminationSummary:
    """Index a newly stored determination and close the person's previous one at its time."""
    status, pathways = summary_values(result)
    DeterminationSummary.objects.filter(person_id=determination.person_id, superseded_at__isnull=True).update(
        superseded_at=determination.recorded_at
    )
    summary = DeterminationSummary.objects.create(
        determination=determination,
        person_id=determination.person_id,
        recorded_at=determination.recorded_at,
        status=status,
    )
    PathwaySummary.objects.bulk_create(
        PathwaySummary(summary=summary, kind=kind, state=state) for kind, state in pathways.items()
    )
    return summary
