"""ICRC access granted or refused, with its date, on a custody event (the engine's icrc_access)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_search_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='custodyevent',
            name='icrc_access',
            field=models.CharField(blank=True, choices=[('granted', 'Granted: the ICRC could visit him'), ('refused', 'Refused: the ICRC was not let in')], default='', max_length=8, verbose_name='ICRC access'),
        ),
        migrations.AddField(
            model_name='custodyevent',
            name='icrc_access_on',
            field=models.DateField(blank=True, null=True, verbose_name='ICRC access granted or refused on'),
        ),
    ]
