"""The handover pages: one legal officer asks, a second approves; a received dossier is uploaded,
previewed against the registry and imported as a new person, never over our own records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.crypto.dossier import Identity, open_payload, read_envelope, seal_dossier, verify_envelope
from safepassage.duplicates import scan
from safepassage.duplicates.models import DuplicatePair, DuplicateScan
from safepassage.handover.models import HandoverExport, HandoverReceipt, TrustedInstallation
from safepassage.handover.profile import build_payload
from safepassage.protection.models import Interview
from safepassage.registry.models import CustodyEvent, NameForm, Person


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_handover_needs_a_second_legal_officer_then_sends_a_dossier_only_the_recipient_opens(
    scanned_person: Person, users: dict[str, Any], lena: Any, korea: TrustedInstallation, korea_keys: Identity
) -> None:
    lev = _client(users["lev"])
    page = lev.get(reverse("registry:person_detail", args=[scanned_person.pk]))
    assert "Hand over to another installation" in page.content.decode()
    asked = lev.post(
        reverse("handover:export_request", args=[scanned_person.pk]),
        {"recipient": korea.pk, "reason": "He asked to go to the Republic of Korea."},
    )
    export = HandoverExport.objects.get(person=scanned_person)
    assert reverse("handover:export", args=[export.pk]) == asked["Location"]
    assert "requested" == export.status

    refused = lev.post(reverse("handover:export_approve", args=[export.pk]), follow=True)
    assert "A handover needs a second legal officer: its requester cannot approve it." in _messages(refused)
    assert "requested" == HandoverExport.objects.get(pk=export.pk).status

    approved = _client(lena).post(reverse("handover:export_approve", args=[export.pk]))
    assert 302 == approved.status_code
    export.refresh_from_db()
    assert "completed" == export.status and lena.pk == export.approved_by_id
    transfer = CustodyEvent.objects.get(person=scanned_person, kind="transfer")
    assert "transferred to KR (Korea)" == transfer.facility
    assert transfer.pk == export.custody_event_id
    assert {"handover.export.request", "handover.export.complete"} <= set(
        AuditEvent.objects.filter(person_id=str(scanned_person.pk)).values_list("action", flat=True)
    )
    shown = lev.get(reverse("registry:person_detail", args=[scanned_person.pk])).content.decode()
    assert "Handed over to Korea on" in shown

    raw = lev.get(reverse("handover:export_download", args=[export.pk])).content
    envelope = read_envelope(raw)
    verify_envelope(envelope, _own().public)
    payload = open_payload(envelope, korea_keys)
    names = [r["data"]["text"] for r in payload["records"] if r["type"] == "name_form"]
    assert ["김철남", "Ким Чхоль Нам"] == names
    assert 1 == sum(r["type"] == "document_scan" for r in payload["records"])
    assert str(export.pk) == envelope.dossier_id == payload["dossier_id"]


def _own() -> Identity:
    from safepassage.handover.identity import identity_load

    return identity_load()


def _dossier_from_korea(person: Person, korea_keys: Identity, dossier_id: str) -> bytes:
    created = datetime(2026, 12, 1, 9, 0, tzinfo=UTC).isoformat()
    payload = build_payload(
        person=person,
        dossier_id=dossier_id,
        created_at=created,
        sender="Korea (test)",
        recipient="Ukraine (test)",
    )
    return seal_dossier(
        payload=payload, sender=korea_keys, recipient=_own().public, dossier_id=dossier_id, created_at=created
    )


def test_a_received_dossier_is_previewed_with_its_possible_matches_and_imported_as_a_new_person(
    scanned_person: Person, users: dict[str, Any], korea: TrustedInstallation, korea_keys: Identity
) -> None:
    raw = _dossier_from_korea(scanned_person, korea_keys, "3f9c1d2e-0000-4000-8000-000000000001")
    forms_before = NameForm.objects.filter(person=scanned_person).count()
    lev = _client(users["lev"])
    uploaded = lev.post(reverse("handover:import"), {"file": _upload(raw)})
    assert 302 == uploaded.status_code
    preview = lev.get(uploaded["Location"]).content.decode()
    assert "From Korea: signature verified" in preview
    assert "Ким Чхоль Нам" in preview
    # The dossier's man is the one already registered here: shown for review, never merged.
    assert "SP-TEST-0001" in preview.split('id="preview-matches"')[1]

    done = lev.post(uploaded["Location"])
    receipt = HandoverReceipt.objects.get()
    assert reverse("registry:person_detail", args=[receipt.person.pk]) == done["Location"]
    assert receipt.person.pk != scanned_person.pk and receipt.sender_case_number == "SP-TEST-0001"
    assert forms_before == NameForm.objects.filter(person=scanned_person).count()
    assert ["김철남", "Ким Чхоль Нам"] == [f.text for f in NameForm.objects.filter(person=receipt.person)]
    assert NameForm.objects.filter(person=receipt.person).first().source.startswith("received from Korea on")
    assert 1 == Interview.objects.filter(person=receipt.person).count()
    page = lev.get(done["Location"]).content.decode()
    assert "Received from Korea on" in page and "(their case SP-TEST-0001)" in page
    assert AuditEvent.objects.filter(action="handover.import", person_id=str(receipt.person.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_received_person_is_checked_for_duplicates_once_the_import_commits(
    scanned_person: Person, users: dict[str, Any], korea: TrustedInstallation, korea_keys: Identity
) -> None:
    raw = _dossier_from_korea(scanned_person, korea_keys, "3f9c1d2e-0000-4000-8000-000000000002")
    lev = _client(users["lev"])
    uploaded = lev.post(reverse("handover:import"), {"file": _upload(raw)})
    checks_before = DuplicateScan.objects.count()
    lev.post(uploaded["Location"])
    receipt = HandoverReceipt.objects.get()
    job = DuplicateScan.objects.latest("pk")
    assert (checks_before + 1, [str(receipt.person.pk)]) == (DuplicateScan.objects.count(), job.persons)
    # The dossier's man is registered here already (SP-TEST-0001): the check proposes the pair.
    assert 1 == scan.scan_run(job).found
    pair = DuplicatePair.objects.get()
    assert {scanned_person.pk, receipt.person.pk} == {pair.person_a_id, pair.person_b_id}


def _upload(raw: bytes, name: str = "dossier.json") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, raw, content_type="application/json")


def _written() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        AuditEvent.objects.count(),
        HandoverReceipt.objects.count(),
        NameForm.objects.count(),
    )


def test_a_tampered_replayed_foreign_or_unregistered_dossier_is_refused_on_upload_with_nothing_written(
    scanned_person: Person, users: dict[str, Any], korea: TrustedInstallation, korea_keys: Identity
) -> None:
    lev = _client(users["lev"])
    raw = _dossier_from_korea(scanned_person, korea_keys, "3f9c1d2e-0000-4000-8000-000000000002")
    before = _written()
    # One byte changed: in the ciphertext, the signature, the dossier id, the sender's name, the end.
    middle = raw.index(b'"ciphertext":"') + 40
    for at in (middle, raw.index(b'"signature":"') + 20, raw.index(b'"dossier_id":"') + 15, len(raw) - 1):
        altered = bytearray(raw)
        altered[at] = ord("A") if altered[at] != ord("A") else ord("B")
        response = lev.post(reverse("handover:import"), {"file": _upload(bytes(altered))})
        assert 200 == response.status_code, at
        text = response.content.decode()
        assert 'id="id_file_error"' in text and "altered" in text, text[text.find("errorlist") :][:400]
        assert before == _written()

    stranger = Identity.generate("Unregistered")
    foreign = seal_dossier(
        payload={"x": 1}, sender=stranger, recipient=_own().public, dossier_id="d-3", created_at="2026-12-01"
    )
    response = lev.post(reverse("handover:import"), {"file": _upload(foreign)}).content.decode()
    assert "which is not a registered sender" in response

    third = Identity.generate("Third state")
    elsewhere = seal_dossier(
        payload={"x": 1}, sender=korea_keys, recipient=third.public, dossier_id="d-4", created_at="2026-12-01"
    )
    response = lev.post(reverse("handover:import"), {"file": _upload(elsewhere)}).content.decode()
    assert "is addressed to Third state" in response
    assert before == _written()

    uploaded = lev.post(reverse("handover:import"), {"file": _upload(raw)})
    lev.post(uploaded["Location"])
    once = _written()
    again = lev.post(reverse("handover:import"), {"file": _upload(raw)}).content.decode()
    assert "was already imported on" in again
    assert once == _written()


def test_other_roles_cannot_reach_the_handover_pages(scanned_person: Person, users: dict[str, Any]) -> None:
    for name in ("carla", "mona", "nick", "aude", "adam"):
        client = _client(users[name])
        assert 403 == client.get(reverse("handover:import")).status_code, name
        assert 403 == client.get(reverse("handover:export_request", args=[scanned_person.pk])).status_code
