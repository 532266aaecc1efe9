"""Handover writes: trusting installations, and sending a case (request, second approval, dossier)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.audit.services import audit_record
from safepassage.crypto.dossier import PublicIdentity, b64, seal_dossier, sha256_hex, unb64
from safepassage.handover import errors
from safepassage.handover.identity import identity_exists, identity_load
from safepassage.handover.models import ExportStatus, HandoverExport, TrustedInstallation
from safepassage.handover.profile import build_payload, manifest_of
from safepassage.protection.choices import ReviewStatus, RiskConclusion
from safepassage.protection.models import RiskAssessment
from safepassage.registry.choices import CustodyKind
from safepassage.registry.models import Person
from safepassage.registry.services import custody_event_add

User = AbstractBaseUser | None


def _user(actor: User) -> User:
    return actor if actor is not None and actor.pk else None


@transaction.atomic
def trust_add(*, actor: User, public: PublicIdentity, name: str = "", state: str = "") -> TrustedInstallation:
    """Register another installation's public keys (after its fingerprint was compared out of band)."""
    name = (name or public.name).strip()
    own = identity_load().public if identity_exists() else None
    if own is not None and own.fingerprint == public.fingerprint:
        raise ValidationError(errors.ERR_OWN_KEY, params={"name": name})
    existing = TrustedInstallation.objects.filter(fingerprint=public.fingerprint).first()
    if existing is not None and existing.removed_at is None:
        raise ValidationError(
            errors.ERR_ALREADY_TRUSTED, params={"fingerprint": public.fingerprint, "name": existing.name}
        )
    clash = TrustedInstallation.objects.filter(name=name).exclude(fingerprint=public.fingerprint)
    if clash.exists():
        raise ValidationError(errors.ERR_NAME_TAKEN, params={"name": name})
    installation = existing or TrustedInstallation(fingerprint=public.fingerprint)
    installation.name, installation.state = name, state.upper()
    installation.signing_key, installation.encryption_key = (
        b64(public.signing_public),
        b64(public.encryption_public),
    )
    installation.added_by, installation.added_at, installation.removed_at = _user(actor), timezone.now(), None
    installation.full_clean()
    installation.save()
    audit_record(
        actor=actor,
        action="handover.trust",
        obj=installation,
        fields=["name", "state", "fingerprint", "signing_key", "encryption_key"],
    )
    return installation


@transaction.atomic
def trust_remove(*, actor: User, installation: TrustedInstallation) -> TrustedInstallation:
    """Stop trusting an installation: nothing more is sent to it or accepted from it; history stays."""
    installation.removed_at = timezone.now()
    installation.save(update_fields=["removed_at"])
    audit_record(actor=actor, action="handover.untrust", obj=installation, fields=["removed_at"])
    return installation


def _check_recipient(recipient: TrustedInstallation, person: Person) -> None:
    """A trusted recipient, and not a state where an approved assessment found a real risk for him."""
    if recipient.removed_at is not None:
        raise ValidationError(errors.ERR_RECIPIENT_REMOVED, params={"name": recipient.name})
    approved = RiskAssessment.objects.filter(person=person, status=ReviewStatus.APPROVED)
    if recipient.state and any(
        a.destination == recipient.state and a.conclusion == RiskConclusion.SUBSTANTIAL for a in approved
    ):
        raise ValidationError(
            errors.ERR_REFOULEMENT, params={"case": person.case_number, "state": recipient.state}
        )


@transaction.atomic
def export_request(
    *, actor: User, person: Person, recipient: TrustedInstallation, reason: str
) -> HandoverExport:
    """A legal officer asks to hand the case over; a second one approves (export_approve)."""
    if not reason.strip():
        raise ValidationError({"reason": errors.ERR_REASON})
    _check_recipient(recipient, person)
    export = HandoverExport(
        person=person, recipient=recipient, reason=reason.strip(), requested_by=_user(actor)
    )
    export.save()
    audit_record(
        actor=actor,
        action="handover.export.request",
        obj=export,
        fields=["recipient", "reason"],
        person_id=person.pk,
    )
    return export


@transaction.atomic
def export_approve(*, actor: User, export: HandoverExport) -> HandoverExport:
    """The second legal officer's approval: the dossier is written, sent state recorded in custody."""
    export = HandoverExport.objects.select_for_update().get(pk=export.pk)
    if export.status != ExportStatus.REQUESTED:
        raise ValidationError(errors.ERR_NOT_REQUESTED, params={"status": export.get_status_display()})
    if export.requested_by_id is not None and export.requested_by_id == getattr(actor, "pk", None):
        raise ValidationError(errors.ERR_SECOND_APPROVER)
    export.approved_by = _user(actor)
    return _complete(actor, export)


@transaction.atomic
def export_now(*, actor: User, person: Person, recipient: TrustedInstallation, reason: str) -> HandoverExport:
    """The operator's export from the command line: requested and written at once, audited as such."""
    export = export_request(actor=actor, person=person, recipient=recipient, reason=reason)
    return _complete(actor, export)


def _complete(actor: User, export: HandoverExport) -> HandoverExport:
    """Seal and sign the dossier, keep its manifest and file, record the transfer in custody."""
    _check_recipient(export.recipient, export.person)
    sender = identity_load()
    recipient = PublicIdentity(
        export.recipient.name,
        unb64(export.recipient.signing_key, "signing_key"),
        unb64(export.recipient.encryption_key, "encryption_key"),
    )
    person = Person.objects.select_for_update().get(pk=export.person_id)
    dossier_id = str(export.pk)
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    payload = build_payload(
        person=person,
        dossier_id=dossier_id,
        created_at=created_at,
        sender=sender.name,
        recipient=recipient.name,
    )
    raw = seal_dossier(
        payload=payload, sender=sender, recipient=recipient, dossier_id=dossier_id, created_at=created_at
    )
    file_sha256 = sha256_hex(raw)
    manifest = manifest_of(payload, file_sha256)
    state = export.recipient.state or export.recipient.name
    # A handover is a custody event: he leaves this detaining power's custody (GC III Art. 122).
    event = custody_event_add(
        actor=actor,
        person=person,
        kind=CustodyKind.TRANSFER,
        occurred_on=timezone.localdate(),
        facility=_("transferred to %(state)s (%(name)s)") % {"state": state, "name": export.recipient.name},
        note=_("Handover dossier %(id)s") % {"id": dossier_id},
    )
    export.status, export.completed_at = ExportStatus.COMPLETED, timezone.now()
    export.manifest = json.dumps(manifest, ensure_ascii=False)
    export.file_sha256, export.dossier, export.custody_event = file_sha256, raw, event
    export.save()
    audit_record(
        actor=actor,
        action="handover.export.complete",
        obj=export,
        fields=["status", "manifest", "file_sha256", "dossier", "custody_event", *manifest["counts"]],
        person_id=person.pk,
    )
    return export
