"""Row-level security on the work list's index and the notification records (core.rls); nothing on SQLite."""

from django.db import migrations

from safepassage.core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_interview_index_rls"),
        ("protection", "0003_work_items"),
    ]

    operations = [rls.policy_operation(("protection_workitem", "protection_notification"))]
