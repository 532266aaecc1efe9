"""Row-level security on the caseload refresh jobs (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_protection_work_row_level_security"),
        ("protection", "0004_caseload_refresh"),
    ]

    operations = [rls.policy_operation(("protection_caseloadrefresh",))]
