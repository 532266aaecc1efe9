"""Shortened-name search keys (a given-name syllable left out) for every person already registered."""

from django.db import migrations

from safepassage.core.keys import keyring
from safepassage.registry.search_keys import SHORTENED, search_key_values, searched_names_and_numbers

BATCH = 2000


def index_existing_persons(apps, schema_editor):
    """The shortened-name keys of every registered person, a batch at a time (a rerun adds none twice)."""
    Person = apps.get_model("registry", "Person")
    NameForm = apps.get_model("registry", "NameForm")
    IdentityDocument = apps.get_model("registry", "IdentityDocument")
    ServiceRecord = apps.get_model("registry", "ServiceRecord")
    LinkageKey = apps.get_model("registry", "LinkageKey")
    if not Person.objects.exists():
        return
    ring, last = keyring(), None
    while True:
        page = Person.objects.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        ids = list(page.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        last = ids[-1]
        names, numbers = searched_names_and_numbers(NameForm, IdentityDocument, ServiceRecord, ids, ring)
        rows = [
            LinkageKey(person_id=pk, kind=kind, value=value)
            for pk in ids
            for kind, value in search_key_values(ring, names.get(pk, []), numbers.get(pk, []))
            if kind == SHORTENED
        ]
        LinkageKey.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)


def drop_shortened_keys(apps, schema_editor):
    apps.get_model("registry", "LinkageKey").objects.filter(kind=SHORTENED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_person_merged_into"),
    ]

    operations = [
        migrations.RunPython(index_existing_persons, drop_shortened_keys),
    ]
