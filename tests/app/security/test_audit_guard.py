"""The database itself refuses to change or remove an audit row, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from safepassage.audit.checkpoints import checkpoint_create
from safepassage.audit.models import AuditEvent
from safepassage.audit.verify import verify_chain
from safepassage.core.db.triggers import drop_statements
from safepassage.core.policy import POLICY, STEP_UP

pytestmark = pytest.mark.django_db


def refused(statement: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    except DatabaseError as exc:
        return "append-only" in str(exc)
    return False


def test_a_plain_update_of_an_event_is_refused(person: Any) -> None:
    assert refused("UPDATE audit_auditevent SET action = 'person.delete' WHERE seq = 2")
    assert "person.delete" != AuditEvent.objects.get(seq=2).action


def test_a_plain_delete_of_an_event_is_refused(person: Any) -> None:
    count = AuditEvent.objects.count()
    assert refused("DELETE FROM audit_auditevent WHERE seq = 2")
    assert refused("DELETE FROM audit_auditevent")
    assert count == AuditEvent.objects.count()


def test_the_orm_cannot_delete_or_edit_events_either(person: Any) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(actor_label="mallory")
    assert verify_chain().ok


def test_signed_checkpoints_are_append_only_too(person: Any) -> None:
    checkpoint_create()
    assert refused("UPDATE audit_auditcheckpoint SET root = 'x'")
    assert refused("DELETE FROM audit_auditcheckpoint")


def test_truncating_the_events_is_refused_on_postgresql(person: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE is refused above")
    assert refused("TRUNCATE audit_auditevent")


def test_deleting_a_user_leaves_their_events_as_written(users: dict[str, Any], person: Any) -> None:
    carla_id = users["carla"].pk
    written = AuditEvent.objects.filter(actor_id=carla_id).count()
    users["carla"].delete()
    assert written == AuditEvent.objects.filter(actor_id=carla_id).count() > 0
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_database_flush_puts_the_guard_back(users: dict[str, Any], person: Any) -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert 0 == AuditEvent.objects.count()
    from safepassage.accounts.models import Unit
    from tests.app.conftest import register

    register(None, Unit.objects.create(name="Unit C"))
    assert refused("UPDATE audit_auditevent SET action = 'x'")


def test_the_guard_command_puts_dropped_triggers_back(person: Any) -> None:
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
    assert not refused("UPDATE audit_auditevent SET action = action WHERE seq = 1")
    call_command("audit", "guard", stdout=StringIO())
    assert refused("UPDATE audit_auditevent SET action = 'x' WHERE seq = 1")


def test_every_step_up_permission_is_in_the_policy_and_not_already_held() -> None:
    for permission, roles in STEP_UP.items():
        assert permission in POLICY
        assert not roles & POLICY[permission]
