"""A person's stored determination: derive his facts, assess them, store the answer when it changed.

Apart from services.py, so the caseload refresh (refresh.py), which services.py starts, can call
it without an import circle.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from safepassage import law
from safepassage.audit.services import audit_record
from safepassage.core.keys import keyring
from safepassage.crypto import blind_index
from safepassage.protection import signals
from safepassage.protection.facts import derive_facts
from safepassage.protection.models import Determination
from safepassage.protection.work import RESOLVE, work_actions_replace
from safepassage.registry.models import Person

User = AbstractBaseUser | None
STORED_POSITION = "icrc_2020"


def recorder(actor: User) -> User:
    """Who to record as the author: the user, or nobody for the system (an actor without a key)."""
    return actor if actor is not None and actor.pk else None


def person_lock(person: Person) -> None:
    """Serialise with exchange finalisation, which locks the same row (see exchanges.services)."""
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))


def save_validated(record: Any) -> None:
    """Validate the record as its model says (full_clean), then save it."""
    record.full_clean()
    record.save()


def with_record_actions(result: dict[str, Any], warnings: list[dict[str, Any]]) -> dict[str, Any]:
    """The result with the action that contradicting records call for, if the engine did not."""
    if not warnings or any(a["code"] == RESOLVE for a in result["actions"]):
        return result
    return {**result, "actions": [*result["actions"], {"code": RESOLVE, "citations": []}]}


def facts_digest(facts: dict[str, Any], warnings: list[dict[str, Any]] | None = None) -> str:
    """The keyed digest of derived facts (without `as_of`): equal digests need no new determination."""
    stable: dict[str, Any] = {k: v for k, v in facts.items() if k != "as_of"}
    if warnings:
        # Only when there are any: a record without warnings keeps the digest it always had.
        stable[" record_warnings"] = warnings
    canonical = json.dumps(stable, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return blind_index(keyring(), "protection.determination.facts", canonical)


@transaction.atomic
def determination_refresh(*, actor: User, person: Person, as_of: date | None = None) -> Determination | None:
    """Store a new determination when the derived facts differ from the last stored ones."""
    derived = derive_facts(person, as_of or timezone.localdate())
    warnings = [asdict(w) for w in derived.warnings]
    digest = facts_digest(derived.facts, warnings)
    last = Determination.objects.filter(person=person).order_by("recorded_at").last()
    if last is not None and last.facts_digest == digest and last.engine_version == law.ENGINE_VERSION:
        return None
    result = law.assess(derived.facts, position=STORED_POSITION)
    record = Determination(
        person=person,
        position=STORED_POSITION,
        engine_version=law.ENGINE_VERSION,
        facts_digest=digest,
        facts=json.dumps(derived.facts, ensure_ascii=False),
        result=json.dumps(result, ensure_ascii=False),
        record_warnings=json.dumps(warnings, ensure_ascii=False),
        recorded_by=recorder(actor),
    )
    save_validated(record)
    signals.determination_stored.send(sender=Determination, determination=record, result=result)
    work_actions_replace(person=person, result=with_record_actions(result, warnings))
    audit_record(
        actor=actor,
        action="determination.store",
        obj=record,
        fields=["facts", "result", "engine_version", *(["record_warnings"] if warnings else [])],
        person_id=person.pk,
    )
    return record
