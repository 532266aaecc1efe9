"""PostgreSQL row-level security: a second line behind `for_user`, keyed on the reader's role.

Every connection carries a setting, `safepassage.role`: the signed-in user's role for a web request
(set by DatabaseContextMiddleware), `system` for the command line and for the few services that
must see across roles (the exchange guard, reconciliation), `none` for an anonymous request. Each
sensitive table has one policy that shows and accepts rows only for the contexts listed below, and
it is FORCEd, so even the owner's sessions obey it. An unset or unknown context sees nothing.
On SQLite there is no row-level security: everything here does nothing there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection

from safepassage.accounts.roles import Role

SETTING = "safepassage.role"
SYSTEM, NONE = "system", "none"
CONTEXTS = frozenset({SYSTEM, NONE, *(r.value for r in Role)})
POLICY_NAME = "safepassage_role"
# Where a process's connections start: `system` for commands, `none` for the web server (wsgi.py).
DEFAULT_ENV = "SAFEPASSAGE_DB_CONTEXT"
ERR_CONTEXT = "Unknown database context {value!r}: use one of {choices}."

C, L, M, N = Role.CASEWORKER, Role.LEGAL_OFFICER, Role.NEUTRAL_MONITOR, Role.NEGOTIATOR
_CASE = frozenset({C, L, M})
# Table -> the roles whose sessions may see and write its rows (the `system` context always may).
# Coarser than accounts.policy on purpose: the policy table and `for_user` decide each page; this
# decides what no page of a role can ever reach, whatever a view forgets.
ROW_POLICY: dict[str, frozenset[Role]] = {
    # Pseudonymous case rows: negotiators match exchange lists to them (no names: see below).
    "registry_person": _CASE | {N},
    "registry_casecounter": _CASE,
    "registry_nameform": _CASE,
    "registry_nametoken": _CASE,
    # Reconciliation reads these in the system context: a negotiator's session never needs them.
    "registry_linkagekey": _CASE,
    "registry_nationalityclaim": _CASE,
    "registry_identitydocument": _CASE,
    "registry_documentscan": _CASE,
    "registry_servicerecord": _CASE,
    "registry_capture": _CASE,
    "registry_custodyevent": _CASE,
    "protection_interview": _CASE,
    "protection_riskassessment": _CASE,
    "protection_evidenceitem": _CASE,
    "protection_application": _CASE,
    "protection_applicationstep": _CASE,
    "protection_stateposition": _CASE,
    "protection_casefacts": _CASE,
    "protection_determination": _CASE,
    # Progress of a caseload-wide re-assessment: counts and times, no person data.
    "protection_caseloadrefresh": _CASE,
    # The work list's index (codes, dates and citations per person) and the Art. 122 notifications.
    "protection_workitem": _CASE,
    "protection_notification": _CASE,
    "exchanges_exchangeround": _CASE | {N},
    "exchanges_exchangelist": _CASE | {N},
    "exchanges_listentry": _CASE | {N},
    "exchanges_guardoverride": _CASE | {N},
    # Imports and reconciliations under way: the list file sealed, progress, the failure's row.
    "exchanges_importjob": _CASE | {N},
    "exchanges_tracingrequest": frozenset({C, L}),
    "exchanges_tracingmatch": frozenset({C, L}),
    # The dashboard's countable index of determinations (status and pathway codes per person).
    "dashboard_determinationsummary": _CASE,
    "dashboard_pathwaysummary": _CASE,
    # ... and of interviews (wish code and dates per interview: counted like the interviews).
    "dashboard_interviewsummary": _CASE,
    # Every signed-in role's actions are audited, so every context appends and reads back its row.
    "audit_auditevent": frozenset(Role),
    "audit_auditcheckpoint": frozenset(Role),
    "audit_audithead": frozenset(Role),
}
# Tables the application role may read and append to, never change or delete (the owner's triggers
# refuse that too; this is the same rule enforced by privileges, a second time).
APPEND_ONLY = ("audit_auditevent", "audit_auditcheckpoint")
# Apps whose every table must be listed in ROW_POLICY (a test holds us to it).
SENSITIVE_APPS = ("registry", "protection", "exchanges", "audit", "dashboard")


def _contexts(roles: frozenset[Role]) -> list[str]:
    return sorted({SYSTEM, *(r.value for r in roles)})


def _quote(value: str) -> str:
    # Values come from the constants above, never from input: quoted all the same.
    return "'" + value.replace("'", "''") + "'"


def policy_statements(existing: set[str] | None = None) -> list[str]:
    """The SQL that enables, forces and (re)creates one role policy on every sensitive table.

    With `existing`, only the tables among those (a database not yet migrated has none).
    """
    statements = []
    for table, roles in ROW_POLICY.items():
        if existing is not None and table not in existing:
            continue
        allowed = ", ".join(_quote(c) for c in _contexts(roles))
        condition = f"current_setting('{SETTING}', true) = ANY (ARRAY[{allowed}])"
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}",
            f"CREATE POLICY {POLICY_NAME} ON {table} USING ({condition}) WITH CHECK ({condition})",
        ]
    return statements


def drop_statements(tables: Iterable[str] | None = None) -> list[str]:
    statements = []
    for table in ROW_POLICY if tables is None else tables:
        statements += [
            f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}",
            f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
        ]
    return statements


def policy_operation(tables: Iterable[str]) -> Any:
    """A migration step putting these new tables under their ROW_POLICY on PostgreSQL (none on SQLite)."""
    from django.db import migrations

    chosen = tuple(tables)

    def enable(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in policy_statements(set(chosen)):
                schema_editor.execute(statement, params=None)

    def disable(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in drop_statements(chosen):
                schema_editor.execute(statement, params=None)

    return migrations.RunPython(enable, disable)


def grant_statements(app_role: str, schema: str = "public", existing: set[str] | None = None) -> list[str]:
    """What the application role may do: use every table, but only read and append the audit trail."""
    role = '"' + app_role.replace('"', '""') + '"'
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]
    for table in APPEND_ONLY:
        if existing is not None and table not in existing:
            continue
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}")
    return statements


def default_context() -> str:
    value = os.environ.get(DEFAULT_ENV, SYSTEM)
    if value not in CONTEXTS:
        raise ValueError(ERR_CONTEXT.format(value=value, choices=", ".join(sorted(CONTEXTS))))
    return value


def context_for(user: Any) -> str:
    """The context a request of `user` runs in: his role, or `none`."""
    from safepassage.accounts.policy import role_of

    role = role_of(user)
    return role.value if role is not None else NONE


def _set(value: str, *, local: bool, conn: Any = None) -> None:
    with (conn or connection).cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, %s)", [SETTING, value, local])


def current_context(conn: Any = None) -> str:
    conn = conn or connection
    if conn.vendor != "postgresql":
        return SYSTEM
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [SETTING])
        return cursor.fetchone()[0] or ""


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Every new PostgreSQL connection starts in the process's default context."""
    if connection.vendor == "postgresql":
        _set(default_context(), local=False, conn=connection)


@contextmanager
def database_context(value: str) -> Iterator[None]:
    """Run the block in `value`'s context; inside a transaction only until it ends (SET LOCAL)."""
    if value not in CONTEXTS:
        raise ValueError(ERR_CONTEXT.format(value=value, choices=", ".join(sorted(CONTEXTS))))
    if connection.vendor != "postgresql":
        yield
        return
    local = connection.in_atomic_block
    previous = current_context()
    _set(value, local=local)
    try:
        yield
    finally:
        try:
            _set(previous, local=local)
        except DatabaseError:
            # The transaction failed inside the block: its rollback undoes the local setting anyway.
            if not local:
                raise
