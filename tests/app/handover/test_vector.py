"""The test vector of docs/handover.md: fixed keys and a fixed dossier of a fictional man.

Another implementation checks itself against tests/app/handover/vector/: with the recipient's
private key it must open `dossier.json`, verify its signature with the sender's public key, find
`payload.json` inside, and recompute every record's hash. This module does the same with our own
code, and shows that the installation takes the file through every check of an import.

`python tests/app/handover/test_vector.py` writes the vector again (new ciphertext: HPKE is
randomised); the committed files are the ones to keep.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from safepassage.crypto.dossier import (
    Identity,
    canonical,
    open_payload,
    read_envelope,
    record_hash,
    seal_dossier,
    verify_envelope,
)

VECTOR = Path(__file__).with_name("vector")
DOSSIER_ID = "8b1f7a52-6a0e-4c1e-9d57-2f3c1b0e9a11"
CREATED_AT = "2026-12-01T09:00:00+00:00"


def _key(label: str) -> bytes:
    """A fixed private key: SHA-256 of a label (test data only, never a real key)."""
    return hashlib.sha256(f"safepassage handover test vector: {label}".encode()).digest()


def identities() -> tuple[Identity, Identity]:
    sender = Identity.from_raw("Ukraine (fictional)", _key("sender signing"), _key("sender encryption"))
    recipient = Identity.from_raw(
        "Korea (fictional)", _key("recipient signing"), _key("recipient encryption")
    )
    return sender, recipient


def _entry(kind: str, record_id: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": kind, "id": record_id, "data": data, "sha256": record_hash(kind, record_id, data)}


def payload() -> dict[str, Any]:
    """A fictional man: his person record, two name forms, one interview, a determination, an event."""
    person = "0b6c1f5e-1111-4a4a-8b8b-000000000001"
    at = "2026-11-20T10:00:00+00:00"
    records = [
        _entry("person", person, {
            "case_number": "SP-VEC-0001", "sex": "male", "birth_precision": "year", "birth_date": None,
            "birth_year": 2002, "birth_date_text": "", "notes": "Fictional person of the test vector.",
            "created_at": at,
        }),
        _entry("name_form", "0b6c1f5e-1111-4a4a-8b8b-000000000002", {
            "text": "한가람", "kind": "legal", "recorder_language": "ko", "source": "his own statement",
            "script": "hangul", "position": 0, "recorded_at": at, "recorded_by": "demo-caseworker",
        }),
        _entry("name_form", "0b6c1f5e-1111-4a4a-8b8b-000000000003", {
            "text": "Хан Гарам", "kind": "transliteration", "recorder_language": "ru", "source": "",
            "script": "cyrillic", "position": 1, "recorded_at": at, "recorded_by": "demo-caseworker",
        }),
        _entry("interview", "0b6c1f5e-1111-4a4a-8b8b-000000000004", {
            "held_on": "2026-11-21", "place": "Fictional camp", "interviewer_name": "Fictional monitor",
            "interpreter": "", "language": "ko", "others_present": "", "consent": True,
            "wish": "not_return", "wish_destination": "KR", "statement": "I want to go to the South.",
            "informed_of_purpose": True, "understood_language": True, "no_coercion_observed": True,
            "no_promises_made": True, "free_to_stop": True, "verified_private": True, "withdraws": None,
            "recorded_at": "2026-11-21T12:00:00+00:00", "recorded_by": "demo-monitor",
        }),
        _entry("determination", "0b6c1f5e-1111-4a4a-8b8b-000000000005", {
            "position": "icrc_2020", "engine_version": "test-vector", "facts": '{"wish": "not_return"}',
            "result": '{"status": "fictional"}', "record_warnings": "[]",
            "recorded_at": "2026-11-21T12:00:01+00:00", "recorded_by": "",
        }),
        _entry("audit_event", "1", {
            "seq": 1, "at": at, "actor_label": "demo-caseworker", "action": "person.create",
            "object_type": "registry.person", "object_id": person, "person_id": person,
            "fields": ["case_number"], "purpose": "", "prev_hash": "0" * 64,
            "hash": hashlib.sha256(b"fictional chain hash").hexdigest(), "key_epoch": 1,
        }),
    ]  # fmt: skip
    return {
        "profile": "safepassage-handover-case",
        "profile_version": 1,
        "dossier_id": DOSSIER_ID,
        "created_at": CREATED_AT,
        "sender": "Ukraine (fictional)",
        "recipient": "Korea (fictional)",
        "engine_version": "test-vector",
        "records": records,
    }


def write_vector() -> None:
    sender, recipient = identities()
    VECTOR.mkdir(exist_ok=True)
    keys = {
        "note": "Test data only: fixed keys derived from labels, never used anywhere else.",
        "sender": {
            "name": sender.name,
            "signing_private_hex": _key("sender signing").hex(),
            "encryption_private_hex": _key("sender encryption").hex(),
            "public": sender.public.document(),
        },
        "recipient": {
            "name": recipient.name,
            "signing_private_hex": _key("recipient signing").hex(),
            "encryption_private_hex": _key("recipient encryption").hex(),
            "public": recipient.public.document(),
        },
    }
    (VECTOR / "keys.json").write_text(json.dumps(keys, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    data = payload()
    (VECTOR / "payload.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    raw = seal_dossier(
        payload=data, sender=sender, recipient=recipient.public, dossier_id=DOSSIER_ID, created_at=CREATED_AT
    )
    (VECTOR / "dossier.json").write_bytes(raw)


def test_the_committed_dossier_opens_with_the_fixed_keys_and_holds_the_committed_payload() -> None:
    sender, recipient = identities()
    keys = json.loads((VECTOR / "keys.json").read_text(encoding="utf-8"))
    assert keys["sender"]["public"] == sender.public.document()
    assert keys["recipient"]["public"] == recipient.public.document()
    raw = (VECTOR / "dossier.json").read_bytes()
    envelope = read_envelope(raw, "dossier.json")
    verify_envelope(envelope, sender.public)
    assert (DOSSIER_ID, CREATED_AT) == (envelope.dossier_id, envelope.created_at)
    assert recipient.public.fingerprint == envelope.recipient_fingerprint
    opened = open_payload(envelope, recipient)
    expected = json.loads((VECTOR / "payload.json").read_text(encoding="utf-8"))
    assert expected == opened
    assert canonical(expected) == canonical(opened)
    for entry in opened["records"]:
        assert record_hash(entry["type"], entry["id"], entry["data"]) == entry["sha256"]


def test_the_vector_s_records_have_exactly_the_fields_of_the_profile() -> None:
    from safepassage.handover.profile import RECORD_TYPES

    for entry in payload()["records"]:
        assert set(RECORD_TYPES[entry["type"]][1]) == set(entry["data"]), entry["type"]


def test_the_vector_passes_every_check_of_an_import(db: Any, settings: Any, tmp_path: Path) -> None:
    """This installation holds the recipient's keys and trusts the sender: the file passes."""
    import base64

    from safepassage.crypto.kek import resolve_kek
    from safepassage.handover import services
    from safepassage.handover.receive import dossier_check, preview

    sender, recipient = identities()
    keyring = json.loads(Path(settings.FIELD_KEYS_PATH).read_text(encoding="utf-8"))
    kek = resolve_kek(dict(keyring["kek"]), Path(settings.FIELD_KEYS_PATH))
    settings.HANDOVER_IDENTITY_PATH = tmp_path / "handover-identity.json"
    settings.HANDOVER_IDENTITY_PATH.write_text(json.dumps(recipient.wrapped_document(kek, keyring["kek"])))
    services.trust_add(actor=None, public=sender.public, name="Ukraine", state="UA")
    checked = dossier_check((VECTOR / "dossier.json").read_bytes(), "dossier.json")
    shown = preview(checked)
    assert ["한가람", "Хан Гарам"] == shown["names"]
    assert "SP-VEC-0001" == shown["case_number"]
    assert base64.b64encode(sender.public.signing_public).decode() == checked.sender.signing_key


if __name__ == "__main__":
    write_vector()
