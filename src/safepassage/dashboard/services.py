"""Writes of the dashboard index, called inside the transaction that stores what it counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from safepassage.dashboard.models import DeterminationSummary, InterviewSummary, PathwaySummary
from safepassage.dashboard.summary import interview_counts, summary_values

ERR_ALREADY_INDEXED = "summary_record_first: person {person} already has an indexed determination."
# Persons per query when rebuilding in bulk: well under SQLite's limit on query parameters.
CHUNK = 500


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


def summary_record_first(pairs: Sequence[tuple[Any, dict[str, Any]]]) -> int:
    """Index many persons' first determinations at once (the caseload generator's batches).

    Each pair is (stored determination, its result); none of these persons may have one indexed
    already, which the generator guarantees (it writes new persons only): checked all the same.
    """
    persons = [d.person_id for d, _ in pairs]
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        indexed = DeterminationSummary.objects.filter(person_id__in=chunk).values_list("person_id", flat=True)
        if first := indexed.first():
            raise ValueError(ERR_ALREADY_INDEXED.format(person=first))
    summaries, pathways = [], []
    for determination, result in pairs:
        status, states = summary_values(result)
        summary = DeterminationSummary(
            determination_id=determination.pk,
            person_id=determination.person_id,
            recorded_at=determination.recorded_at,
            status=status,
        )
        summaries.append(summary)
        pathways.extend(PathwaySummary(summary=summary, kind=k, state=v) for k, v in states.items())
    DeterminationSummary.objects.bulk_create(summaries, batch_size=CHUNK)
    PathwaySummary.objects.bulk_create(pathways, batch_size=CHUNK)
    return len(summaries)


def interview_summary_refresh(person_ids: Iterable[Any]) -> int:
    """Rebuild the interview index of these persons from their interviews (a few queries per 500)."""
    from safepassage.protection.models import Interview

    ids = list(dict.fromkeys(person_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = Interview.objects.filter(person_id__in=chunk).values_list(
            "pk", "person_id", "held_on", "recorded_at", "verified_private", "wish"
        )
        counts = interview_counts(rows.order_by())
        InterviewSummary.objects.filter(person_id__in=chunk).delete()
        InterviewSummary.objects.bulk_create(
            [InterviewSummary(**asdict(c)) for c in counts],
            batch_size=CHUNK,
        )
        written += len(counts)
    return written
