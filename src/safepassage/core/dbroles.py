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


def apply_to(owner_connection: Any, app_role: str, *, create: bool = False, password: str = "") -> RoleReport:
    """As the owner: create the app role if asked, (re)apply the policies, grant the app role its rights."""
    if owner_connection.vendor != "postgresql":
        raise RoleSetupError(ERR_NOT_POSTGRES.format(engine=owner_connection.settings_dict["ENGINE"]))
    owner = owner_connection.settings_dict["USER"]
    with owner_connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        if app_role == owner:
            raise RoleSetupError(ERR_SAME_ROLE.format(role=app_role))
        flags = _role_flags(cursor, app_role)
        if flags is None and create:
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
        for statement in rls.policy_statements(existing) + rls.grant_statements(app_role, existing=existing):
            cursor.execute(statement)
        cursor.execute("SELECT count(*) FROM pg_policies WHERE policyname = %s", [rls.POLICY_NAME])
        policies = cursor.fetchone()[0]
        return RoleReport(owner, app_role, 0, len(forced_tables(cursor)), policies)


def setup_roles(*, create: bool = False, password: str = "") -> RoleReport:
    """With DATABASE_OWNER_URL and DATABASE_URL set: the owner grants the application role its rights."""
    if OWNER_ALIAS not in connections.settings:
        raise RoleSetupError(ERR_NO_OWNER)
    app_role = connections["default"].settings_dict["USER"]
    return apply_to(connections[OWNER_ALIAS], app_role, create=create, password=password)


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
