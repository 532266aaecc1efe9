"""Checkpoints that happen: signed every N events or M minutes, copied to the witness's directory,
and the chain checked against the witness's copies."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from safepassage.audit import autocheckpoint
from safepassage.audit.models import AuditCheckpoint, AuditEvent
from safepassage.audit.services import audit_record
from safepassage.audit.witness import verify_against_witness
from safepassage.core.db.triggers import drop_statements
from safepassage.crypto.signing import signature_valid


@pytest.fixture
def witness(settings: Any, tmp_path: Path) -> Path:
    settings.SAFEPASSAGE_AUDIT_WITNESS_DIR = str(tmp_path / "witness")
    settings.SAFEPASSAGE_AUDIT_CHECKPOINT_EVENTS = 5
    settings.SAFEPASSAGE_AUDIT_CHECKPOINT_MINUTES = 60
    autocheckpoint.forget()
    yield tmp_path / "witness"
    autocheckpoint.forget()


def _append(n: int, actor: Any = None) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=actor, action="x.read", object_ref=("x", str(i)))


@pytest.mark.django_db(transaction=True)
def test_a_checkpoint_is_signed_and_copied_to_the_witness_every_n_events(witness: Path) -> None:
    _append(4)
    assert not AuditCheckpoint.objects.exists()
    _append(1)
    (cp,) = AuditCheckpoint.objects.all()
    assert 5 == cp.size
    copy = json.loads((witness / "checkpoint-000000000005.json").read_text())
    assert (cp.root, cp.signature) == (copy["root"], copy["signature"])
    assert signature_valid(copy["public_key_ed25519"], copy["signed_message"].encode(), copy["signature"])
    _append(5)
    assert [5, 10] == list(AuditCheckpoint.objects.values_list("size", flat=True))
    report = verify_against_witness(witness)
    assert (True, 2, 10, 0) == (report.ok, report.checked, report.latest_size, report.gap)
    out = StringIO()
    call_command("audit", "verify", "--witness", str(witness), stdout=out)
    assert "2 witness copies match (the latest of 10 events; 0 events since)" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_checkpoint_is_due_minutes_after_the_last_one_at_the_next_event(
    witness: Path, settings: Any
) -> None:
    settings.SAFEPASSAGE_AUDIT_CHECKPOINT_EVENTS = 0
    _append(2)
    assert not autocheckpoint.is_due(2)
    assert autocheckpoint.is_due(2, now=datetime.now(UTC) + timedelta(minutes=61))
    settings.SAFEPASSAGE_AUDIT_CHECKPOINT_MINUTES = 0
    assert not autocheckpoint.is_due(2, now=datetime.now(UTC) + timedelta(days=1))


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_append_signs_nothing(witness: Path) -> None:
    _append(4)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=None, action="x.read", object_ref=("x", "y"))
        raise ZeroDivisionError
    assert not AuditCheckpoint.objects.exists()
    _append(1)
    assert [5] == list(AuditCheckpoint.objects.values_list("size", flat=True))


def _as_owner(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        for drop in drop_statements(connection.vendor):
            cursor.execute(drop)
        cursor.execute(statement, params)


@pytest.mark.django_db(transaction=True)
def test_verify_against_the_witness_finds_a_rewritten_past_and_a_removed_checkpoint(witness: Path) -> None:
    _append(10)
    # Someone rewrites history and the checkpoint table together: only the witness's copy remains.
    _as_owner("DELETE FROM audit_auditcheckpoint WHERE size = %s", [5])
    _as_owner("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", ["ab" * 32, 3])
    report = verify_against_witness(witness)
    assert not report.ok
    assert any("of 5 events: the events no longer hash to the root" in p for p in report.problems)
    assert any("of 5 events: the database has no such checkpoint" in p for p in report.problems)
    with pytest.raises(CommandError, match="event #3|witness"):
        call_command("audit", "verify", "--witness", str(witness))


@pytest.mark.django_db(transaction=True)
def test_verify_with_a_missing_witness_directory_says_so(witness: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("audit", "verify", "--witness", str(tmp_path / "nowhere"))


@pytest.mark.django_db(transaction=True)
def test_the_auditors_page_shows_the_latest_witnessed_checkpoint_and_the_gap(
    witness: Path, users: dict[str, Any]
) -> None:
    _append(7, actor=users["aude"])
    client = Client()
    client.force_login(users["aude"])
    page = client.get(reverse("audit:verify")).content.decode()
    latest = AuditCheckpoint.objects.order_by("-size").first().size
    seq = AuditEvent.objects.order_by("-seq").first().seq
    assert 0 < seq - latest < 5
    assert f"Latest witnessed checkpoint: {latest} events" in page
    assert f"{seq - latest} events since, not yet witnessed" in page
