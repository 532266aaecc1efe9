"""The audit chain: intact after normal work; any edit, deletion or reordering is found."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from safepassage.audit.models import AuditEvent, AuditHead
from safepassage.audit.services import audit_record
from safepassage.audit.verify import verify_chain
from safepassage.core.db.triggers import drop_statements

pytestmark = pytest.mark.django_db


def sql(statement: str, params: list[Any] | None = None) -> None:
    """A direct write by someone with the schema owner's rights: the append-only triggers go first."""
    with connection.cursor() as cursor:
        for drop in drop_statements(connection.vendor):
            cursor.execute(drop)
        cursor.execute(statement, params or [])


def test_every_write_in_the_fixture_is_chained_and_verifies(person: Any) -> None:
    report = verify_chain()
    assert report.ok
    assert AuditEvent.objects.count() == report.checked
    assert AuditHead.objects.get().seq == report.checked


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(person: Any) -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="x", obj=person)


@pytest.mark.parametrize(
    "column,value",
    [
        ("action", "'person.delete'"),
        ("fields", "'[\"notes\"]'"),
        ("actor_label", "'mallory'"),
        ("object_id", "'0'"),
    ],
)
def test_an_altered_event_is_found_and_named(person: Any, column: str, value: str) -> None:
    target = AuditEvent.objects.order_by("seq")[3]
    sql(f"UPDATE audit_auditevent SET {column} = {value} WHERE seq = %s", [target.seq])
    report = verify_chain()
    assert (False, target.seq) == (report.ok, report.first_broken_seq)


def test_a_deleted_event_is_found(person: Any) -> None:
    sql("DELETE FROM audit_auditevent WHERE seq = 2")
    report = verify_chain()
    assert (False, 2) == (report.ok, report.first_broken_seq)


def test_a_deleted_last_event_is_found_through_the_head(person: Any) -> None:
    last = AuditEvent.objects.order_by("-seq").first()
    sql("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
    report = verify_chain()
    assert not report.ok
    assert "head" in report.reason


def test_swapped_events_are_found(person: Any) -> None:
    sql("UPDATE audit_auditevent SET seq = 1000001 WHERE seq = 2")
    sql("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
    sql("UPDATE audit_auditevent SET seq = 3 WHERE seq = 1000001")
    report = verify_chain()
    assert (False, 2) == (report.ok, report.first_broken_seq)


def test_a_rehashed_event_still_breaks_the_link_of_the_next(person: Any) -> None:
    # Even someone holding the audit key (an insider) cannot edit one event without the next.
    from safepassage.audit.chain import event_digest
    from safepassage.core.keys import keyring

    event = AuditEvent.objects.get(seq=2)
    event.action = "forged"
    event.hash = event_digest(
        seq=2,
        at=event.at,
        actor_label=event.actor_label,
        action="forged",
        object_type=event.object_type,
        object_id=event.object_id,
        person_id=event.person_id,
        fields=event.fields,
        prev_hash=event.prev_hash,
        epoch=event.key_epoch,
        key=keyring().audit_key(event.key_epoch),
    )
    sql("UPDATE audit_auditevent SET action = 'forged', hash = %s WHERE seq = 2", [event.hash])
    report = verify_chain()
    assert (False, 3) == (report.ok, report.first_broken_seq)


def test_the_verify_command_passes_then_fails_with_exit_code_1(person: Any) -> None:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "Audit chain intact" in out.getvalue()
    sql("UPDATE audit_auditevent SET action = 'x' WHERE seq = 5")
    with pytest.raises(CommandError, match="broken at event #5") as caught:
        call_command("audit", "verify")
    assert 1 == caught.value.returncode


def test_events_hold_field_names_never_values(person: Any) -> None:
    text = " ".join(str(e.fields) + e.action + e.object_type for e in AuditEvent.objects.all())
    for secret in ("김철남", "Ким", "1234567", "Монгуш", "Unit 771", "Fictional village"):
        assert secret not in text


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_event(users: Any, make_person: Any, units: Any) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        make_person(users["carla"], units["a"])
        1 / 0  # noqa: B018
    assert before == AuditEvent.objects.count()
    assert verify_chain().ok
