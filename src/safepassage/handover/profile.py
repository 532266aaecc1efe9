"""The dossier's profile: which records of a person travel, and each record's fields (docs/handover.md)."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models

from safepassage import law
from safepassage.audit.models import AuditEvent
from safepassage.crypto.dossier import record_hash
from safepassage.protection.models import (
    CASE_FACT_FIELDS,
    INTERVIEW_FIELDS,
    Application,
    ApplicationStep,
    CaseFacts,
    Determination,
    EvidenceItem,
    Interview,
    RiskAssessment,
    StatePosition,
)
from safepassage.registry.models import (
    CAPTURE_FIELDS,
    CUSTODY_FIELDS,
    DOCUMENT_FIELDS,
    NAME_FIELDS,
    NATIONALITY_FIELDS,
    SERVICE_FIELDS,
    Capture,
    CustodyEvent,
    DocumentScan,
    IdentityDocument,
    NameForm,
    NationalityClaim,
    Person,
    ServiceRecord,
)

PROFILE = "safepassage-handover-case"
PROFILE_VERSION = 1
RECORDED = ["recorded_at", "recorded_by"]

# Record type -> (model, fields). Parents come before the records that point at them; the person
# is first. A field naming another record holds that record's id in the same dossier.
RECORD_TYPES: dict[str, tuple[type[models.Model], list[str]]] = {
    "person": (
        Person,
        [
            "case_number",
            "sex",
            "birth_precision",
            "birth_date",
            "birth_year",
            "birth_date_text",
            "notes",
            "created_at",
        ],
    ),
    "name_form": (NameForm, [*NAME_FIELDS, "script", "position", *RECORDED]),
    "nationality_claim": (NationalityClaim, [*NATIONALITY_FIELDS, *RECORDED]),
    "identity_document": (IdentityDocument, [*DOCUMENT_FIELDS, *RECORDED]),
    "document_scan": (
        DocumentScan,
        ["document", "filename", "content_type", "size", "data", "source", *RECORDED],
    ),
    "service_record": (ServiceRecord, [*SERVICE_FIELDS, *RECORDED]),
    "capture": (Capture, [*CAPTURE_FIELDS, *RECORDED]),
    "custody_event": (CustodyEvent, [*CUSTODY_FIELDS, *RECORDED]),
    "interview": (Interview, [*INTERVIEW_FIELDS, *RECORDED]),
    "risk_assessment": (
        RiskAssessment,
        [
            "destination",
            "risk_kinds",
            "conclusion",
            "summary",
            "status",
            "reviewer",
            "reviewed_at",
            "review_note",
            *RECORDED,
        ],
    ),
    "evidence_item": (EvidenceItem, ["assessment", "kind", "source", "description", "dated", *RECORDED]),
    "application": (
        Application,
        ["procedure", "kind", "filed_on", "reference", "status", "decided_on", "note", *RECORDED],
    ),
    "application_step": (ApplicationStep, ["application", "step", "done_on", "note", *RECORDED]),
    "case_facts": (CaseFacts, [*CASE_FACT_FIELDS, *RECORDED]),
    "state_position": (
        StatePosition,
        [
            "speaker",
            "stated_on",
            "summary",
            "reference",
            "acknowledges_deployment",
            "willing_to_receive",
            "treats_as_national",
            "onward_removal_risk",
            "unverified",
            *RECORDED,
        ],
    ),  # fmt: skip
    "determination": (
        Determination,
        ["position", "engine_version", "facts", "result", "record_warnings", *RECORDED],
    ),
    "audit_event": (
        AuditEvent,
        [
            "seq",
            "at",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "person_id",
            "fields",
            "purpose",
            "prev_hash",
            "hash",
            "key_epoch",
        ],
    ),  # fmt: skip
}
# Fields naming a user: the username travels, never the account (the recipient has its own).
USER_FIELDS = frozenset({"recorded_by", "reviewer"})
# Determination fields stored as JSON text travel as that text, byte for byte: as a JSON value, the
# canonical form would sort the keys of the engine's answer, whose order the reading shows.
JSON_TEXT_FIELDS = frozenset({"facts", "result", "record_warnings"})


def _value(record: models.Model, name: str) -> Any:
    if name in USER_FIELDS:
        user = getattr(record, name)
        return user.get_username() if user is not None else ""
    field = record._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        related = getattr(record, field.attname)
        return None if related is None else str(related)
    value = getattr(record, name)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def record_entry(record_type: str, record: models.Model) -> dict[str, Any]:
    """One record as it travels: type, id, its fields' values, and the hash of the three."""
    _model, fields = RECORD_TYPES[record_type]
    data = {name: _value(record, name) for name in fields}
    record_id = str(record.pk)
    return {
        "type": record_type,
        "id": record_id,
        "data": data,
        "sha256": record_hash(record_type, record_id, data),
    }


def person_records(person: Person) -> Iterable[tuple[str, models.Model]]:
    """Every record of the profile, in its order (parents before children)."""
    pid = person.pk
    yield "person", person
    yield from (
        ("name_form", r) for r in NameForm.objects.filter(person=person).select_related("recorded_by")
    )
    yield from (("nationality_claim", r) for r in NationalityClaim.objects.filter(person=person))
    documents = list(IdentityDocument.objects.filter(person=person))
    yield from (("identity_document", r) for r in documents)
    yield from (("document_scan", r) for r in DocumentScan.objects.filter(document__person=person))
    yield from (("service_record", r) for r in ServiceRecord.objects.filter(person=person))
    yield from (("capture", r) for r in Capture.objects.filter(person=person))
    yield from (("custody_event", r) for r in CustodyEvent.objects.filter(person=person))
    # A withdrawing interview points at an earlier one: in the order they were held and recorded.
    yield from (
        ("interview", r) for r in Interview.objects.filter(person=person).order_by("held_on", "recorded_at")
    )
    yield from (("risk_assessment", r) for r in RiskAssessment.objects.filter(person=person))
    yield from (("evidence_item", r) for r in EvidenceItem.objects.filter(assessment__person=person))
    yield from (("application", r) for r in Application.objects.filter(person=person))
    yield from (("application_step", r) for r in ApplicationStep.objects.filter(application__person=person))
    yield from (("case_facts", r) for r in CaseFacts.objects.filter(person=person))
    yield from (("state_position", r) for r in StatePosition.objects.filter(person=person))
    yield from (
        ("determination", r) for r in Determination.objects.filter(person=person).order_by("recorded_at")
    )
    yield from (("audit_event", r) for r in AuditEvent.objects.filter(person_id=str(pid)).order_by("seq"))


def build_payload(
    *, person: Person, dossier_id: str, created_at: str, sender: str, recipient: str
) -> dict[str, Any]:
    """The plaintext of a dossier: the profile's header and every record with its hash."""
    return {
        "profile": PROFILE,
        "profile_version": PROFILE_VERSION,
        "dossier_id": dossier_id,
        "created_at": created_at,
        "sender": sender,
        "recipient": recipient,
        "engine_version": law.ENGINE_VERSION,
        "records": [record_entry(kind, record) for kind, record in person_records(person)],
    }


def manifest_of(payload: dict[str, Any], file_sha256: str) -> dict[str, Any]:
    """What the sender keeps of what it sent: every record's type, id and hash, never a value."""
    records = payload["records"]
    counts: dict[str, int] = {}
    for entry in records:
        counts[entry["type"]] = counts.get(entry["type"], 0) + 1
    return {
        "dossier_id": payload["dossier_id"],
        "created_at": payload["created_at"],
        "recipient": payload["recipient"],
        "file_sha256": file_sha256,
        "counts": counts,
        "records": [{"type": e["type"], "id": e["id"], "sha256": e["sha256"]} for e in records],
    }


@dataclass(frozen=True)
class Received:
    """A payload checked record by record: the records grouped by type, in their order."""

    payload: dict[str, Any]
    by_type: dict[str, list[dict[str, Any]]]

    @property
    def person(self) -> dict[str, Any]:
        return self.by_type["person"][0]["data"]

    def of(self, record_type: str) -> list[dict[str, Any]]:
        return self.by_type.get(record_type, [])

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(rows) for kind, rows in self.by_type.items()}

    @property
    def total(self) -> int:
        return sum(self.counts.values())
