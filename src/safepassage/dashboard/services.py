"""Writes of the dashboard index, called inside the transaction that stores what it counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from safepassage.core.fields import opened_rows
from safepassage.dashboard.models import DailyCount, DeterminationSummary, InterviewSummary
from safepassage.dashboard.summary import InterviewCounts, interview_changes, interview_counts, summary_values

ERR_ALREADY_INDEXED = "summary_record_first: person {person} already has an indexed determination."
# Persons per query when rebuilding in bulk: well under SQLite's limit on query parameters.
CHUNK = 500


def _vector(counts: dict[str, Any] | None) -> Counter[str]:
    """What one determination counts under: its status and each pathway's best state."""
    if not counts:
        return Counter()
    found = Counter({f"s:{counts['status']}": 1})
    found.update(f"p:{kind}:{state}" for kind, state in counts.get("pathways", {}).items())
    return found


def _day(at: Any) -> date:
    """The local day a time falls on: the figures count a record from the day it was made."""
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def counts_add(changes: dict[tuple[Any, date], Counter[str]]) -> None:
    """Add each (unit, day)'s changes to its count row, opened and sealed again under a row lock.

    A few queries per unit and 500 days: the rows are locked and read together, changed ones
    written back one by one (each sealed anew), missing ones created together.
    """
    by_unit: dict[Any, dict[date, dict[str, int]]] = defaultdict(dict)
    for (unit_id, day), change in changes.items():
        kept = {k: v for k, v in change.items() if v}
        if kept:
            by_unit[unit_id][day] = kept
    field = DailyCount._meta.get_field("counts")
    for unit_id, days in by_unit.items():
        ordered = sorted(days)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            rows = DailyCount.objects.select_for_update().filter(unit_id=unit_id, day__in=chunk)
            existing = {row.day: row for row in rows}
            created = []
            for day in chunk:
                row = existing.get(day)
                if row is None:
                    created.append(
                        DailyCount(unit_id=unit_id, day=day, counts=dict(sorted(days[day].items())))
                    )
                    continue
                total = Counter(row.counts)
                total.update(days[day])
                row.counts = {k: v for k, v in sorted(total.items()) if v}
                DailyCount.objects.filter(pk=row.pk).update(counts=field.pre_save(row, False))
            DailyCount.objects.bulk_create(created, batch_size=CHUNK)


def _unit_of(person_id: Any) -> Any:
    from safepassage.registry.models import Person

    return Person.objects.filter(pk=person_id).values_list("unit_id", flat=True).first()


def summary_record(*, determination: Any, result: dict[str, Any]) -> DeterminationSummary:
    """Index a newly stored determination, close the person's previous one, count the change."""
    status, pathways = summary_values(result)
    person_id = determination.person_id
    current = DeterminationSummary.objects.filter(person_id=person_id, superseded_at__isnull=True)
    previous = [row.counts for row in current]
    current.update(superseded_at=determination.recorded_at)
    counts = {"status": status, "pathways": pathways}
    summary = DeterminationSummary.objects.create(
        determination=determination,
        person_id=determination.person_id,
        recorded_at=determination.recorded_at,
        counts=counts,
    )
    change = _vector(counts)
    for old in previous:
        change.subtract(_vector(old))
    counts_add({(_unit_of(determination.person_id), _day(determination.recorded_at)): change})
    return summary


def summary_record_first(pairs: Sequence[tuple[Any, dict[str, Any]]]) -> int:
    """Index many persons' first determinations at once (the caseload generator's batches).

    Each pair is (stored determination, its result); none of these persons may have one indexed
    already, which the generator guarantees (it writes new persons only): checked all the same.
    The determinations' persons must be loaded with them (their unit is read from there).
    """
    persons = [d.person_id for d, _ in pairs]
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        indexed = DeterminationSummary.objects.filter(person_id__in=chunk).values_list("person_id", flat=True)
        if first := indexed.first():
            raise ValueError(ERR_ALREADY_INDEXED.format(person=first))
    summaries = []
    changes: dict[tuple[Any, date], Counter[str]] = defaultdict(Counter)
    for determination, result in pairs:
        status, states = summary_values(result)
        counts = {"status": status, "pathways": states}
        summaries.append(
            DeterminationSummary(
                determination_id=determination.pk,
                person_id=determination.person_id,
                recorded_at=determination.recorded_at,
                counts=counts,
            )
        )
        changes[(determination.person.unit_id, _day(determination.recorded_at))].update(_vector(counts))
    DeterminationSummary.objects.bulk_create(summaries, batch_size=CHUNK)
    counts_add(changes)
    return len(summaries)


def summary_withdraw(*, person_id: Any, restored: bool) -> None:
    """A registration merged into another stops counting (his man counts as the survivor, who
    holds his interviews and is assessed anew); the merge undone, its latest determination counts
    again. The change is counted on the day of the merge or of its undo."""
    if restored:
        if DeterminationSummary.objects.filter(person_id=person_id, superseded_at__isnull=True).exists():
            return
        rows = list(DeterminationSummary.objects.filter(person_id=person_id).order_by("-recorded_at")[:1])
        sign, superseded_at = 1, None
    else:
        rows = list(DeterminationSummary.objects.filter(person_id=person_id, superseded_at__isnull=True))
        sign, superseded_at = -1, timezone.now()
    if not rows:
        return
    DeterminationSummary.objects.filter(pk__in=[row.pk for row in rows]).update(superseded_at=superseded_at)
    change: Counter[str] = Counter()
    for row in rows:
        for key, value in _vector(row.counts).items():
            change[key] += sign * value
    counts_add({(_unit_of(person_id), _day(timezone.now())): change})


def person_history_changes(person_id: Any, sign: int) -> Counter[tuple[date, str]]:
    """A person's whole contribution to the counts: (day, category) -> change, times `sign`."""
    found: Counter[tuple[date, str]] = Counter()
    for row in InterviewSummary.objects.filter(person_id=person_id):
        for key, value in interview_changes(row.held_on, row.first, row.counts).items():
            found[key] += sign * value
    before: Counter[str] = Counter()
    for row in DeterminationSummary.objects.filter(person_id=person_id).order_by("recorded_at"):
        now = _vector(row.counts)
        change = Counter(now)
        change.subtract(before)
        for key, value in change.items():
            found[(_day(row.recorded_at), key)] += sign * value
        before = now
    return found


def dashboard_counts_move(*, person_id: Any, from_unit: Any, to_unit: Any) -> None:
    """A person assigned to another unit takes his counted history there (called by the registry)."""
    if from_unit == to_unit:
        return
    changes: dict[tuple[Any, date], Counter[str]] = defaultdict(Counter)
    for (day, key), value in person_history_changes(person_id, 1).items():
        changes[(from_unit, day)][key] -= value
        changes[(to_unit, day)][key] += value
    counts_add(changes)


def _summary_row(c: InterviewCounts) -> InterviewSummary:
    """The index row of one interview: what tells the wish sealed, dates and order in clear."""
    return InterviewSummary(
        interview_id=c.interview_id,
        person_id=c.person_id,
        held_on=c.held_on,
        first=c.first,
        counts={
            "wish": c.wish,
            "verified": c.verified,
            "ends": c.ends.isoformat() if c.ends else None,
            "first_verified": c.first_verified,
        },
    )


def interview_summary_refresh(person_ids: Iterable[Any]) -> int:
    """Rebuild the interview index of these persons from their interviews (a few queries per 500)."""
    from safepassage.protection.models import Interview
    from safepassage.registry.models import Person

    ids = list(dict.fromkeys(person_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # What these persons counted for until now, taken away below as their new rows are added.
        before = InterviewSummary.objects.filter(person_id__in=chunk).order_by()
        old = opened_rows(
            InterviewSummary,
            before.values_list("pk", "person_id", "held_on", "first", "counts"),
            "",
            "",
            "",
            "counts",
        )
        rows = Interview.objects.filter(person_id__in=chunk).order_by()
        counts = interview_counts(
            opened_rows(
                Interview,
                rows.values_list("pk", "person_id", "held_on", "recorded_at", "verified_private", "wish"),
                "",
                "",
                "",
                "verified_private",
                "wish",
            )
        )
        new = [_summary_row(c) for c in counts]
        by_person: dict[Any, Counter[tuple[date, str]]] = defaultdict(Counter)
        for row in new:
            by_person[row.person_id].update(interview_changes(row.held_on, row.first, row.counts))
        for _pk, person_id, held_on, first, sealed in old:
            by_person[person_id].subtract(interview_changes(held_on, first, sealed))
        units = dict(Person.objects.filter(pk__in=chunk).values_list("pk", "unit_id"))
        changes: dict[tuple[Any, date], Counter[str]] = defaultdict(Counter)
        for person_id, person_changes in by_person.items():
            for (day, key), value in person_changes.items():
                changes[(units.get(person_id), day)][key] += value
        InterviewSummary.objects.filter(person_id__in=chunk).delete()
        InterviewSummary.objects.bulk_create(new, batch_size=CHUNK)
        counts_add(changes)
        written += len(counts)
    return written
