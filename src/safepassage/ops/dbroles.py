"""Two PostgreSQL roles: the owner runs migrations; the application connects as a role owning nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connections

from safepassage.core import rls

OWNER_ALIAS = "owner"
ERR_NOT_POSTGRES = "Database roles exist only on PostgreSQL; DATABASE_URL points at {engine}."
ERR_NO_OWNER = (
    "Set DATABASE_OWNER_URL to the role that owns the tables (it runs the migrations), and "
    "DATABASE_URL to the application's own role."
)
ERR_SAME_ROLE = (
    "DATABASE_URL and DATABASE_OWNER_URL both sign in as {role!r}: the application must connect as a "
    "role that does not own the tables. Give DATABASE_URL another user."
)
ERR_MISSING = "The application role {role!r} does not exist: run `safepassage db roles --create`."
ERR_PRIVILEGED = (
    "The application role {role!r} is a superuser or may bypass row-level security: "
    "ALTER ROLE {role} NOSUPERUSER NOBYPASSRLS (as an administrator of the cluster)."
)
ERR_OWNS = "The application role {role!r} owns {count} tables ({tables}); reassign them to the owner."
ERR_CREATEROLE = (
    "The owner role {owner!r} may not create roles: give it CREATEROLE (as an administrator of the "
    "cluster: ALTER ROLE {owner} CREATEROLE), or have the administrator create the application role "
    "(CREATE ROLE {app} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '...') and run "
    "`safepassage db roles` without --create."
)
ERR_NO_KEY = "The context key cannot be given to the database: {error}"
# What `check --deploy` and `db roles` find wrong with the application role, one sentence each.
PROBLEM_SAME = "the application role {role!r} is the owner of the tables (set DATABASE_OWNER_URL apart)"
PROBLEM_SUPERUSER = "the application role {role!r} is a superuser (row-level security never binds it)"
PROBLEM_BYPASS = "the application role {role!r} may bypass row-level security (BYPASSRLS)"
PROBLEM_OWNS = "the application role {role!r} owns tables: {tables}"
PROBLEM_CREATE = "the application role {role!r} may create objects in the schema (REVOKE CREATE ON SCHEMA)"
PROBLEM_KEY_READ = "the application role {role!r} may read the context key table"
PROBLEM_NOT_FORCED = "tables without forced row-level security: {tables}"
PROBLEM_NO_KEY = "the database holds no context key, or not the keyring's (run `safepassage db roles`)"


class RoleSetupError(Exception):
    """The roles are not as the second line of defence needs them; the message says what to change."""


@dataclass(frozen=True)
class RoleReport:
    owner: str
    app: str
    tables_owned_by_app: int
    tables_with_forced_rls: int
    policies: int


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _role_flags(cursor: Any, role: str) -> tuple[bool, bool] | None:
    cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
    row = cursor.fetchone()
    return (bool(row[0]), bool(row[1])) if row else None


def tables_owned_by(cursor: Any, role: str) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tableowner = %s "
        "ORDER BY tablename",
        [role],
    )
    return [row[0] for row in cursor.fetchall()]


def forced_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relrowsecurity AND c.relforcerowsecurity ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def _context_key() -> bytes:
    from safepassage.core.keys import keyring

    try:
        return keyring().database_context_key()
    except Exception as exc:  # KeyringError, KekError, OSError: each says what to do
        raise RoleSetupError(ERR_NO_KEY.format(error=exc)) from exc


def install_context_key(owner_connection: Any) -> None:
    """As the owner: give the database the key that checks context tokens (core.rls)."""
    key = _context_key()
    with owner_connection.cursor() as cursor:
        rls.install_key(cursor, key)


def apply_to(owner_connection: Any, app_role: str, *, create: bool = False, password: str = "") -> RoleReport:
    """As the owner: create the app role if asked, (re)apply the policies, grant the app role its rights."""
    if owner_connection.vendor != "postgresql":
        raise RoleSetupError(ERR_NOT_POSTGRES.format(engine=owner_connection.settings_dict["ENGINE"]))
    owner = owner_connection.settings_dict["USER"]
    key = _context_key()
    with owner_connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        if app_role == owner:
            raise RoleSetupError(ERR_SAME_ROLE.format(role=app_role))
        flags = _role_flags(cursor, app_role)
        if flags is None and create:
            cursor.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
            if not cursor.fetchone()[0]:
                raise RoleSetupError(ERR_CREATEROLE.format(owner=owner, app=_quote_ident(app_role)))
            statement = f"CREATE ROLE {_quote_ident(app_role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB"
            if password:
                cursor.execute(statement + " PASSWORD %s", [password])
            else:
                cursor.execute(statement)
            flags = _role_flags(cursor, app_role)
        if flags is None:
            raise RoleSetupError(ERR_MISSING.format(role=app_role))
        if any(flags):
            raise RoleSetupError(ERR_PRIVILEGED.format(role=app_role))
        owned = tables_owned_by(cursor, app_role)
        if owned:
            shown = ", ".join(owned[:5]) + (", ..." if len(owned) > 5 else "")
            raise RoleSetupError(ERR_OWNS.format(role=app_role, count=len(owned), tables=shown))
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
        rls.install_key(cursor, key)
        for statement in rls.policy_statements(existing) + rls.grant_statements(app_role, existing=existing):
            cursor.execute(statement)
        cursor.execute(
            "SELECT count(*) FROM pg_policies WHERE policyname = ANY(%s)", [list(rls.POLICY_NAMES)]
        )
        policies = cursor.fetchone()[0]
        return RoleReport(owner, app_role, 0, len(forced_tables(cursor)), policies)


def setup_roles(*, create: bool = False, password: str = "") -> RoleReport:
    """With DATABASE_OWNER_URL and DATABASE_URL set: the owner grants the application role its rights."""
    if OWNER_ALIAS not in connections.settings:
        raise RoleSetupError(ERR_NO_OWNER)
    app_role = connections["default"].settings_dict["USER"]
    return apply_to(connections[OWNER_ALIAS], app_role, create=create, password=password)


def role_problems(app_connection: Any, owner_role: str | None = None) -> list[str]:
    """Every unsafe thing about the role `app_connection` signs in as, one sentence each."""
    problems: list[str] = []
    with app_connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        role, superuser, bypass = cursor.fetchone()
        if owner_role is not None and owner_role == role:
            problems.append(PROBLEM_SAME.format(role=role))
        if superuser:
            problems.append(PROBLEM_SUPERUSER.format(role=role))
        if bypass:
            problems.append(PROBLEM_BYPASS.format(role=role))
        owned = [t for t in tables_owned_by(cursor, role) if t in rls.protected_tables()]
        if owned:
            problems.append(PROBLEM_OWNS.format(role=role, tables=", ".join(owned[:5])))
        cursor.execute("SELECT has_schema_privilege(current_user, current_schema(), 'CREATE')")
        if cursor.fetchone()[0]:
            problems.append(PROBLEM_CREATE.format(role=role))
        cursor.execute("SELECT to_regclass(%s)", [f"public.{rls.KEY_TABLE}"])
        if cursor.fetchone()[0] is not None:
            cursor.execute(
                "SELECT has_table_privilege(current_user, %s, 'SELECT')", [f"public.{rls.KEY_TABLE}"]
            )
            if cursor.fetchone()[0] and not superuser and not owned:
                problems.append(PROBLEM_KEY_READ.format(role=role))
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
        unforced = sorted((existing & set(rls.protected_tables())) - set(forced_tables(cursor)))
        if unforced:
            problems.append(PROBLEM_NOT_FORCED.format(tables=", ".join(unforced[:5])))
    if rls.current_context(app_connection) == "":
        problems.append(PROBLEM_NO_KEY)
    return problems


@contextmanager
def as_owner() -> Iterator[None]:
    """The default connection signs in as DATABASE_OWNER_URL's role for the block (migrations and
    their data steps, which use the default connection), then as the application role again."""
    default = connections["default"]
    if OWNER_ALIAS not in connections.settings:
        yield
        return
    owner = connections[OWNER_ALIAS].settings_dict
    saved = dict(default.settings_dict)
    default.close()
    default.settings_dict.update(
        {k: owner[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")}
    )
    try:
        yield
    finally:
        default.close()
        default.settings_dict.clear()
        default.settings_dict.update(saved)
