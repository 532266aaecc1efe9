"""PostgreSQL row-level security: a second line behind `for_user`, keyed on a context the database verifies.

A context is the signed-in user's role for a web request (DatabaseContextMiddleware), `system` for
the command line and the few services that must see across roles, `none` for an anonymous request.
The application never states its context in a plain setting: it presents a token, HMAC-SHA256 over
(context, user, unit, backend pid, backend start, expiry) under a key derived from the operator's
keyring. The owner gives the database that key (`init`, `db roles`) in a table only the owner can
read; every policy calls `safepassage_context()`, which re-verifies the token in the session's
`safepassage.context` setting through a SECURITY DEFINER function owned by the owner, on every
statement. Without the key, no setting, connection option or function of the application role's
own yields a context, and a token seen elsewhere is bound to the backend that it was made for.
Unset, forged, expired or foreign tokens give the empty context, which sees no row. Each sensitive
table's policy is FORCEd, so even the owner's sessions obey it. SQLite has no row-level security:
everything here does nothing there.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection

from safepassage.core.roles import Role

# The session setting that carries the signed token, and the one naming this request's session row.
SETTING = "safepassage.context"
SESSION_SETTING = "safepassage.session"
# The plain setting of earlier versions, still set while a database is not yet migrated (upgrades).
LEGACY_SETTING = "safepassage.role"
KEY_TABLE = "safepassage_db_key"
TOKEN_VERSION = "v1"  # noqa: S105 (a format tag, not a secret)
SYSTEM, NONE = "system", "none"
CONTEXTS = frozenset({SYSTEM, NONE, *(r.value for r in Role)})
POLICY_NAME = "safepassage_role"
# Where a process's connections start: `system` for commands, `none` for the web server (wsgi.py).
DEFAULT_ENV = "SAFEPASSAGE_DB_CONTEXT"
ERR_CONTEXT = "Unknown database context {value!r}: use one of {choices}."
ERR_REFUSED = (
    "The database refused the context token: its context key differs from the keyring's or was never "
    "given to it. Run `safepassage db roles` (or `safepassage init`) with DATABASE_OWNER_URL set."
)
logger = logging.getLogger(__name__)

C, L, M, N = Role.CASEWORKER, Role.LEGAL_OFFICER, Role.NEUTRAL_MONITOR, Role.NEGOTIATOR
_CASE = frozenset({C, L, M})
# Table -> the roles whose sessions may see and write its rows (the `system` context always may).
# Coarser than core.policy on purpose: the policy table and `for_user` decide each page; this
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
    # Family tracing (the tracing app keeps the tables it had in exchanges).
    "exchanges_tracingrequest": frozenset({C, L}),
    "exchanges_tracingmatch": frozenset({C, L}),
    # The dashboard's index of determinations (status and pathway codes per person, sealed) and
    # its per-unit, per-day counts (sealed, no person in them).
    "dashboard_determinationsummary": _CASE,
    "dashboard_dailycount": _CASE,
    # ... and of interviews (wish code and dates per interview: counted like the interviews).
    "dashboard_interviewsummary": _CASE,
    # Handovers: trusted installations' public keys, dossiers sent (manifest, file) and received.
    "handover_trustedinstallation": _CASE,
    "handover_handoverexport": _CASE,
    "handover_handoverreceipt": _CASE,
    # Possible duplicates, merges (the rows each moved) and the scans that propose them.
    "duplicates_duplicatepair": _CASE,
    "duplicates_personmerge": _CASE,
    "duplicates_duplicatescan": _CASE,
    # Every signed-in role's actions are audited, so every context appends and reads back its row.
    "audit_auditevent": frozenset(Role),
    "audit_auditcheckpoint": frozenset(Role),
    "audit_audithead": frozenset(Role),
}
# Tables the application role may read and append to, never change or delete (the owner's triggers
# refuse that too; this is the same rule enforced by privileges, a second time).
APPEND_ONLY = ("audit_auditevent", "audit_auditcheckpoint")
# Apps whose every table must be listed in ROW_POLICY (a test holds us to it).
SENSITIVE_APPS = (
    "registry",
    "protection",
    "exchanges",
    "tracing",
    "audit",
    "dashboard",
    "handover",
    "duplicates",
)


A = Role.ADMINISTRATOR
# Sign-in tables: any verified context reads them (a sign-in runs in `none`), and these contexts
# change them; None: every verified context may (a user's own factors, preferences, last sign-in).
# Group and unit membership decide a user's role and reach: only the administrator changes them.
ACCOUNT_POLICY: dict[str, frozenset[Role] | None] = {
    "auth_user": None,
    "auth_group": frozenset({A}),
    "auth_user_groups": frozenset({A}),
    "auth_group_permissions": frozenset({A}),
    "auth_user_user_permissions": frozenset({A}),
    "accounts_unit": frozenset({A}),
    "accounts_membership": frozenset({A}),
    # Second-factor resets: asked for and approved by administrators only.
    "accounts_mfareset": frozenset({A}),
    "accounts_preference": None,
    "mfa_authenticator": None,
    "account_emailaddress": None,
}
# Creating and removing accounts is the administrator's too, even where every context may update.
ACCOUNT_CREATE_DELETE = frozenset({A})
SESSION_TABLE = "django_session"

_CTX = "(SELECT public.safepassage_context())"

# The verifier. `safepassage_context_verify` runs as the owner (SECURITY DEFINER) to read the key;
# the observed backend start comes from the caller's own view of its session (an invoker function:
# the owner may not see the application role's sessions), and the policy calls that invoker
# function, never one the caller chooses. The key is stored as HMAC's two padded keys.
FUNCTION_STATEMENTS = [
    f"""CREATE TABLE IF NOT EXISTS public.{KEY_TABLE} (
        id smallint PRIMARY KEY CHECK (id = 1), ikey bytea NOT NULL, okey bytea NOT NULL)""",
    f"REVOKE ALL ON public.{KEY_TABLE} FROM PUBLIC",
    r"""CREATE OR REPLACE FUNCTION public.safepassage_context_verify(token text, started bigint)
RETURNS text[] LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    parts text[];
    body text;
    k record;
BEGIN
    IF token IS NULL OR token = '' OR pg_catalog.length(token) > 512 THEN RETURN NULL; END IF;
    -- v1 | context | user | unit | backend pid (0: any) | backend start (us) | expires (unix s) | mac
    parts := pg_catalog.string_to_array(token, '|');
    IF pg_catalog.array_length(parts, 1) IS DISTINCT FROM 8 OR parts[1] <> 'v1'
       OR parts[5] !~ '^[0-9]{1,10}$' OR parts[6] !~ '^[0-9]{1,20}$' OR parts[7] !~ '^[0-9]{1,12}$'
       OR parts[8] !~ '^[0-9a-f]{64}$' THEN
        RETURN NULL;
    END IF;
    IF parts[7]::bigint < pg_catalog.date_part('epoch', pg_catalog.statement_timestamp()) THEN
        RETURN NULL;
    END IF;
    IF parts[5] <> '0' AND (parts[5]::bigint <> pg_catalog.pg_backend_pid()
                            OR started IS NULL OR parts[6]::bigint <> started) THEN
        RETURN NULL;
    END IF;
    SELECT ikey, okey INTO k FROM public.safepassage_db_key WHERE id = 1;
    IF NOT FOUND THEN RETURN NULL; END IF;
    body := pg_catalog.substr(token, 1, pg_catalog.length(token) - 65);
    IF pg_catalog.encode(pg_catalog.sha256(k.okey || pg_catalog.sha256(k.ikey
           || pg_catalog.convert_to(body, 'UTF8'))), 'hex') <> parts[8] THEN
        RETURN NULL;
    END IF;
    RETURN parts[2:4];
END
$$""",
    "REVOKE ALL ON FUNCTION public.safepassage_context_verify(text, bigint) FROM PUBLIC",
    r"""CREATE OR REPLACE FUNCTION public.safepassage_context_parts() RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT public.safepassage_context_verify(
        pg_catalog.current_setting('safepassage.context', true),
        (SELECT (pg_catalog.date_part('epoch', a.backend_start) * 1000000)::bigint
           FROM pg_catalog.pg_stat_get_activity(pg_catalog.pg_backend_pid()) a))
$$""",
    r"""CREATE OR REPLACE FUNCTION public.safepassage_context() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT COALESCE((public.safepassage_context_parts())[1], '')
$$""",
    r"""CREATE OR REPLACE FUNCTION public.safepassage_enter(token text, local boolean) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ctx text;
BEGIN
    PERFORM pg_catalog.set_config('safepassage.context', token, local);
    ctx := public.safepassage_context();
    IF ctx = '' THEN
        RAISE EXCEPTION 'safepassage: context token refused' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN ctx;
END
$$""",
]
FUNCTION_DROPS = [
    "DROP FUNCTION IF EXISTS public.safepassage_enter(text, boolean)",
    "DROP FUNCTION IF EXISTS public.safepassage_context()",
    "DROP FUNCTION IF EXISTS public.safepassage_context_parts()",
    "DROP FUNCTION IF EXISTS public.safepassage_context_verify(text, bigint)",
    f"DROP TABLE IF EXISTS public.{KEY_TABLE}",
]
POLICY_NAMES = (
    POLICY_NAME,
    "safepassage_read",
    "safepassage_change",
    "safepassage_create",
    "safepassage_remove",
)


def contexts_of(roles: frozenset[Role]) -> list[str]:
    """The database contexts that may read a table open to `roles`: theirs and the system's."""
    return sorted({SYSTEM, *(r.value for r in roles)})


def sql_quote(value: str) -> str:
    """A SQL string literal. Values come from the constants above, never from input: quoted all the same."""
    return "'" + value.replace("'", "''") + "'"


def _any_of(roles: frozenset[Role]) -> str:
    return f"{_CTX} = ANY (ARRAY[{', '.join(sql_quote(c) for c in contexts_of(roles))}])"


def _table_policies(table: str) -> list[tuple[str, str, str | None, str | None]]:
    """(name, command, USING, WITH CHECK) for one table."""
    if table in ROW_POLICY:
        condition = _any_of(ROW_POLICY[table])
        return [(POLICY_NAME, "ALL", condition, condition)]
    if table == SESSION_TABLE:
        # A request reads and writes only the session row whose key it holds; commands (clearsessions) all.
        mine = f"({_CTX} <> '' AND session_key = current_setting('{SESSION_SETTING}', true))"
        condition = f"({_CTX} = '{SYSTEM}' OR {mine})"
        return [(POLICY_NAME, "ALL", condition, condition)]
    writers = ACCOUNT_POLICY[table]
    verified = f"{_CTX} <> ''"
    if writers is None:
        creators = _any_of(ACCOUNT_CREATE_DELETE) if table == "auth_user" else verified
        return [
            ("safepassage_read", "SELECT", verified, None),
            ("safepassage_change", "UPDATE", verified, verified),
            ("safepassage_create", "INSERT", None, creators),
            ("safepassage_remove", "DELETE", creators, None),
        ]
    return [
        ("safepassage_read", "SELECT", verified, None),
        (POLICY_NAME, "ALL", _any_of(writers), _any_of(writers)),
    ]


def protected_tables() -> list[str]:
    return [*ROW_POLICY, *ACCOUNT_POLICY, SESSION_TABLE]


def policy_statements(existing: set[str] | None = None) -> list[str]:
    """The SQL that installs the verifier, then enables, forces and (re)creates the policies.

    With `existing`, only the tables among those (a database not yet migrated has none).
    """
    statements = list(FUNCTION_STATEMENTS)
    for table in protected_tables():
        if existing is not None and table not in existing:
            continue
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            *(f"DROP POLICY IF EXISTS {name} ON {table}" for name in POLICY_NAMES),
        ]
        for name, command, using, check in _table_policies(table):
            sql = f"CREATE POLICY {name} ON {table} FOR {command}"
            sql += f" USING ({using})" if using else ""
            sql += f" WITH CHECK ({check})" if check else ""
            statements.append(sql)
    return statements


def drop_statements(tables: Iterable[str] | None = None) -> list[str]:
    statements = []
    for table in ROW_POLICY if tables is None else tables:
        statements += [
            *(f"DROP POLICY IF EXISTS {name} ON {table}" for name in POLICY_NAMES),
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
    """What the application role may do: use every table, but only read and append the audit trail;
    never read the context key, never create objects in the schema."""
    role = '"' + app_role.replace('"', '""') + '"'
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON {schema}.{KEY_TABLE} FROM {role}",
        f"GRANT EXECUTE ON FUNCTION {schema}.safepassage_context_verify(text, bigint) TO {role}",
    ]
    for table in APPEND_ONLY:
        if existing is not None and table not in existing:
            continue
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}")
    return statements


def key_pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC-SHA256's inner and outer padded keys (RFC 2104): what the database stores."""
    block = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def install_key(cursor: Any, key: bytes) -> None:
    """As the owner: the verifier's key, in the table only the owner reads."""
    ikey, okey = key_pads(key)
    for statement in FUNCTION_STATEMENTS[:2]:
        cursor.execute(statement)
    cursor.execute(
        f"INSERT INTO public.{KEY_TABLE} (id, ikey, okey) VALUES (1, %s, %s) "  # noqa: S608  # nosec B608 (a constant table name)
        "ON CONFLICT (id) DO UPDATE SET ikey = EXCLUDED.ikey, okey = EXCLUDED.okey",
        [ikey, okey],
    )


def _context_key() -> bytes:
    from safepassage.core.keys import keyring

    return keyring().database_context_key()


def make_token(
    value: str, *, pid: int, started: int, user: str = "", unit: str = "", seconds: int | None = None
) -> str:
    """A signed context for one backend (pid, start); pid 0 holds for any backend (pg_dump's)."""
    from django.conf import settings

    if value not in CONTEXTS:
        raise ValueError(ERR_CONTEXT.format(value=value, choices=", ".join(sorted(CONTEXTS))))
    lifetime = seconds if seconds is not None else int(settings.SAFEPASSAGE_DB_CONTEXT_SECONDS)
    expires = int(time.time()) + lifetime
    fields = [TOKEN_VERSION, value, str(user).replace("|", ""), str(unit).replace("|", ""), str(pid)]
    body = "|".join([*fields, str(started), str(expires)])
    mac = hmac.new(_context_key(), body.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{body}|{mac}"


def default_context() -> str:
    value = os.environ.get("SAFEPASSAGE_DB_CONTEXT", SYSTEM)
    if value not in CONTEXTS:
        raise ValueError(ERR_CONTEXT.format(value=value, choices=", ".join(sorted(CONTEXTS))))
    return value


def context_for(user: Any) -> str:
    """The context a request of `user` runs in: his role, or `none`."""
    from safepassage.core.policy import role_of

    role = role_of(user)
    return role.value if role is not None else NONE


def _backend(conn: Any) -> tuple[int, int, bool]:
    """This connection's backend pid and start (microseconds), and whether the verifier exists yet."""
    raw = conn.connection
    cached = getattr(conn, "_safepassage_backend", None)
    if cached is not None and cached[0] is raw:
        return cached[1]  # type: ignore[no-any-return]
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT pg_backend_pid(), (date_part('epoch', a.backend_start) * 1000000)::bigint, "
            "to_regprocedure('public.safepassage_enter(text,boolean)') IS NOT NULL "
            "FROM pg_stat_get_activity(pg_backend_pid()) a"
        )
        pid, started, ready = cursor.fetchone()
    found = (int(pid), int(started), bool(ready))
    if ready:
        conn._safepassage_backend = (raw, found)
    return found


def _user_fields(user: Any) -> tuple[str, str]:
    """The user's id, and his unit when already loaded (the policies key on the context alone)."""
    if user is None or not getattr(user, "pk", None):
        return "", ""
    membership = getattr(getattr(user, "_state", None), "fields_cache", {}).get("membership")
    return str(user.pk), str(getattr(membership, "unit_id", "") or "")


def _set(
    value: str, *, local: bool, conn: Any = None, user: Any = None, session_key: str | None = None
) -> None:
    conn = conn or connection
    pid, started, ready = _backend(conn)
    with conn.cursor() as cursor:
        if not ready:
            # A database from before the verifier (its migration is about to run): the old setting.
            cursor.execute("SELECT set_config(%s, %s, %s)", [LEGACY_SETTING, value, local])
            return
        user_id, units = _user_fields(user)
        token = make_token(value, pid=pid, started=started, user=user_id, unit=units)
        try:
            if session_key is None:
                cursor.execute("SELECT public.safepassage_enter(%s, %s)", [token, local])
            else:
                # The same statement forgets any session row an earlier request on this connection named.
                cursor.execute(
                    "SELECT public.safepassage_enter(%s, %s), set_config(%s, %s, false)",
                    [token, local, SESSION_SETTING, session_key],
                )
        except DatabaseError as exc:
            raise DatabaseError(ERR_REFUSED) from exc


def _token(conn: Any = None) -> str:
    with (conn or connection).cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [SETTING])
        return cursor.fetchone()[0] or ""


def current_context(conn: Any = None) -> str:
    """The context the database verified for this connection ('' when none holds)."""
    conn = conn or connection
    if conn.vendor != "postgresql":
        return SYSTEM
    with conn.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('public.safepassage_context()') IS NOT NULL")
        if not cursor.fetchone()[0]:
            cursor.execute("SELECT current_setting(%s, true)", [LEGACY_SETTING])
            return cursor.fetchone()[0] or ""
        cursor.execute("SELECT public.safepassage_context()")
        return cursor.fetchone()[0] or ""


def establish(conn: Any, value: str) -> None:
    """Put `conn` in `value`'s context for the rest of its session (migrations call it after install)."""
    _set(value, local=False, conn=conn)


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Every new PostgreSQL connection starts in the process's default context, when the keys allow.

    Without the key in the keyring or in the database the connection stays without a context (it
    sees no protected row): `safepassage init` and `db roles` then give the database its key.
    """
    if connection.vendor != "postgresql":
        return
    try:
        _set(default_context(), local=False, conn=connection)
    except Exception as exc:  # noqa: BLE001 (KeyringError, DatabaseError: logged, the connection stays closed)
        logger.warning("No database context for this connection: %s", exc)


@contextmanager
def database_context(value: str, user: Any = None, session_key: str | None = None) -> Iterator[None]:
    """Run the block in `value`'s context; inside a transaction only until it ends (SET LOCAL).

    With `session_key` (a request's; "" for none), the block reaches that session row only.
    """
    if value not in CONTEXTS:
        raise ValueError(ERR_CONTEXT.format(value=value, choices=", ".join(sorted(CONTEXTS))))
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    local = connection.in_atomic_block
    _, _, ready = _backend(connection)
    previous = _token() if ready else ""
    legacy_previous = "" if ready else current_context()
    _set(value, local=local, user=user, session_key=session_key)
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                if ready:
                    # The earlier token verifies again as it is: it was made for this very backend.
                    cursor.execute("SELECT set_config(%s, %s, %s)", [SETTING, previous, local])
                else:
                    cursor.execute("SELECT set_config(%s, %s, %s)", [LEGACY_SETTING, legacy_previous, local])
        except DatabaseError:
            # The transaction failed inside the block: its rollback undoes the local setting anyway.
            if not local:
                raise


@contextmanager
def session_row(session_key: str | None) -> Iterator[None]:
    """Queries of the block may reach the session row of this key (and no other) on PostgreSQL."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [SESSION_SETTING, session_key or ""])
    yield
