"""Protection reads: the determination, wish history, applications with deadlines, work lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from safepassage import law
from safepassage.core.policy import can
from safepassage.protection import work
from safepassage.protection.facts import RecordWarning, derive_facts, governing_interview, governing_of
from safepassage.protection.models import (
    Application,
    CaseFacts,
    Determination,
    Interview,
    RiskAssessment,
    StatePosition,
    WorkItem,
)
from safepassage.protection.procedures import NextStep, next_step, procedure
from safepassage.protection.reading import Reading, read_determination
from safepassage.registry.models import Person


@dataclass(frozen=True)
class DeterminationView:
    result: dict[str, Any]
    facts: dict[str, Any]
    reading: Reading
    stored: Determination | None
    position: str

    @property
    def explanation(self) -> list[str]:
        """The explanation as plain sentences, each once and unnumbered (lists number them)."""
        return [line.text for line in self.reading.explanation]


def _record_warnings(stored: Determination) -> list[RecordWarning]:
    rows = json.loads(stored.record_warnings or "[]")
    return [RecordWarning(row["code"], tuple(row["facts"]), dict(row["detail"])) for row in rows]


def determination_for(
    *, user: Any, person: Person, position: str | None = None, stored_rows: list[Determination] | None = None
) -> DeterminationView | None:
    """The stored determination; for another position, the same facts assessed live (not stored)
    and read against the stored answer, so the page can show what differs.

    `stored_rows`: the person's determinations the user may see, oldest first, when already read.
    """
    if not can(user, "protection.determination"):
        return None
    if stored_rows is None:
        stored_rows = stored_determinations(user=user, person=person)
    stored = stored_rows[-1] if stored_rows else None
    if position and position != (stored.position if stored else None):
        derived = derive_facts(person, timezone.localdate())
        result = law.assess(derived.facts, position=position)
        stored_result = json.loads(stored.result) if stored is not None else None
        reading = read_determination(
            result, derived.facts, record_warnings=derived.warnings, compare_to=stored_result
        )
        return DeterminationView(result, derived.facts, reading, None, position)
    if stored is None:
        return None
    result, facts = json.loads(stored.result), json.loads(stored.facts)
    reading = read_determination(result, facts, record_warnings=_record_warnings(stored))
    return DeterminationView(result, facts, reading, stored, stored.position)


def stored_determinations(*, user: Any, person: Person) -> list[Determination]:
    """The person's stored determinations the user may see, oldest first (sealed parts unread)."""
    return list(Determination.objects.for_user(user).filter(person=person).order_by("recorded_at"))


def determination_history(*, user: Any, person: Person) -> list[tuple[Determination, dict[str, Any]]]:
    rows = Determination.objects.for_user(user).filter(person=person).order_by("-recorded_at")
    return [(row, json.loads(row.result)) for row in rows]


def wish_history(*, user: Any, person: Person) -> list[Interview]:
    interviews = Interview.objects.for_user(user).filter(person=person).select_related("withdraws")
    return list(interviews.order_by("held_on", "recorded_at"))


def governing_wish(
    *, user: Any, person: Person, interviews: list[Interview] | None = None
) -> Interview | None:
    """The interview whose wish governs; from `interviews` (the person's, oldest first) when read."""
    if not can(user, "protection.interviews"):
        return None
    return governing_interview(person) if interviews is None else governing_of(interviews)


@dataclass(frozen=True)
class ApplicationRow:
    application: Application
    procedure_name: str
    done: dict[str, date]
    next: NextStep | None


def application_rows(*, user: Any, person: Person | None = None) -> list[ApplicationRow]:
    applications = Application.objects.for_user(user).prefetch_related("steps").select_related("person")
    if person is not None:
        applications = applications.filter(person=person)
    rows = []
    for application in applications:
        done = {s.step: s.done_on for s in application.steps.all()}
        proc = procedure(application.procedure)
        upcoming = next_step(proc, filed_on=application.filed_on, status=application.status, done=done)
        rows.append(ApplicationRow(application, gettext(proc.name), done, upcoming))
    return rows


def risk_assessments(*, user: Any, person: Person) -> list[RiskAssessment]:
    return list(
        RiskAssessment.objects.for_user(user)
        .filter(person=person)
        .prefetch_related("evidence")
        .order_by("recorded_at")
    )


def state_positions(*, user: Any, person: Person | None = None) -> list[StatePosition]:
    positions = StatePosition.objects.for_user(user)
    if person is not None:
        positions = positions.filter(person=person)
    return list(positions.select_related("person").order_by("-stated_on", "-recorded_at"))


def case_facts(*, user: Any, person: Person) -> CaseFacts | None:
    return CaseFacts.objects.for_user(user).filter(person=person).first()


# --- work lists -------------------------------------------------------------------------


# The work list's orders: by date (overdue first, the default), by person, by kind of item.
WORKLIST_ORDERS = {
    "due": ("sort_due", "case_number", "source", "rank", "id"),
    "person": ("case_number", "sort_due", "source", "rank", "id"),
    "kind": ("source", "sort_due", "case_number", "rank", "id"),
}


def worklist(*, user: Any, today: date | None = None, order: str = "due") -> QuerySet[WorkItem]:
    """What this user's role must do next, as rows of the index: overdue and soonest first by default.

    The same order the list always had (overdue, then by date, then by case number), now kept by
    the database: an overdue item is one due before today, so sorting on the date puts it first.
    `order` "person" or "kind" sorts by case number or by the kind of item first, then by date.
    """
    today = today or timezone.localdate()
    held = [permission for permission in work.PERMISSIONS if can(user, permission)]
    if not held:
        return WorkItem.objects.none()
    lanes = {work.lane_of(p) for p in held}
    items = WorkItem.objects.filter(cleared=False, lane__in=sorted(lanes))
    visible = Person.objects.for_user(user)
    if visible.query.has_filters():
        items = items.filter(person__in=visible.values("pk"))
    # else he sees every person: an IN over all of them would only steer the planner (SQLite) away
    # from walking the order's index and stopping after one page.
    if work.APPROVER in held:
        # An assessment's author may not approve it (a second officer must).
        items = items.exclude(not_for=user)
    overdue = Case(When(due__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField())
    return items.annotate(overdue=overdue).order_by(*WORKLIST_ORDERS.get(order, WORKLIST_ORDERS["due"]))
