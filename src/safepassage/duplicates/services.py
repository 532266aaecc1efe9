"""Duplicate writes: proposing pairs, setting a pair apart, merging two registrations and undoing it.

A merge moves every record of the merged registration to the survivor (names, documents,
capture, custody, service and nationality; interviews, risk assessments, applications, case
facts and positions; exchange list entries, overrides and tracing matches) and lists each row
it moved; a one-per-person record the survivor already has (a capture, case facts) stays with
the merged registration, kept and listed too. The merged registration is never deleted: it is
marked merged into the survivor, its work-list items are taken off the list (listed too), and
both persons' blind-indexed keys are rebuilt. The survivor is re-assessed with every record (the
`facts_changed` signal); the merged registration keeps his last determination as history. The
undo moves exactly the listed rows back, puts the work-list items back and re-assesses both.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from safepassage.audit.services import audit_record
from safepassage.duplicates import errors
from safepassage.duplicates.models import DuplicatePair, PairStatus, PersonMerge
from safepassage.exchanges.models import GuardOverride, ListEntry
from safepassage.protection import signals as protection_signals
from safepassage.protection.models import (
    Application,
    CaseFacts,
    Interview,
    Notification,
    RiskAssessment,
    StatePosition,
    WorkItem,
)
from safepassage.registry import signals
from safepassage.registry.models import (
    Capture,
    CustodyEvent,
    IdentityDocument,
    NameForm,
    NationalityClaim,
    Person,
    ServiceRecord,
)
from safepassage.registry.services import person_reindex
from safepassage.tracing.models import TracingMatch

# (smaller person id, larger) -> (probability, the model's evidence)
Found = dict[tuple[str, str], tuple[float, dict[str, str]]]

# Records that move to the survivor, each with its person field.
MOVED: tuple[type[models.Model], ...] = (
    NameForm,
    NationalityClaim,
    IdentityDocument,
    ServiceRecord,
    CustodyEvent,
    Interview,
    RiskAssessment,
    Application,
    StatePosition,
    Notification,
    ListEntry,
    GuardOverride,
    TracingMatch,
)
# One per person: moved only when the survivor has none, otherwise kept where it is.
MOVED_IF_FREE: tuple[type[models.Model], ...] = (Capture, CaseFacts)
HIDDEN = "protection.workitem"


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _actor(actor: Any) -> Any:
    return actor if actor is not None and actor.pk else None


@transaction.atomic
def pairs_propose(found: Found) -> int:
    """Record the pairs a scan found; a pair already decided is left as it is. New pairs counted."""
    new = 0
    for (a, b), (probability, reasons) in sorted(found.items()):
        persons = Person.objects.filter(pk__in=[a, b], merged_into__isnull=True)
        if persons.count() != 2:
            continue
        pair = DuplicatePair.objects.filter(person_a_id=a, person_b_id=b).first()
        if pair is None:
            pair = DuplicatePair.objects.create(
                person_a_id=a, person_b_id=b, probability=probability, reasons=reasons
            )
            audit_record(
                actor=None,
                action="duplicate.propose",
                obj=pair,
                fields=["probability", "reasons"],
                person_id=a,
            )
            new += 1
        elif pair.status == PairStatus.OPEN and (pair.probability, pair.reasons) != (probability, reasons):
            pair.probability, pair.reasons = probability, reasons
            pair.save(update_fields=["probability", "reasons"])
    return new


def _lock_open(pair: DuplicatePair) -> DuplicatePair:
    locked = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if locked.status != PairStatus.OPEN:
        raise ValidationError(errors.ERR_NOT_OPEN, params={"status": locked.get_status_display()})
    return locked


@transaction.atomic
def pair_set_apart(*, actor: Any, pair: DuplicatePair) -> DuplicatePair:
    """Not the same man: the pair is closed and no scan proposes it again."""
    locked = _lock_open(pair)
    locked.status, locked.decided_by, locked.decided_at = PairStatus.NOT_SAME, _actor(actor), timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    for person_id in (locked.person_a_id, locked.person_b_id):
        audit_record(
            actor=actor, action="duplicate.not_same", obj=locked, fields=["status"], person_id=person_id
        )
    return locked


def _locked_persons(*ids: Any) -> dict[Any, Person]:
    return {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _bump(*persons: Person) -> None:
    for person in persons:
        Person.objects.filter(pk=person.pk).update(version=person.version + 1, updated_at=timezone.now())


def _facts_changed(actor: Any, *persons: Person) -> None:
    for person in persons:
        signals.facts_changed.send(sender=Person, actor=actor, person=Person.objects.get(pk=person.pk))


def _counted_again(merged: Person, survivor: Person, *, restored: bool) -> None:
    """The figures above (the dashboard's) follow the move: the interviews now under another
    registration, and the merged registration's determination out of the count (back, undone)."""
    signals.registration_merged.send(sender=Person, person_id=merged.pk, restored=restored)
    protection_signals.interviews_recorded.send(sender=Interview, person_ids=[survivor.pk, merged.pk])


@transaction.atomic
def persons_merge(*, actor: Any, pair: DuplicatePair, survivor_id: Any) -> PersonMerge:
    """Merge the pair into the registration `survivor_id` names; every moved row is listed."""
    locked = _lock_open(pair)
    ids = (locked.person_a_id, locked.person_b_id)
    if str(survivor_id) not in {str(i) for i in ids}:
        persons = Person.objects.filter(pk__in=ids)
        numbers = {p.pk: p.case_number for p in persons}
        raise ValidationError(
            {
                "survivor": ValidationError(
                    errors.ERR_SURVIVOR, params={"a": numbers[ids[0]], "b": numbers[ids[1]]}
                )
            }
        )
    persons = _locked_persons(*ids)
    survivor = next(p for pk, p in persons.items() if str(pk) == str(survivor_id))
    merged = next(p for pk, p in persons.items() if str(pk) != str(survivor_id))
    for person in (survivor, merged):
        if person.merged_into_id is not None:
            raise ValidationError(errors.ERR_ALREADY_MERGED, params={"case": person.case_number})
    moved: dict[str, list[str]] = {}
    kept: dict[str, list[str]] = {}
    for model in MOVED:
        rows = model.objects.filter(person=merged)
        pks = [str(pk) for pk in rows.order_by("pk").values_list("pk", flat=True)]
        if pks:
            rows.update(person=survivor)
            moved[_label(model)] = pks
    for model in MOVED_IF_FREE:
        own = model.objects.filter(person=merged).first()
        if own is None:
            continue
        if model.objects.filter(person=survivor).exists():
            kept[_label(model)] = [str(own.pk)]
        else:
            model.objects.filter(pk=own.pk).update(person=survivor)
            moved[_label(model)] = [str(own.pk)]
    items = WorkItem.objects.filter(person=merged, cleared=False)
    hidden = [str(pk) for pk in items.order_by("pk").values_list("pk", flat=True)]
    items.update(cleared=True)
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into"])
    _bump(survivor, merged)
    record = PersonMerge.objects.create(
        pair=locked,
        survivor=survivor,
        merged=merged,
        moved=moved,
        kept={**kept, HIDDEN: hidden} if hidden else kept,
        merged_by=_actor(actor),
    )
    locked.status, locked.decided_by, locked.decided_at = PairStatus.MERGED, _actor(actor), timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    for person in (survivor, merged):
        person_reindex(person)
    fields = sorted(moved) + [f"kept:{label}" for label in sorted(kept)]
    audit_record(actor=actor, action="person.merge", obj=record, fields=fields, person_id=survivor.pk)
    audit_record(
        actor=actor, action="person.merged_into", obj=record, fields=["merged_into"], person_id=merged.pk
    )
    _counted_again(merged, survivor, restored=False)
    _facts_changed(actor, survivor)
    return record


@transaction.atomic
def merge_undo(*, actor: Any, merge: PersonMerge) -> PersonMerge:
    """Move back exactly the rows the merge moved; the pair is open again for a new decision."""
    record = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if record.undone_at is not None:
        raise ValidationError(errors.ERR_UNDONE)
    persons = _locked_persons(record.survivor_id, record.merged_id)
    survivor, merged = persons[record.survivor_id], persons[record.merged_id]
    if survivor.merged_into_id is not None:
        raise ValidationError(errors.ERR_LATER_MERGE, params={"case": survivor.case_number})
    by_label = {_label(m): m for m in (*MOVED, *MOVED_IF_FREE)}
    for label, pks in record.moved.items():
        by_label[label].objects.filter(pk__in=pks, person=survivor).update(person=merged)
    hidden = record.kept.get(HIDDEN, [])
    if hidden:
        WorkItem.objects.filter(pk__in=hidden, person=merged).update(cleared=False)
    merged.merged_into = None
    merged.save(update_fields=["merged_into"])
    _bump(survivor, merged)
    record.undone_by, record.undone_at = _actor(actor), timezone.now()
    record.save(update_fields=["undone_by", "undone_at"])
    pair = record.pair
    pair.status, pair.decided_by, pair.decided_at = PairStatus.OPEN, None, None
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    for person in (survivor, merged):
        person_reindex(person)
    fields = sorted(record.moved)
    audit_record(actor=actor, action="person.merge.undo", obj=record, fields=fields, person_id=survivor.pk)
    audit_record(
        actor=actor, action="person.merge.undo", obj=record, fields=["merged_into"], person_id=merged.pk
    )
    _counted_again(merged, survivor, restored=True)
    _facts_changed(actor, survivor, merged)
    return record
