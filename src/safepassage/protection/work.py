"""The work list's index (WorkItem): the rows each input yields, and the writes that keep them in step.

Who writes what, always inside the transaction of the change:
- `determination_refresh` replaces the person's "action" rows from the new result;
- risk assessment submit and review replace his "approval" rows;
- application open, step and decision replace his "step" rows;
- the Information Bureau export clears his `notify_information_bureau` row, and a custody event
  added or corrected opens it again (GC III Art. 122: transfers, releases, deaths are notified).
The `*_values` functions build plain field values, so the data migration that fills the index for
rows stored before it existed uses exactly the same rules on its historical models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from safepassage.protection import standards
from safepassage.protection.procedures import next_step, procedure

# Who acts on each action the legal engine asks for. Changing an owner needs a data migration
# that rewrites the `permission` of the stored rows.
ACTION_OWNERS = {
    "private_interview": "protection.interview.verify",
    "risk_assessment": "protection.risk",
    "refer_to_tribunal": "protection.risk",
    "verify_renunciation": "protection.risk",
    "stop_public_exposure": "protection.risk",
    "notify_information_bureau": "person.edit",
    # Engine 2's actions: a monitor checks his will at handover; the rest are a legal officer's.
    "repeat_interview_at_handover": "protection.interview.verify",
    "request_icrc_access": "protection.risk",
    "child_protection": "protection.risk",
    "prosecute_or_extradite": "protection.risk",
    "investigate_international_crime": "protection.risk",
    "resolve_inconsistent_facts": "protection.risk",
}
# The action that records contradicting each other add (protection.facts.RecordWarning), when the
# engine has not asked for it already.
RESOLVE = "resolve_inconsistent_facts"
APPROVER = "protection.risk"
# The authority a second officer's review serves: the risk assessment it approves exists for
# non-refoulement (REPAT-4), as the engine's `risk_assessment` action cites it.
APPROVAL_AUTHORITY = "CAT Art. 3"
APPLICANT = "protection.applications"
PERMISSIONS = tuple(sorted({*ACTION_OWNERS.values(), APPROVER, APPLICANT}))
NOTIFY = "notify_information_bureau"
# The clear `lane` of a row: which role's list shows it. Coarse on purpose: the permission itself
# is sealed, as "protection.risk" alone would say that a risk assessment or a renunciation is due.
# Every permission of one lane must be held by the same roles (a test holds it), so the list can
# filter on the lane without opening rows. The "person" lane holds the notification alone.
LANES = {
    "person.edit": "person",
    "protection.interview.verify": "monitor",
    APPROVER: "legal",
    APPLICANT: "legal",
}
PERSON_LANE = "person"


def lane_of(permission: str) -> str:
    return LANES[permission]


# Rows written and updated per statement, so a 100,000-person export stays within SQL limits.
BATCH = 500


# --- the rows each input yields (plain values) ------------------------------------------


def determined_on(result: dict[str, Any]) -> date:
    """The date a determination was made: the day its facts were assessed on (the result's `as_of`)."""
    as_of = result.get("as_of")
    return date.fromisoformat(as_of) if as_of else timezone.localdate()


def action_values(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per action of a determination result that some role owns, in the result's order,
    due the action's service standard after the determination (protection/standards.py)."""
    rows = []
    since = determined_on(result)
    for place, action in enumerate(result.get("actions", [])):
        owner = ACTION_OWNERS.get(action.get("code"))
        if owner is None:
            continue
        due = standards.action_due(action["code"], since)
        rows.append(
            {
                "source": "action",
                "code": action["code"],
                "task": action["code"],
                "permission": owner,
                "due": due,
                "sort_due": due,
                "rank": f"{place:04d}",
                "citation": ", ".join(action.get("citations", [])),
            }
        )
    return rows


def approval_values(*, recorded_at: datetime, recorded_by_id: Any) -> dict[str, Any]:
    """The row of one risk assessment waiting for a second legal officer (not its author), due the
    service standard after it was submitted."""
    due = standards.approval_due(recorded_at.date())
    return {
        "source": "approval",
        "code": "approval",
        "task": "approve_risk_assessment",
        "permission": APPROVER,
        "due": due,
        "sort_due": due,
        "rank": recorded_at.isoformat(),
        "not_for_id": recorded_by_id,
        "citation": APPROVAL_AUTHORITY,
    }


def step_values(
    *, procedure_id: str, filed_on: date, status: str, recorded_at: datetime, done: dict[str, date]
) -> dict[str, Any] | None:
    """The row of an application's next step, with its deadline (binding), its target, or where the
    procedure sets neither, the service standard from the date the step runs from; None when none."""
    upcoming = next_step(procedure(procedure_id), filed_on=filed_on, status=status, done=done)
    if upcoming is None:
        return None
    if upcoming.due is not None:
        code, due = ("deadline" if upcoming.binding else "target"), upcoming.due
    else:
        anchors = {"filed": filed_on, **done}
        code = "standard"
        due = standards.step_due(anchors.get(upcoming.step.anchor) or max([filed_on, *done.values()]))
    return {
        "source": "step",
        "code": code,
        "task": upcoming.step.key,
        "procedure": procedure_id,
        "permission": APPLICANT,
        "due": due,
        "sort_due": due,
        "rank": f"{filed_on.isoformat()} {recorded_at.isoformat()}",
        "citation": upcoming.step.reference,
    }


# --- keeping the index in step (called inside the services' transactions) ----------------


def _items(person: Any) -> Any:
    from safepassage.protection.models import WorkItem

    return WorkItem.objects.filter(person_id=person.pk)


def _create(person: Any, rows: Iterable[dict[str, Any]]) -> None:
    from safepassage.protection.models import WorkItem

    WorkItem.objects.bulk_create(
        WorkItem(person_id=person.pk, case_number=person.case_number, lane=lane_of(row["permission"]), **row)
        for row in rows
    )


def notified_since_custody(person: Any) -> bool:
    """Whether the Information Bureau has had his data since his last custody event was recorded."""
    from safepassage.protection.models import Notification
    from safepassage.registry.models import CustodyEvent

    notified = Notification.objects.filter(person_id=person.pk).aggregate(at=Max("notified_at"))["at"]
    if notified is None:
        return False
    custody = CustodyEvent.objects.filter(person_id=person.pk).aggregate(at=Max("recorded_at"))["at"]
    return custody is None or custody <= notified


def work_actions_replace(*, person: Any, result: dict[str, Any]) -> None:
    """The person's actions are those of his newest determination. An action asked for again keeps
    the date it was first due: a refreshed determination does not move its deadline."""
    earlier = {item.task: item.due for item in _items(person).filter(source="action") if item.due}
    _items(person).filter(source="action").delete()
    rows = action_values(result)
    for row in rows:
        if row["task"] in earlier:
            row["due"] = row["sort_due"] = min(row["due"], earlier[row["task"]])
    if any(row["task"] == NOTIFY for row in rows) and notified_since_custody(person):
        for row in rows:
            row["cleared"] = row["task"] == NOTIFY
    _create(person, rows)


def work_approvals_replace(*, person: Any) -> None:
    from safepassage.protection.choices import ReviewStatus
    from safepassage.protection.models import RiskAssessment

    _items(person).filter(source="approval").delete()
    waiting = RiskAssessment.objects.filter(person_id=person.pk, status=ReviewStatus.SUBMITTED)
    _create(
        person,
        (
            approval_values(recorded_at=a.recorded_at, recorded_by_id=a.recorded_by_id)
            for a in waiting.order_by("recorded_at")
        ),
    )


def work_steps_replace(*, person: Any) -> None:
    from safepassage.protection.models import Application

    _items(person).filter(source="step").delete()
    rows = []
    for app in Application.objects.filter(person_id=person.pk).prefetch_related("steps"):
        row = step_values(
            procedure_id=app.procedure,
            filed_on=app.filed_on,
            status=app.status,
            recorded_at=app.recorded_at,
            done={s.step: s.done_on for s in app.steps.all()},
        )
        if row is not None:
            rows.append(row)
    _create(person, rows)


def notification_reopen(*, person: Any) -> None:
    """A custody event the Bureau has not heard of: he must be notified again."""
    _items(person).filter(lane=PERSON_LANE, cleared=True).update(cleared=False)


def notifications_record(*, actor: Any, person_ids: Sequence[Any], event: Any) -> int:
    """Each exported person was notified now, by `actor`, in the export audited as `event`."""
    from safepassage.protection.models import Notification, WorkItem

    at = timezone.now()
    by = actor if actor is not None and actor.pk else None
    for start in range(0, len(person_ids), BATCH):
        chunk = person_ids[start : start + BATCH]
        Notification.objects.bulk_create(
            Notification(person_id=pk, notified_at=at, notified_by=by, event=event) for pk in chunk
        )
        WorkItem.objects.filter(person_id__in=chunk, lane=PERSON_LANE, cleared=False).update(cleared=True)
    return len(person_ids)
