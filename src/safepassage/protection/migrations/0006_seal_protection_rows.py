"""Seal the protection values stored in the clear: in batches, resumable (safepassage.core.sealing)."""

from django.db import migrations

from safepassage.core.keys import keyring
from safepassage.core.sealing import seal_rows, unseal_rows
from safepassage.protection.work import LANES

SEALED = {
    "Interview": ["wish", "wish_destination", "verified_private"],
    "RiskAssessment": ["destination", "risk_kinds", "conclusion"],
    "Application": ["procedure", "kind", "status"],
    "CaseFacts": ["renounced_military_activity"],
}
WORK = ["code", "task", "procedure", "permission", "citation"]


def _lane(key, values):
    return {"lane": LANES[values["permission"]]} if "permission" in values else {}


def seal(apps, schema_editor):
    for name, fields in SEALED.items():
        seal_rows(apps.get_model("protection", name), fields, keyring)
    seal_rows(apps.get_model("protection", "WorkItem"), WORK, keyring, key="uid", also_set=_lane)


def unseal(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, fields in SEALED.items():
        unseal_rows(apps.get_model("protection", name), fields, keyring, vendor)
    unseal_rows(apps.get_model("protection", "WorkItem"), WORK, keyring, vendor, key="uid")


class Migration(migrations.Migration):
    # One transaction per batch, so a run cut short keeps what it sealed and resumes from there.
    atomic = False

    dependencies = [("protection", "0005_seal_protection_fields")]

    operations = [migrations.RunPython(seal, unseal)]
