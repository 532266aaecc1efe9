"""Our own deployment checks (safepassage.E0xx/W0xx) for what Django's `check --deploy` misses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections

from safepassage.core.db.triggers import APPEND_ONLY_TABLES

NO_STORE = "safepassage.core.middleware.NoStoreMiddleware"
CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"
HINT_GUARD = "Someone with owner rights dropped them: run `safepassage audit verify`, then `audit guard`."
HINT_ROLES = "See the operator guide, PostgreSQL roles; `safepassage db roles` names each fix."
REQUIRED_CSP = ("default-src", "script-src", "object-src", "frame-ancestors", "base-uri")


def _production() -> bool:
    return bool(settings.SAFEPASSAGE_ENV == "production")


@register(Tags.security, deploy=True)
def check_cookies_are_host_bound(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not _production():
        return []
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    if all(n.startswith("__Host-") for n in names) and settings.SESSION_COOKIE_SECURE:
        return []
    return [
        Error(
            "In production the session and CSRF cookies must be Secure and named with the __Host- prefix.",
            hint="Remove SAFEPASSAGE_SECURE_COOKIES=false; serve the application over HTTPS only.",
            id="safepassage.E006",
        )
    ]


@register(Tags.security, deploy=True)
def check_content_security_policy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    csp = getattr(settings, "SECURE_CSP", {}) or {}
    missing = [d for d in REQUIRED_CSP if d not in csp]
    unsafe = [d for d, values in csp.items() if d != "style-src" and any("unsafe" in str(v) for v in values)]
    if CSP_MIDDLEWARE in settings.MIDDLEWARE and not missing and not unsafe:
        return []
    return [
        Error(
            f"The Content-Security-Policy is incomplete (missing {missing or 'none'}, "
            f"unsafe {unsafe or 'none'}) or its middleware is not installed.",
            id="safepassage.E007",
        )
    ]


@register(Tags.security)
def check_no_store_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if NO_STORE in settings.MIDDLEWARE:
        return []
    return [
        Error(
            "Pages with personal data would be cacheable: NoStoreMiddleware is not installed.",
            id="safepassage.E008",
        )
    ]


@register(Tags.security, deploy=True)
def check_kek_kept_apart(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The field keys are wrapped; a KEK lying beside them in the same directory protects little."""
    path = Path(settings.FIELD_KEYS_PATH)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # E001 reports an unreadable keyring.
    if document.get("format", 1) == 1:
        return [
            Warning(
                "The field keyring is not wrapped by a key-encryption key.",
                hint="Run `safepassage keys wrap` with SAFEPASSAGE_KEK_FILE pointing outside the data home.",
                id="safepassage.W002",
            )
        ]
    if _production() and (path.parent / "kek").exists():
        return [
            Warning(
                f"The key-encryption key lies beside the keyring in {path.parent}.",
                hint="Move it off this disk (a secrets mount) and set SAFEPASSAGE_KEK_FILE to it.",
                id="safepassage.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_session_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SAFEPASSAGE_IDLE_SECONDS <= 30 * 60 and settings.SESSION_COOKIE_AGE <= 12 * 3600:
        return []
    return [
        Warning(
            "Sessions outlive 30 idle minutes or 12 hours in all.",
            hint="Lower SAFEPASSAGE_IDLE_SECONDS and SAFEPASSAGE_SESSION_SECONDS.",
            id="safepassage.W004",
        )
    ]


@register(Tags.security, deploy=True)
def check_https_is_enforced(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if (
        not _production()
        or settings.SECURE_SSL_REDIRECT
        or getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    ):
        return []
    return [
        Warning(
            "Neither Django nor a declared TLS proxy makes sure requests arrive over HTTPS.",
            hint="Set SAFEPASSAGE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https behind a proxy.",
            id="safepassage.W005",
        )
    ]


@register(Tags.database)
def check_audit_triggers(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Run by `check --database default`: the append-only triggers are really in the database."""
    errors: list[CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            for table in APPEND_ONLY_TABLES:
                if table not in tables:
                    continue
                if connection.vendor == "sqlite":
                    cursor.execute(
                        "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name=%s", [table]
                    )
                else:
                    cursor.execute(
                        "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                        [table],
                    )
                if cursor.fetchone()[0] < 2:
                    errors.append(
                        Error(
                            f"The append-only triggers on {table} are missing in database {alias!r}.",
                            hint=HINT_GUARD,
                            id="safepassage.E009",
                        )
                    )
    return errors


@register(Tags.security, deploy=True)
def check_database_roles(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """On PostgreSQL: the application role is not the owner, a superuser, a table owner, a bypasser."""
    from django.db import DatabaseError

    from safepassage.ops.dbroles import OWNER_ALIAS, role_problems

    connection = connections["default"]
    if connection.vendor != "postgresql":
        return []
    owner = settings.DATABASES.get(OWNER_ALIAS, {}).get("USER") if OWNER_ALIAS in settings.DATABASES else None
    messages: list[CheckMessage] = []
    if owner is None:
        messages.append(
            Warning(
                "DATABASE_OWNER_URL is not set: the application connects as the role that owns the tables, "
                "which could drop the row-level security policies and the audit triggers.",
                hint="Create an owner and an application role as the operator guide says (`db roles`).",
                id="safepassage.W010",
            )
        )
    try:
        problems = role_problems(connection, owner)
    except DatabaseError as exc:
        return [*messages, Warning(f"The database roles could not be checked: {exc}", id="safepassage.W011")]
    messages += [
        Warning(f"Unsafe database role setup: {problem}.", hint=HINT_ROLES, id="safepassage.W011")
        for problem in problems
    ]
    return messages
