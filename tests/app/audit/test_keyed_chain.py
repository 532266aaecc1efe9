"""The keyed audit chain: write access to the database alone cannot append an event that verifies."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from safepassage.audit.chain import event_digest
from safepassage.audit.models import AuditEvent, AuditHead
from safepassage.audit.services import audit_record
from safepassage.audit.verify import verify_chain
from safepassage.core.keys import keyring
from safepassage.crypto.kek import resolve_kek
from safepassage.crypto.keyring import write_keyring
from safepassage.ops.rotation import rotate_audit_key

pytestmark = pytest.mark.django_db


def _append_as_database_writer(*, epoch: int, action: str = "person.delete", key: bytes | None = None) -> int:
    """What the application role (or anyone with the database file) can do: INSERT an event with
    a hash computed by the published code, and move the head. No trigger stops an INSERT."""
    head = AuditHead.objects.get(pk=1)
    seq, at = head.seq + 1, datetime.now(UTC)
    values = {
        "seq": seq,
        "at": at,
        "actor_label": "demo-admin",
        "action": action,
        "object_type": "registry.person",
        "object_id": "1",
        "person_id": "1",
        "fields": [],
        "prev_hash": head.hash,
    }
    digest = event_digest(**values, epoch=epoch, key=key)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (seq, at, actor_label, action, object_type, object_id, person_id, "
            "fields, purpose, prev_hash, hash, key_epoch) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', %s, %s, %s)",
            [seq, at, "demo-admin", action, "registry.person", "1", "1", "[]", head.hash, digest, epoch],
        )
        cursor.execute("UPDATE audit_audithead SET seq = %s, hash = %s WHERE id = 1", [seq, digest])
    return seq


def _public_sha256_claiming_epoch_1() -> int:
    """The old public algorithm (SHA-256 of the canonical JSON), labelled as a keyed event."""
    head = AuditHead.objects.get(pk=1)
    seq = head.seq + 1
    payload = {
        "seq": seq,
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": "demo-admin",
        "action": "person.delete",
        "object_type": "registry.person",
        "object_id": "1",
        "person_id": "1",
        "fields": [],
        "prev": head.hash,
        "epoch": 1,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _append_as_database_writer(epoch=1, key=hashlib.sha256(canonical.encode()).digest())


def test_new_events_are_keyed_under_the_current_epoch(person: Any) -> None:
    report = verify_chain()
    assert report.ok and report.checked > 0
    assert (0, (1,)) == (report.legacy, report.epochs)
    assert {1} == set(AuditEvent.objects.values_list("key_epoch", flat=True))


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda: _append_as_database_writer(epoch=0), id="old-unkeyed-rule"),
        pytest.param(_public_sha256_claiming_epoch_1, id="public-algorithm-as-epoch-1"),
        pytest.param(lambda: _append_as_database_writer(epoch=1, key=b"\0" * 32), id="guessed-key"),
    ],
)
def test_an_event_appended_with_database_write_access_alone_fails_verify_naming_it(
    person: Any, forge: Any
) -> None:
    call_command("audit", "verify", stdout=StringIO())
    seq = forge()
    assert (False, seq) == (verify_chain().ok, verify_chain().first_broken_seq)
    with pytest.raises(CommandError, match=f"broken at event #{seq}:") as caught:
        call_command("audit", "verify")
    assert 1 == caught.value.returncode


@pytest.fixture
def upgraded_keyring(settings: Any, tmp_path: Path) -> Path:
    """A copy of the test keyring, writable by the test (rotation and legacy limits change it)."""
    path = tmp_path / "field-keys.json"
    path.write_bytes(Path(settings.FIELD_KEYS_PATH).read_bytes())
    (tmp_path / "kek").write_bytes((Path(settings.FIELD_KEYS_PATH).parent / "kek").read_bytes())
    settings.FIELD_KEYS_PATH = path
    return path


def _set_legacy_until(path: Path, seq: int) -> None:
    ring = keyring()
    kek = resolve_kek(ring.kek_spec, path)
    spec = {k: v for k, v in ring.kek_spec.items() if k != "check"}
    write_keyring(path, ring.with_legacy_until(seq).to_document(kek, spec))


def test_events_written_before_the_keyed_chain_verify_under_the_old_rule_and_are_marked(
    db: Any, upgraded_keyring: Path
) -> None:
    _set_legacy_until(upgraded_keyring, 2)
    first, second = _append_as_database_writer(epoch=0), _append_as_database_writer(epoch=0)
    assert (1, 2) == (first, second)
    with transaction.atomic():
        audit_record(actor=None, action="audit.keyed", object_ref=("audit.chain", "*"))
    report = verify_chain()
    assert (True, 3, 2, (1,)) == (report.ok, report.checked, report.legacy, report.epochs)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "1 keyed, epochs 1; 2 legacy, under the old unkeyed rule" in out.getvalue()
    # One more by the old rule, after the limit the operator's keyring records: a forgery.
    forged = _append_as_database_writer(epoch=0)
    report = verify_chain()
    assert (False, forged) == (report.ok, report.first_broken_seq)
    assert "old unkeyed hash" in report.reason


def test_a_rotated_audit_key_keys_new_events_and_old_epochs_still_verify(
    users: Any, upgraded_keyring: Path
) -> None:
    with transaction.atomic():
        audit_record(actor=users["adam"], action="x.one", object_ref=("x", "1"))
    assert 2 == rotate_audit_key()
    with transaction.atomic():
        audit_record(actor=users["adam"], action="x.two", object_ref=("x", "2"))
    report = verify_chain()
    assert (True, (1, 2)) == (report.ok, report.epochs)
    # The old epoch's key, if it ever leaked, cannot append after the rotation.
    seq = _append_as_database_writer(epoch=1, key=keyring().audit_key(1))
    report = verify_chain()
    assert (False, seq) == (report.ok, report.first_broken_seq)
    assert "older than the previous event's 2" in report.reason


def test_a_keyring_without_the_epoch_of_an_event_fails_verify(users: Any, upgraded_keyring: Path) -> None:
    rotate_audit_key()
    with transaction.atomic():
        event = audit_record(actor=users["adam"], action="x.one", object_ref=("x", "1"))
    ring = keyring()
    narrowed = ring._replace(audit_keys={1: ring.audit_key(1)})
    report = verify_chain(ring=narrowed)
    assert (False, event.seq) == (report.ok, report.first_broken_seq)
    assert "does not hold" in report.reason


def test_the_first_init_after_an_upgrade_keeps_the_events_so_far_under_the_old_rule(
    person: Any, upgraded_keyring: Path
) -> None:
    from safepassage.ops.rotation import settle_legacy_audit_events

    ring = keyring()
    kek = resolve_kek(ring.kek_spec, upgraded_keyring)
    spec = {k: v for k, v in ring.kek_spec.items() if k != "check"}
    write_keyring(upgraded_keyring, ring._replace(audit_legacy_until=None).to_document(kek, spec))
    head = AuditHead.objects.get(pk=1).seq
    assert head == settle_legacy_audit_events()
    assert head == keyring().audit_legacy_until
    assert settle_legacy_audit_events() is None


def test_a_keyring_from_before_the_audit_key_gains_one_without_losing_a_field_key(tmp_path: Path) -> None:
    from safepassage.crypto.keyring import Keyring
    from safepassage.home import new_home_kek, upgrade_field_keyring

    kek, spec = new_home_kek(tmp_path)
    path = tmp_path / "keys" / "field-keys.json"
    old = Keyring("k1", {"k1": b"k" * 32}, b"i" * 32)
    write_keyring(path, old.to_document(kek, spec))
    assert upgrade_field_keyring(path)
    ring = Keyring.from_file(path, kek)
    assert (b"k" * 32, b"i" * 32) == (ring.keys["k1"], ring.index_key)
    assert (1, None, 32) == (ring.audit_epoch, ring.audit_legacy_until, len(ring.context_key or b""))
    assert not upgrade_field_keyring(path)


def test_rotating_the_field_keys_carries_the_audit_and_context_keys(
    person: Any, upgraded_keyring: Path
) -> None:
    from safepassage.ops.rotation import rotate

    before = keyring()
    rotate(batch=50)
    after = keyring()
    assert after.active != before.active
    assert (before.audit_keys, before.context_key) == (after.audit_keys, after.context_key)
    assert verify_chain().ok
