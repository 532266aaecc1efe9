"""Legal engine 2 facts the records now hold: case facts, onward removal, record warnings, and the
engine version an upgrade's caseload refresh brings determinations to."""

from django.db import migrations, models

import safepassage.core.fields


class Migration(migrations.Migration):

    dependencies = [
        ('protection', '0008_engine_v2_refresh'),
        ('registry', '0007_custody_icrc_access'),
    ]

    operations = [
        migrations.AddField(
            model_name='casefacts',
            name='claims_pow_status',
            field=models.BooleanField(blank=True, null=True, verbose_name='he, or the Party he depends on, claims POW status for him'),
        ),
        migrations.AddField(
            model_name='casefacts',
            name='convicted_serving_sentence',
            field=models.BooleanField(blank=True, null=True, verbose_name='convicted and serving a sentence'),
        ),
        migrations.AddField(
            model_name='casefacts',
            name='grave_breach_suspect',
            field=models.BooleanField(blank=True, null=True, verbose_name='suspected of a grave breach (GC III Art. 130, AP I Art. 85)'),
        ),
        migrations.AddField(
            model_name='casefacts',
            name='rejoined_own_forces',
            field=models.BooleanField(blank=True, null=True, verbose_name='rejoined his own forces after the espionage, before capture'),
        ),
        migrations.AddField(
            model_name='caseloadrefresh',
            name='engine_version',
            field=models.CharField(blank=True, default='', max_length=40),
        ),
        migrations.AddField(
            model_name='determination',
            name='record_warnings',
            field=safepassage.core.fields.EncryptedTextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='stateposition',
            name='onward_removal_risk',
            field=models.BooleanField(blank=True, null=True, verbose_name='may send him on to a state where he is at risk'),
        ),
        migrations.AddField(
            model_name='stateposition',
            name='unverified',
            field=models.BooleanField(default=False, verbose_name='reported, but not confirmed in a primary or reputable source'),
        ),
    ]
