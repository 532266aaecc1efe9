"""Database triggers that make the audit tables append-only on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

# Tables whose rows, once written, may never change or disappear.
APPEND_ONLY_TABLES = ("audit_auditevent", "audit_auditcheckpoint")
REFUSAL = "audit records are append-only"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION safepassage_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}: % on %', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def create_statements(vendor: str) -> list[str]:
    """The SQL that installs the guard on every append-only table."""
    statements: list[str] = []
    if vendor == "postgresql":
        statements.append(_PG_FUNCTION)
    for table in APPEND_ONLY_TABLES:
        if vendor == "sqlite":
            for op in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}: {op} on {table}'); END"
                )
        elif vendor == "postgresql":
            statements.append(
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION safepassage_append_only()"
            )
            statements.append(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION safepassage_append_only()"
            )
    return statements


def drop_statements(vendor: str) -> list[str]:
    """The SQL that removes the guard: only the schema owner may run it."""
    statements: list[str] = []
    for table in APPEND_ONLY_TABLES:
        if vendor == "sqlite":
            statements += [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]
        elif vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}" for name in ("no_change", "no_truncate")
            ]
    if vendor == "postgresql":
        statements.append("DROP FUNCTION IF EXISTS safepassage_append_only()")
    return statements


def install(schema_editor: Any) -> None:
    for statement in create_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def remove(schema_editor: Any) -> None:
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
