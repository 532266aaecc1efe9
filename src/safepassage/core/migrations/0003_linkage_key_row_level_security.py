"""Row-level security on the registry's blind-indexed blocking keys (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_dashboard_row_level_security"),
        ("registry", "0003_linkage_keys"),
    ]

    operations = [rls.policy_operation(("registry_linkagekey",))]
