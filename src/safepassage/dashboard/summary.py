"""What the dashboard counts by: a determination's status and pathways, an interview's wish and dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

PATHWAY_KINDS = ("repatriation", "third_state_transfer", "asylum_in_detaining_power", "neutral_internment")
PATHWAY_STATES = ("open", "conditional", "blocked")
# Several third states may each offer a transfer: the person counts once, under the best state.
_RANK = {state: rank for rank, state in enumerate(PATHWAY_STATES)}
ERR_RESULT = "A stored determination has no {what}: it cannot be counted on the dashboard."


def summary_values(result: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """(status code, {pathway kind: best state}) of one determination result (docs/assess.md)."""
    try:
        status = str(result["status"]["code"])
    except (KeyError, TypeError):
        raise ValueError(ERR_RESULT.format(what="status code")) from None
    best: dict[str, str] = {}
    for pathway in result.get("pathways", []):
        kind, state = pathway.get("code"), pathway.get("state")
        if kind not in PATHWAY_KINDS or state not in _RANK:
            continue
        if kind not in best or _RANK[state] < _RANK[best[kind]]:
            best[kind] = state
    return status, best


@dataclass(frozen=True)
class InterviewCounts:
    """How one interview counts on the dashboard: the fields of models.InterviewSummary, by name."""

    interview_id: Any
    person_id: Any
    held_on: date
    verified: bool
    wish: str
    ends: date | None
    first: bool
    first_verified: bool


def interview_counts(rows: Iterable[tuple[Any, Any, date, Any, bool, str]]) -> list[InterviewCounts]:
    """Index rows for interviews given as (id, person id, held on, recorded at, verified, wish).

    The rows may come in any order. Per person, in the order the wish history uses (date held,
    then time recorded): the first interview, the first verified one, and for each verified
    interview the date the next verified one took over (None while it still governs).
    """
    by_person: dict[Any, list[tuple[Any, Any, date, Any, bool, str]]] = {}
    for row in rows:
        by_person.setdefault(row[1], []).append(row)
    found: list[InterviewCounts] = []
    for person_id, history in by_person.items():
        history.sort(key=lambda r: (r[2], r[3]))
        verified = [r for r in history if r[4]]
        ends = {r[0]: nxt[2] for r, nxt in zip(verified, verified[1:], strict=False)}
        first_verified = verified[0][0] if verified else None
        for position, (pk, _, held_on, _, is_verified, wish) in enumerate(history):
            found.append(
                InterviewCounts(
                    interview_id=pk,
                    person_id=person_id,
                    held_on=held_on,
                    verified=is_verified,
                    wish=wish,
                    ends=ends.get(pk),
                    first=position == 0,
                    first_verified=pk == first_verified,
                )
            )
    return found


def interview_changes(held_on: date, first: bool, counts: dict[str, Any]) -> Counter[tuple[date, str]]:
    """What one interview's index row adds to the daily counts: (day, category) -> change.

    From the day it was held: "interviewed" for a person's first interview, "verified" for his
    first verified one, and `w:<wish>` for a verified interview, taken away again on the day the
    next verified one took over (`ends`). Summed up to a point, these give models.InterviewSummary's
    counts at that point.
    """
    found: Counter[tuple[date, str]] = Counter()
    if first:
        found[(held_on, "interviewed")] += 1
    if counts.get("first_verified"):
        found[(held_on, "verified")] += 1
    if counts.get("verified") and counts.get("wish"):
        found[(held_on, f"w:{counts['wish']}")] += 1
        if counts.get("ends"):
            found[(date.fromisoformat(counts["ends"]), f"w:{counts['wish']}")] -= 1
    return found
