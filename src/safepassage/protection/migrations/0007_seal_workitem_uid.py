"""Every work item now has the key its sealed values are bound to: required and unique."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("protection", "0006_seal_protection_rows")]

    operations = [
        migrations.AlterField(
            model_name="workitem",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
