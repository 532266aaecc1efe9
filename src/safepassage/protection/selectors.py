"""Protection reads: the determination, wish history, applications with deadlines, work lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from safepassage import law
from safepassage.accounts.policy import can
from safepassage.protection.facts import derive_facts, governing_interview
from safepassage.protection.models import (
    Application,
    CaseFacts,
    Determination,
    Interview,
    RiskAssessment,
    StatePosition,
)
from safepassage.protection.procedures import NextStep, next_step, procedure
from safepassage.registry.models import Person


@dataclass(frozen=True)
class DeterminationView:
    result: dict[str, Any]
    facts: dict[str, Any]
    explanation: list[str]
    stored: Determination | None
    position: str


def determination_for(*, user: Any, person: Person, position: str | None = None) -> DeterminationView | None:
    """The stored determination; for another position, the same facts assessed live (not stored)."""
    if not can(user, "protection.determination"):
        return None
    stored = Determination.objects.for_user(user).filter(person=person).order_by("recorded_at").last()
    if position and position != (stored.position if stored else None):
        facts = derive_facts(person, timezone.localdate()).facts
        result = law.assess(facts, position=position)
        return DeterminationView(result, facts, law.explain(result, facts, translate=gettext), None, position)
    if stored is None:
        return None
    result, facts = json.loads(stored.result), json.loads(stored.facts)
    explanation = law.explain(result, facts, translate=gettext)
    return DeterminationView(result, facts, explanation, stored, stored.position)


def determination_history(*, user: Any, person: Person) -> list[tuple[Determination, dict[str, Any]]]:
    rows = Determination.objects.for_user(user).filter(person=person).order_by("-recorded_at")
    return [(row, json.loads(row.result)) for row in rows]


def wish_history(*, user: Any, person: Person) -> list[Interview]:
    interviews = Interview.objects.for_user(user).filter(person=person).select_related("withdraws")
    return list(interviews.order_by("held_on", "recorded_at"))


def governing_wish(*, user: Any, person: Person) -> Interview | None:
    if not can(user, "protection.interviews"):
        return None
    return governing_interview(person)


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

# Who acts on each action the legal engine asks for.
ACTION_OWNERS = {
    "private_interview": "protection.interview.verify",
    "risk_assessment": "protection.risk",
    "refer_to_tribunal": "protection.risk",
    "verify_renunciation": "protection.risk",
    "stop_public_exposure": "protection.risk",
    "notify_information_bureau": "person.edit",
}


@dataclass(frozen=True)
class WorkItem:
    person: Person
    what: str
    code: str
    who: str
    due: date | None
    overdue: bool
    citation: str = ""


def _who(permission: str) -> str:
    """The roles holding a permission, as the reader's words ("Legal officer")."""
    from safepassage.accounts.policy import POLICY
    from safepassage.accounts.roles import ROLE_LABELS

    return ", ".join(str(ROLE_LABELS[role]) for role in ROLE_LABELS if role in POLICY[permission])


def worklist(*, user: Any, today: date | None = None) -> list[WorkItem]:
    """What this user's role must do next, soonest and overdue first."""
    today = today or timezone.localdate()
    items: list[WorkItem] = []
    visible = Person.objects.for_user(user)
    latest: dict[Any, Determination] = {}
    for row in Determination.objects.filter(person__in=visible.values("pk")).order_by("recorded_at"):
        latest[row.person_id] = row
    people = {p.pk: p for p in visible.filter(pk__in=list(latest))}
    for person_id, row in latest.items():
        for action in json.loads(row.result).get("actions", []):
            owner = ACTION_OWNERS.get(action["code"])
            if owner and can(user, owner):
                citation = ", ".join(action.get("citations", []))
                items.append(
                    WorkItem(
                        people[person_id], action["code"], action["code"], _who(owner), None, False, citation
                    )
                )
    if can(user, "protection.risk"):
        waiting = RiskAssessment.objects.for_user(user).filter(status="submitted").exclude(recorded_by=user)
        for assessment in waiting.select_related("person"):
            items.append(
                WorkItem(
                    assessment.person,
                    "approve_risk_assessment",
                    "approval",
                    _who("protection.risk"),
                    None,
                    False,
                )
            )
    if can(user, "protection.applications"):
        for app_row in application_rows(user=user):
            if app_row.next is not None:
                step = app_row.next
                items.append(
                    WorkItem(
                        app_row.application.person,
                        gettext(step.step.label),
                        "deadline" if step.binding else "target",
                        gettext(step.step.actor),
                        step.due,
                        step.overdue(today),
                        step.step.reference,
                    )
                )
    return sorted(items, key=lambda i: (not i.overdue, i.due or date.max, i.person.case_number))
