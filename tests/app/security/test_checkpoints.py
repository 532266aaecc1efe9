"""Signed checkpoints catch what the chain walk cannot: a chain rewritten end to end."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safepassage.audit.chain import event_digest
from safepassage.audit.checkpoints import checkpoint_create, export_document, verify_checkpoints
from safepassage.audit.models import AuditCheckpoint, AuditEvent
from safepassage.audit.verify import verify_chain
from safepassage.core.db.triggers import drop_statements
from safepassage.crypto.merkle import merkle_root
from safepassage.crypto.signing import new_signing_key_pem, signature_valid

pytestmark = pytest.mark.django_db


def owner_sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        for drop in drop_statements(connection.vendor):
            cursor.execute(drop)
        cursor.execute(statement, params)


def rewrite_chain_from(seq: int, action: str) -> None:
    """An insider's best move, with the audit key: edit one event, then recompute every later hash
    and the head (only the signed checkpoints and the witness's copies catch it)."""
    from safepassage.core.keys import keyring

    ring = keyring()
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        new_action = action if event.seq == seq else event.action
        digest = event_digest(
            seq=event.seq,
            at=event.at,
            actor_label=event.actor_label,
            action=new_action,
            object_type=event.object_type,
            object_id=event.object_id,
            person_id=event.person_id,
            fields=list(event.fields),
            prev_hash=prev,
            purpose=event.purpose,
            epoch=event.key_epoch,
            key=ring.audit_key(event.key_epoch),
        )
        owner_sql(
            "UPDATE audit_auditevent SET action = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [new_action, prev, digest, event.seq],
        )
        prev = digest
    owner_sql("UPDATE audit_audithead SET hash = %s", [prev])


def test_a_checkpoint_signs_the_rfc_6962_root_of_the_event_hashes(person: Any) -> None:
    cp = checkpoint_create()
    hashes = [bytes.fromhex(h) for h in AuditEvent.objects.order_by("seq").values_list("hash", flat=True)]
    assert (len(hashes), merkle_root(hashes).hex()) == (cp.size, cp.root)
    assert verify_checkpoints().ok


def test_a_second_checkpoint_is_made_only_when_events_were_added(person: Any, users: Any) -> None:
    first = checkpoint_create()
    assert first.pk == checkpoint_create().pk
    from safepassage.registry import services

    services.custody_event_add(
        actor=users["carla"], person=person, kind="admitted", occurred_on=date(2025, 3, 1), facility="South-2"
    )
    second = checkpoint_create()
    assert second.size > first.size
    assert (True, 2) == (verify_checkpoints().ok, verify_checkpoints().checked)


def test_a_chain_rewritten_after_a_checkpoint_passes_the_walk_but_fails_the_checkpoint(person: Any) -> None:
    checkpoint_create()
    rewrite_chain_from(3, "person.delete")
    assert verify_chain().ok
    report = verify_checkpoints()
    assert not report.ok
    assert "no longer hash to the signed root" in report.problems[0]
    with pytest.raises(CommandError, match="Audit checkpoint failed") as caught:
        call_command("audit", "verify")
    assert 1 == caught.value.returncode


def test_a_forged_root_or_a_truncated_chain_is_found(person: Any) -> None:
    cp = checkpoint_create()
    owner_sql("UPDATE audit_auditcheckpoint SET root = %s WHERE id = %s", ["0" * 64, cp.pk])
    assert any("signature does not verify" in p for p in verify_checkpoints().problems)
    owner_sql("UPDATE audit_auditcheckpoint SET root = %s WHERE id = %s", [cp.root, cp.pk])
    owner_sql("DELETE FROM audit_auditevent WHERE seq = %s", [cp.size])
    assert any(f"only {cp.size - 1} events exist" in p for p in verify_checkpoints().problems)


def test_a_checkpoint_signed_by_another_key_is_refused(person: Any, settings: Any, tmp_path: Path) -> None:
    checkpoint_create()
    other = tmp_path / "other.pem"
    other.write_text(new_signing_key_pem())
    settings.AUDIT_SIGNING_KEY_PATH = other
    problems = verify_checkpoints().problems
    assert any("not this installation's" in p for p in problems)
    assert any("signature does not verify" in p for p in problems)


def test_a_witness_verifies_the_export_with_nothing_but_the_file(person: Any, tmp_path: Path) -> None:
    call_command("audit", "checkpoint", stdout=StringIO())
    out = tmp_path / "witness.json"
    call_command("audit", "export", "--out", str(out), stdout=StringIO())
    doc = json.loads(out.read_text())
    assert doc == json.loads(json.dumps(export_document()))
    (cp,) = doc["checkpoints"]
    assert signature_valid(doc["public_key_ed25519"], cp["signed_message"].encode(), cp["signature"])
    assert json.loads(cp["signed_message"])["root"] == cp["root"] == AuditCheckpoint.objects.get().root
    text = out.read_text()
    for secret in ("김철남", "Ким", "1234567", "SP-TEST-0001"):
        assert secret not in text


def test_export_never_overwrites_and_verify_reports_the_checkpoints(person: Any, tmp_path: Path) -> None:
    out = tmp_path / "witness.json"
    out.write_text("kept")
    with pytest.raises(CommandError, match="already exists"):
        call_command("audit", "export", "--out", str(out))
    assert "kept" == out.read_text()
    call_command("audit", "checkpoint", stdout=StringIO())
    report = StringIO()
    call_command("audit", "verify", stdout=report)
    assert "1 signed checkpoints verified" in report.getvalue()
