"""Tracing's move out of exchanges changes the migration state only: the tables, and their rows, stay."""

from __future__ import annotations

import uuid
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from safepassage.tracing.models import TracingMatch, TracingRequest

# Migrating back and forth needs real transactions: slower than the other database tests.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

TABLES = ("exchanges_tracingrequest", "exchanges_tracingmatch")
# Before the move: the tracing models are exchanges' (migrate the dependant first).
BEFORE = [("tracing", None), ("exchanges", "0004_import_jobs")]
MOVE = [("exchanges", "0005_tracing_moves_out"), ("tracing", "0001_initial")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _schema() -> dict[str, Any]:
    """Each table's columns (name, type, null) and its constraints and indexes, as the database has them."""
    with connection.cursor() as cursor:
        found = {}
        for table in TABLES:
            columns = sorted(
                (c.name, c.type_code, c.null_ok)
                for c in connection.introspection.get_table_description(cursor, table)
            )
            constraints = connection.introspection.get_constraints(cursor, table)
            found[table] = (columns, sorted((name, sorted(c.items())) for name, c in constraints.items()))
        return found


def _statements(editor: Any) -> list[str]:
    """What a schema editor would run, without the comments naming each operation."""
    return [sql for sql in editor.collected_sql if not sql.startswith("--")]


def test_the_move_writes_no_sql_either_way() -> None:
    executor = _executor()
    for key in MOVE:
        migration = executor.loader.get_migration(*key)
        state = executor.loader.project_state(key, at_end=False)
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            migration.apply(state.clone(), editor, collect_sql=True)
        assert [] == _statements(editor), key
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            migration.unapply(state.clone(), editor, collect_sql=True)
        assert [] == _statements(editor), key


def test_the_models_and_their_migrations_agree() -> None:
    out = StringIO()
    call_command("makemigrations", "exchanges", "tracing", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_a_request_stored_before_the_move_is_read_after_it(users: Any, person: Any) -> None:
    fresh = _schema()
    executor = _executor()
    executor.migrate(BEFORE)
    old = _executor().loader.project_state(BEFORE[1]).apps
    OldRequest = old.get_model("exchanges", "TracingRequest")  # noqa: N806
    OldMatch = old.get_model("exchanges", "TracingMatch")  # noqa: N806
    request = OldRequest.objects.create(
        id=uuid.uuid4(),
        reference="TR-OLD",
        received_on=date(2026, 1, 5),
        requester="His mother",
        sought_names="Ри Мён Хак\n리명학",
        birth_date="2001",
        other_facts="Last letter from Kursk",
    )
    OldMatch.objects.create(
        id=uuid.uuid4(),
        request=request,
        person_id=person.pk,
        match_probability=0.42,
        evidence='{"why": "name"}',
    )
    assert fresh == _schema()

    executor = _executor()
    with CaptureQueriesContext(connection) as queries:
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert [] == [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in TABLES)]
    assert fresh == _schema()

    moved = TracingRequest.objects.get(pk=request.pk)
    assert ("TR-OLD", "His mother", "Ри Мён Хак\n리명학", "2001", "Last letter from Kursk") == (
        moved.reference,
        moved.requester,
        moved.sought_names,
        moved.birth_date,
        moved.other_facts,
    )
    match = TracingMatch.objects.get(request=moved)
    assert (person.pk, 0.42, '{"why": "name"}', "review") == (
        match.person_id,
        match.match_probability,
        match.evidence,
        match.status,
    )
