"""Every work-list item is due some day (protection/standards.py): the rows written before that, the
engine's actions, the approvals waiting for a second officer and the application steps whose
procedure sets no date, get their date here, from the same service standards the services use now.

An action runs from the date of the person's newest determination, an approval from its
submission (the row's `rank`), a step from its application's filing date (the row's `rank` too:
the next change of the application writes its row again from the step's own starting date).
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

from safepassage.core.rls import SYSTEM, database_context
from safepassage.protection import standards


def fill_due(apps, schema_editor):
    WorkItem = apps.get_model("protection", "WorkItem")
    Determination = apps.get_model("protection", "Determination")
    # A historical model has no custom attributes: its sealed values are bound to `uid`, as the model's.
    WorkItem.sealed_row_key = "uid"
    with database_context(SYSTEM):
        newest = {}
        for item in WorkItem.objects.filter(due__isnull=True).iterator(chunk_size=500):
            if item.source == "action":
                if item.person_id not in newest:
                    last = Determination.objects.filter(person_id=item.person_id).order_by("recorded_at").last()
                    newest[item.person_id] = (
                        timezone.localtime(last.recorded_at).date() if last else timezone.localdate()
                    )
                item.due = standards.action_due(item.task, newest[item.person_id])
            elif item.source == "approval":
                item.due = standards.approval_due(date.fromisoformat(item.rank[:10]))
            else:
                item.code = "standard"
                item.due = standards.step_due(date.fromisoformat(item.rank[:10]))
            item.sort_due = item.due
            item.save(update_fields=["code", "due", "sort_due"])


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0010_workitem_by_person_and_approval_authority"),
    ]

    operations = [
        migrations.RunPython(fill_due, migrations.RunPython.noop),
    ]
