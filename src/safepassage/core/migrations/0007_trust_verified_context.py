"""Row-level security trusts only a context the database verifies (core.rls), and covers the session,
user, group and sign-in tables; the owner's database gets its context key when the keyring is at hand."""

import logging

from django.db import migrations

from safepassage.core import rls

logger = logging.getLogger(__name__)
NEW_TABLES = (*rls.ACCOUNT_POLICY, rls.SESSION_TABLE)


def _legacy_statements(existing):
    # The policies of before: a plain setting keyed the context (kept for the reverse only).
    statements = []
    for table, roles in rls.ROW_POLICY.items():
        if table not in existing:
            continue
        allowed = ", ".join(rls.sql_quote(c) for c in rls.contexts_of(roles))
        condition = f"current_setting('{rls.LEGACY_SETTING}', true) = ANY (ARRAY[{allowed}])"
        statements += [
            *(f"DROP POLICY IF EXISTS {name} ON {table}" for name in rls.POLICY_NAMES),
            f"CREATE POLICY {rls.POLICY_NAME} ON {table} USING ({condition}) WITH CHECK ({condition})",
        ]
    return statements


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    for statement in rls.policy_statements(existing):
        schema_editor.execute(statement, params=None)
    try:
        from safepassage.core.keys import keyring

        key = keyring().database_context_key()
    except Exception as exc:  # noqa: BLE001 (no keyring at hand: `init` / `db roles` installs the key)
        logger.warning("Context key not installed by the migration: %s", exc)
        return
    with connection.cursor() as cursor:
        rls.install_key(cursor, key)
    # The rest of this migration run (later data steps) needs a verified context of its own.
    connection._safepassage_backend = None
    try:
        rls.establish(connection, rls.default_context())
    except Exception as exc:  # noqa: BLE001
        logger.warning("No database context after installing the verifier: %s", exc)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    for statement in rls.drop_statements([t for t in NEW_TABLES if t in existing]) + _legacy_statements(
        existing
    ):
        schema_editor.execute(statement, params=None)
    for statement in rls.FUNCTION_DROPS:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_caseload_refresh_rls"),
        ("audit", "0004_keyed_chain_epoch"),
        ("accounts", "0002_preference"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("sessions", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
