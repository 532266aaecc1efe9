"""`backup` then `restore` into a fresh home: same rows, audit chain and checkpoints intact, no leaks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..homes import Home, home_env, postgres_database

# Each test runs the real command several times in fresh homes: minutes, not seconds.
pytestmark = pytest.mark.slow

COUNT = (
    "from safepassage.registry.models import Person, NameForm; "
    "from safepassage.audit.models import AuditEvent; "
    "print(Person.objects.count(), NameForm.objects.count(), AuditEvent.objects.count())"
)


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Home]:
    """An empty home (with its own database) to restore into."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        yield Home(tmp_path / "b", home_env(tmp_path / "b", ""))
        return
    for database_url in postgres_database(url):
        yield Home(tmp_path / "b", home_env(tmp_path / "b", database_url))


def test_a_backup_restores_into_a_fresh_home_with_the_same_rows_and_an_intact_audit_trail(
    demo_home: Home, target: Home, tmp_path: Path
) -> None:
    source = demo_home
    source.run("audit", "checkpoint")
    keys = source.run("handover", "keys", "--name", "Source (fictional)").stdout
    backup = tmp_path / "sp.backup"
    made = source.run("backup", "--out", str(backup))
    assert "Backup written" in made.stdout
    raw = backup.read_bytes()
    for secret in ("리명학".encode(), "Ри Мён Хак".encode(), b"BEGIN PRIVATE KEY", b"secret_key"):
        assert secret not in raw
    target.env["SAFEPASSAGE_KEK_FILE"] = str(source.path / "keys" / "kek")
    restored = target.run("restore", str(backup))
    assert "Restore verified" in restored.stdout and "1 checkpoints intact" in restored.stdout
    assert not (target.path / "keys" / "kek").exists()
    # The handover identity travels wrapped, and opens with the same KEK after the restore.
    fingerprint = keys.splitlines()[-1]
    assert fingerprint.startswith("Fingerprint:") and fingerprint in target.run("handover", "keys").stdout
    counts = [h.run("shell", "-v", "0", "-c", COUNT).stdout.split() for h in (source, target)]
    assert counts[0] == counts[1] and int(counts[0][0]) == 50
    assert "Audit chain intact" in target.run("audit", "verify").stdout


def test_a_restore_refuses_a_wrong_kek_a_cut_file_and_a_home_in_use(
    initialised_home: Home, target: Home, tmp_path: Path
) -> None:
    source = initialised_home
    backup = tmp_path / "sp.backup"
    source.run("backup", "--out", str(backup))
    wrong = tmp_path / "wrong-kek"
    wrong.write_text("A" * 43 + "=")
    target.env["SAFEPASSAGE_KEK_FILE"] = str(wrong)
    refused = target.run("restore", str(backup), check=False)
    assert 1 == refused.returncode and "does not open" in refused.stderr
    target.env["SAFEPASSAGE_KEK_FILE"] = str(source.path / "keys" / "kek")
    cut = tmp_path / "cut.backup"
    cut.write_bytes(backup.read_bytes()[:-20])
    damaged = target.run("restore", str(cut), check=False)
    assert 1 == damaged.returncode and "damaged, truncated" in damaged.stderr
    in_use = source.run("restore", str(backup), check=False)
    assert 1 == in_use.returncode and "is not empty" in in_use.stderr
    again = source.run("backup", "--out", str(backup), check=False)
    assert again.returncode != 0 and "never overwrites" in again.stderr


def test_backup_and_restore_with_progress_draw_on_stderr_and_print_the_same_stdout(
    initialised_home: Home, target: Home, tmp_path: Path
) -> None:
    source = initialised_home
    quiet = source.run("backup", "--out", str(tmp_path / "quiet.backup"))
    drawn = source.run("backup", "--out", str(tmp_path / "drawn.backup"), "--progress")
    assert "" == quiet.stderr
    assert "encrypting" in drawn.stderr and "100%" in drawn.stderr
    assert quiet.stdout.replace("quiet.backup", "drawn.backup") == drawn.stdout
    target.env["SAFEPASSAGE_KEK_FILE"] = str(source.path / "keys" / "kek")
    restored = target.run("restore", "--progress", str(tmp_path / "drawn.backup"))
    assert "decrypting" in restored.stderr and "restoring the database" in restored.stderr
    assert "Restore verified" in restored.stdout and "%|" not in restored.stdout
    assert 2 == target.run("restore", "--progress", "--no-progress", "x", check=False).returncode
