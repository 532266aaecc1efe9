"""`keys rotate`: a new active key, every sealed value re-encrypted, searches unchanged, resumable."""

from __future__ import annotations

import base64
import json
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safepassage.audit.verify import verify_chain
from safepassage.core.keys import keyring
from safepassage.crypto.kek import resolve_kek
from safepassage.crypto.keyring import write_keyring
from safepassage.ops.rotation import _reseal_batch, key_usage, rotate, sealed_fields
from safepassage.registry import selectors
from safepassage.registry.models import IdentityDocument, NameForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_keyring(settings: Any, tmp_path: Path) -> Path:
    """A copy of the test home's keys, so rotating them here leaves other tests' keyring alone."""
    keys = tmp_path / "keys"
    shutil.copytree(Path(settings.FIELD_KEYS_PATH).parent, keys)
    settings.FIELD_KEYS_PATH = keys / "field-keys.json"
    return settings.FIELD_KEYS_PATH


def plaintexts() -> list[str]:
    names = sorted(n.text for n in NameForm.objects.all())
    return names + sorted(d.number for d in IdentityDocument.objects.all())


def test_rotation_re_encrypts_every_value_and_searches_still_find_them(
    private_keyring: Path, person: Any, users: Any
) -> None:
    before_text, before_usage = plaintexts(), key_usage()
    assert {"k1"} == set(before_usage)
    active, changed = rotate(batch=2)
    assert "k2" == active and changed > 0
    assert {"k2": sum(before_usage.values())} == dict(key_usage())
    assert before_text == plaintexts()
    found = selectors.person_search(user=users["lev"], filters=selectors.PersonFilters(q="김철남"))
    assert [person.pk] == [p.pk for p in found]
    assert ["k1", "k2"] == sorted(keyring().keys)
    assert verify_chain().ok


def test_a_rotation_cut_short_is_finished_by_running_it_again_without_a_third_key(
    private_keyring: Path, person: Any
) -> None:
    ring = keyring()
    newer = ring.with_new_active_key()
    kek = resolve_kek(ring.kek_spec, private_keyring)
    write_keyring(private_keyring, newer.to_document(kek, {"kdf": "none"}))
    model, fields = next((m, f) for m, f in sealed_fields() if m is NameForm)
    first_pk = model.objects.order_by("pk").values_list("pk", flat=True)[0]
    assert 1 == _reseal_batch(model, fields, [first_pk], keyring())
    assert {"k1", "k2"} == set(key_usage())
    active, _ = rotate()
    assert ("k2", {"k2"}) == (active, set(key_usage()))
    assert ["k1", "k2"] == sorted(keyring().keys)


def test_the_keys_command_reports_rotates_and_refuses_an_unwrapped_ring(
    private_keyring: Path, person: Any
) -> None:
    out = StringIO()
    call_command("keys", "status", stdout=out)
    assert "Active key k1" in out.getvalue() and "wrapped by a key-encryption key" in out.getvalue()
    call_command("keys", "rotate", stdout=out)
    assert "Active key is now k2" in out.getvalue()
    ring = keyring()
    plain = {
        "format": 1,
        "active": ring.active,
        "keys": {k: base64.b64encode(v).decode() for k, v in ring.keys.items()},
        "index_key": base64.b64encode(ring.index_key).decode(),
    }
    private_keyring.write_text(json.dumps(plain))
    with pytest.raises(CommandError, match="keys wrap"):
        call_command("keys", "rotate")
    before = plaintexts()
    call_command("keys", "wrap", stdout=out)
    assert 2 == json.loads(private_keyring.read_text())["format"]
    assert before == plaintexts()


def test_rotate_with_progress_draws_on_stderr_and_prints_the_same_line_on_stdout(
    private_keyring: Path, person: Any
) -> None:
    quiet_out, quiet_err = StringIO(), StringIO()
    call_command("keys", "rotate", stdout=quiet_out, stderr=quiet_err)
    out, err = StringIO(), StringIO()
    call_command("keys", "rotate", "--progress", stdout=out, stderr=err)
    # Without --progress, a stderr that is not a terminal gets no bar.
    assert "" == quiet_err.getvalue()
    assert "re-encrypting" in err.getvalue() and "100%" in err.getvalue()
    rows = quiet_out.getvalue().split(";")[1]
    assert f"Active key is now k3;{rows}" == out.getvalue()
    silenced = StringIO()
    call_command("keys", "rotate", "--no-progress", stdout=StringIO(), stderr=silenced)
    assert "" == silenced.getvalue()


def test_rotation_reseals_the_protection_columns_work_items_and_birth_dates(
    private_keyring: Path, person: Any, users: Any
) -> None:
    from datetime import date

    from django.db import connection

    from safepassage.protection import services as protection
    from safepassage.protection.models import Application, WorkItem
    from safepassage.registry.models import Person

    protection.application_open(
        actor=users["lev"], person=person, procedure="kr_nkra", kind="protection", filed_on=date(2025, 12, 1)
    )
    person.birth_date = date(1999, 4, 7)
    person.save()
    tasks = sorted(w.task for w in WorkItem.objects.all())
    active, _ = rotate()
    columns = [
        ("protection_application", "procedure"),
        ("protection_workitem", "task"),
        ("registry_person", "birth_date"),
    ]
    with connection.cursor() as cursor:
        for table, column in columns:
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
            assert {str(v).split(":")[1] for (v,) in cursor.fetchall()} == {active}, (table, column)
    assert "kr_nkra" == Application.objects.get(person=person).procedure
    assert tasks == sorted(w.task for w in WorkItem.objects.all())
    assert date(1999, 4, 7) == Person.objects.get(pk=person.pk).birth_date
