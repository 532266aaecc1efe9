"""The work list sorted by person (an index), and the authority on the rows of assessments waiting
for a second officer (protection.work.APPROVAL_AUTHORITY), which earlier rows were written without."""

from django.db import migrations, models

from safepassage.core.rls import SYSTEM, database_context
from safepassage.protection.work import APPROVAL_AUTHORITY


def fill_authority(apps, schema_editor):
    WorkItem = apps.get_model("protection", "WorkItem")
    # A historical model has no custom attributes: its sealed values are bound to `uid`, as the model's.
    WorkItem.sealed_row_key = "uid"
    with database_context(SYSTEM):
        for item in WorkItem.objects.filter(source="approval").iterator(chunk_size=500):
            if not item.citation:
                item.citation = APPROVAL_AUTHORITY
                item.save(update_fields=["citation"])


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0009_law_v2_facts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="workitem",
            index=models.Index(
                fields=["case_number", "sort_due", "source", "rank", "id"], name="workitem_by_person"
            ),
        ),
        migrations.RunPython(fill_authority, migrations.RunPython.noop),
    ]
