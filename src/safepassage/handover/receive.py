"""Receiving a dossier: check it without writing (the preview), then register the person (the import)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import Unit
from safepassage.audit.services import PendingEvent, audit_record, audit_record_many
from safepassage.core.fields import EncryptedBinaryField
from safepassage.crypto.dossier import (
    DossierError,
    Envelope,
    PublicIdentity,
    fingerprint_groups,
    open_payload,
    read_envelope,
    record_hash,
    sha256_hex,
    unb64,
    verify_envelope,
)
from safepassage.handover import errors
from safepassage.handover.identity import identity_load
from safepassage.handover.models import HandoverReceipt, TrustedInstallation
from safepassage.handover.profile import JSON_TEXT_FIELDS, PROFILE, PROFILE_VERSION, RECORD_TYPES, Received
from safepassage.linkage import PersonRecord, people_from_records
from safepassage.protection import signals as protection_signals
from safepassage.protection.determinations import facts_digest, with_record_actions
from safepassage.protection.models import Determination, Interview
from safepassage.protection.work import work_actions_replace, work_approvals_replace, work_steps_replace
from safepassage.registry.linkage_keys import birth_text, compared_birth
from safepassage.registry.matching import match_registry
from safepassage.registry.models import Person
from safepassage.registry.services import person_create, person_keys_refresh

User = AbstractBaseUser | None
# Possible matches shown before an import: the linkage's probability at least this.
MATCH_THRESHOLD, REVIEW_LOW = 0.5, 0.1
# Records that are not rows of their own here: the person is created by the registry's service, the
# sender's audit events are kept in the receipt.
NOT_ROWS = frozenset({"person", "audit_event"})
# Record types whose rows have a `source`: the provenance is written into it.
PROVENANCE_SOURCE_MAX = 500


class HandoverRefused(Exception):
    """A dossier that is not imported, and why: one sentence naming the file and the fault."""


@dataclass(frozen=True)
class Checked:
    """A dossier that passed every check: from a trusted sender, to us, unaltered, not seen before."""

    name: str
    envelope: Envelope
    sender: TrustedInstallation
    received: Received
    file_sha256: str
    matches: list[tuple[Person, float]] = field(default_factory=list)


def _refuse(text: Any, **params: Any) -> HandoverRefused:
    return HandoverRefused(str(text) % params)


def _trusted_sender(envelope: Envelope, name: str) -> TrustedInstallation:
    sender = TrustedInstallation.objects.filter(
        fingerprint=envelope.sender_fingerprint, removed_at__isnull=True
    ).first()
    if sender is None:
        raise _refuse(
            errors.ERR_UNKNOWN_SENDER,
            file=name,
            sender=envelope.sender_name,
            fingerprint=fingerprint_groups(envelope.sender_fingerprint),
        )
    if unb64(sender.signing_key, "signing_key") != envelope.sender_signing_key:
        raise _refuse(errors.ERR_SENDER_KEY, file=name, sender=sender.name)
    return sender


def _check_records(payload: dict[str, Any], envelope: Envelope, name: str) -> Received:
    def bad(detail: str) -> HandoverRefused:
        return _refuse(errors.ERR_PAYLOAD, file=name, detail=detail)

    if payload.get("profile") != PROFILE or payload.get("profile_version") != PROFILE_VERSION:
        raise bad(f"profile {payload.get('profile')!r} version {payload.get('profile_version')!r}")
    if payload.get("dossier_id") != envelope.dossier_id or payload.get("created_at") != envelope.created_at:
        raise bad("its id or date differs from the envelope's")
    records = payload.get("records")
    if not isinstance(records, list) or not records:
        raise bad("it holds no records")
    by_type: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for entry in records:
        if not isinstance(entry, dict) or entry.get("type") not in RECORD_TYPES:
            raise bad(f"unknown record type {entry.get('type') if isinstance(entry, dict) else entry!r}")
        kind, record_id, data = entry["type"], str(entry.get("id")), entry.get("data")
        if not isinstance(data, dict) or set(data) != set(RECORD_TYPES[kind][1]):
            raise bad(f"record {kind} {record_id} does not have the profile's fields")
        if record_hash(kind, record_id, data) != entry.get("sha256"):
            raise _refuse(errors.ERR_RECORD_HASH, file=name, type=kind, id=record_id)
        if (kind, record_id) in seen:
            raise bad(f"record {kind} {record_id} appears twice")
        seen.add((kind, record_id))
        by_type.setdefault(kind, []).append(entry)
    if len(by_type.get("person", [])) != 1 or records[0]["type"] != "person":
        raise bad("it must hold exactly one person, first")
    return Received(payload, by_type)


def dossier_check(raw: bytes, name: str) -> Checked:
    """Every check of docs/handover.md, in order; writes nothing. Raises HandoverRefused."""
    try:
        envelope = read_envelope(raw, name)
        me = identity_load().public
    except DossierError as exc:
        raise HandoverRefused(errors.dossier_error_text(exc)) from exc
    if envelope.recipient_fingerprint != me.fingerprint:
        raise _refuse(
            errors.ERR_NOT_ADDRESSED,
            file=name,
            recipient=envelope.recipient_name,
            theirs=fingerprint_groups(envelope.recipient_fingerprint),
            ours=fingerprint_groups(me.fingerprint),
        )
    sender = _trusted_sender(envelope, name)
    trusted = PublicIdentity(sender.name, unb64(sender.signing_key, "signing_key"), b"")
    try:
        verify_envelope(envelope, trusted, name)
        payload = open_payload(envelope, identity_load(), name)
    except DossierError as exc:
        raise HandoverRefused(errors.dossier_error_text(exc)) from exc
    _check_not_seen(envelope.dossier_id, name)
    received = _check_records(payload, envelope, name)
    return Checked(name, envelope, sender, received, sha256_hex(raw))


def _check_not_seen(dossier_id: str, name: str) -> None:
    earlier = HandoverReceipt.objects.filter(dossier_id=dossier_id).select_related("person").first()
    if earlier is not None:
        raise _refuse(
            errors.ERR_REPLAYED,
            file=name,
            dossier=dossier_id,
            date=earlier.received_at.date().isoformat(),
            case=earlier.person.case_number,
        )


def possible_matches(checked: Checked) -> list[tuple[Person, float]]:
    """Persons of this registry the received person may already be: each received name, linked.

    The registry's own candidate search (registry.matching): blind-indexed keys first,
    then the linkage; best probability per person, best first.
    """
    person = checked.received.person
    born = date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None
    birth = compared_birth(born, person.get("birth_year"))
    names = [n["data"]["text"] for n in checked.received.of("name_form")]
    units = [s["data"]["unit_designation"] for s in checked.received.of("service_record")]
    unit = next((u for u in units if u), "")
    records = [
        PersonRecord(row=i + 2, id=f"name-{i}", full_name=text, birth=birth, unit=unit)
        for i, text in enumerate(names)
        if text.strip()
    ]
    if not records:
        return []
    try:
        incoming = people_from_records(records, "dossier")
        outcome = match_registry(incoming, threshold=MATCH_THRESHOLD, review_low=REVIEW_LOW)
    except ValidationError:
        return []  # an empty registry: nobody to match
    best: dict[str, float] = {}
    for row in outcome["matches"] + outcome["review"]:
        best[row["right_id"]] = max(best.get(row["right_id"], 0.0), float(row["match_probability"]))
    found = {str(pk): p for pk, p in Person.objects.in_bulk(list(best)).items()}
    return sorted(((found[pk], p) for pk, p in best.items() if pk in found), key=lambda m: -m[1])


def _birth(person: dict[str, Any]) -> str:
    born = date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None
    return birth_text(born, person.get("birth_year"))


def _converted(model: type[models.Model], name: str, value: Any) -> Any:
    """A travelled value as the model field takes it."""
    model_field = model._meta.get_field(name)
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        return datetime.fromisoformat(value)
    if isinstance(model_field, models.DateField):
        return date.fromisoformat(value)
    if isinstance(model_field, EncryptedBinaryField):
        return unb64(value, name)
    return value


def dossier_import(*, actor: User, raw: bytes, name: str, unit: Unit | None = None) -> HandoverReceipt:
    """Check the dossier again, then register the person and his records as new rows here.

    Nothing of ours is overwritten: every row is new, the possible matches are kept for review.
    Refused (HandoverRefused) with nothing written when any check or any record fails. The matches
    are found first, outside the transaction (the linkage runs in a child process).
    """
    checked = dossier_check(raw, name)
    matches = possible_matches(checked)
    try:
        with transaction.atomic():
            _check_not_seen(checked.envelope.dossier_id, name)
            return _register(actor, checked, matches, unit)
    except IntegrityError:
        # Another import of the same dossier committed between our check and our write.
        _check_not_seen(checked.envelope.dossier_id, name)
        raise
    except (ValidationError, ValueError, KeyError, TypeError) as exc:
        detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise _refuse(errors.ERR_PAYLOAD, file=name, detail=detail) from exc


def _register(
    actor: User, checked: Checked, matches: list[tuple[Person, float]], unit: Unit | None
) -> HandoverReceipt:
    received, envelope = checked.received, checked.envelope
    sent = received.person
    on = timezone.localdate().isoformat()
    provenance = _("received from %(sender)s on %(date)s") % {"sender": checked.sender.name, "date": on}
    person = person_create(
        actor=actor,
        sex=sent["sex"],
        birth_precision=sent["birth_precision"],
        birth_date=_converted(Person, "birth_date", sent["birth_date"]),
        birth_year=sent["birth_year"],
        birth_date_text=sent["birth_date_text"],
        notes=sent["notes"],
        unit=unit,
    )
    ids: dict[str, Any] = {received.by_type["person"][0]["id"]: person.pk}
    pending: list[PendingEvent] = []
    made: dict[str, list[models.Model]] = {}
    for kind, (model, fields) in RECORD_TYPES.items():
        if kind in NOT_ROWS:
            continue
        for entry in received.of(kind):
            row = _row(model, fields, entry, ids, person, actor, provenance)
            row.full_clean()
            row.save()
            ids[entry["id"]] = row.pk
            made.setdefault(kind, []).append(row)
            pending.append(PendingEvent(actor, "handover.receive", row, list(fields), person.pk))
    audit_record_many(pending)
    _follow_up(person, made)
    person_keys_refresh(actor=actor, person=person)
    receipt = HandoverReceipt.objects.create(
        dossier_id=envelope.dossier_id,
        sender=checked.sender,
        person=person,
        sender_case_number=str(sent["case_number"])[:32],
        created_at=datetime.fromisoformat(envelope.created_at),
        received_by=actor if actor is not None and actor.pk else None,
        file_sha256=checked.file_sha256,
        records=received.total,
        sender_audit=json.dumps([e["data"] for e in received.of("audit_event")], ensure_ascii=False),
        possible_matches=json.dumps([{"person": str(p.pk), "probability": pr} for p, pr in matches]),
    )
    audit_record(
        actor=actor,
        action="handover.import",
        obj=receipt,
        fields=["sender", "person", "sender_case_number", "records", "sender_audit", "possible_matches"],
        person_id=person.pk,
    )
    return receipt


def _row(
    model: type[models.Model],
    fields: list[str],
    entry: dict[str, Any],
    ids: dict[str, Any],
    person: Person,
    actor: User,
    provenance: str,
) -> models.Model:
    values: dict[str, Any] = {}
    data = entry["data"]
    for name in fields:
        value = data[name]
        if name == "recorded_by":
            values[name] = actor if actor is not None and actor.pk else None
        elif name == "reviewer":
            values[name] = None
        elif isinstance(model._meta.get_field(name), models.ForeignKey):
            values[f"{name}_id"] = None if value is None else ids[value]
        elif name in JSON_TEXT_FIELDS and model is Determination:
            if not isinstance(value, str):
                raise ValueError(f"determination {name} must be JSON text")
            json.loads(value or "null")
            values[name] = value
        elif name == "source":
            origin = f"{provenance}; {value}" if value else provenance
            values[name] = origin[:PROVENANCE_SOURCE_MAX]
        else:
            values[name] = _converted(model, name, value)
    if "source" in {f.name for f in model._meta.get_fields()} and "source" not in fields:
        values["source"] = provenance[:PROVENANCE_SOURCE_MAX]
    if model is Determination:
        facts = json.loads(values["facts"])
        warnings = json.loads(values["record_warnings"] or "[]")
        values["facts_digest"] = facts_digest(facts, warnings)
    if "person" in {f.name for f in model._meta.get_fields()}:
        values["person"] = person
    return model(**values)


def _follow_up(person: Person, made: dict[str, list[models.Model]]) -> None:
    """What the services do after such records: the work list and the dashboard's figures."""
    determinations = made.get("determination", [])
    if determinations:
        last = determinations[-1]
        result = json.loads(last.result)
        warnings = json.loads(last.record_warnings or "[]")
        protection_signals.determination_stored.send(sender=Determination, determination=last, result=result)
        work_actions_replace(person=person, result=with_record_actions(result, warnings))
    work_approvals_replace(person=person)
    work_steps_replace(person=person)
    if made.get("interview"):
        protection_signals.interviews_recorded.send(sender=Interview, person_ids=[person.pk])


def preview(checked: Checked) -> dict[str, Any]:
    """What the preview shows: who sent it, the person's names and birth, counts, possible matches."""
    person = checked.received.person
    return {
        "sender": checked.sender,
        "dossier_id": checked.envelope.dossier_id,
        "created_at": checked.envelope.created_at,
        "case_number": person["case_number"],
        "names": [n["data"]["text"] for n in checked.received.of("name_form")],
        "birth": _birth(person),
        "counts": checked.received.counts,
        "matches": checked.matches,
        "fingerprint": fingerprint_groups(checked.sender.fingerprint),
    }


def with_matches(checked: Checked) -> Checked:
    return replace(checked, matches=possible_matches(checked))
