"""Legal engine version 2 answers differently: record a caseload refresh that re-assesses every
stored determination (`safepassage determinations refresh --resume` carries it out)."""

from django.db import migrations

from safepassage.core.rls import SYSTEM, database_context


def record_refresh(apps, schema_editor):
    determination = apps.get_model("protection", "Determination")
    refresh = apps.get_model("protection", "CaseloadRefresh")
    with database_context(SYSTEM):
        total = determination.objects.values("person").distinct().count()
        if total:
            # No position asked for it: the engine did (protection.refresh takes it like any job).
            refresh.objects.create(total=total)


def remove_refresh(apps, schema_editor):
    refresh = apps.get_model("protection", "CaseloadRefresh")
    with database_context(SYSTEM):
        refresh.objects.filter(position__isnull=True, requested_by__isnull=True, done=0,
                               finished_at__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('protection', '0007_seal_workitem_uid'),
    ]

    operations = [migrations.RunPython(record_refresh, remove_refresh)]
