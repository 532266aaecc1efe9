"""`backup_create`: a consistent snapshot of the database and home keys, encrypted under the KEK."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from safepassage.core import rls
from safepassage.core.keys import keyring
from safepassage.crypto.kek import resolve_kek
from safepassage.crypto.stream import encrypt_stream
from safepassage.ops.backup.archive import (
    DB_MEMBERS,
    FORMAT,
    HOME_FILES,
    OPTIONAL_HOME_FILES,
    add_bytes,
    header_for,
)
from safepassage.progress import SILENT, CountingReader, Progress

DUMP_SECONDS = 3600
ERR_EXISTS = "{path} already exists: a backup never overwrites a file."
ERR_PLAIN = "The field keyring is not wrapped: run `safepassage keys wrap` before taking backups."


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy})


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        # Table names come from our own models' metadata, never from input; quoted all the same.
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _audit_head(cursor: Any) -> dict[str, Any]:
    cursor.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1")
    row = cursor.fetchone()
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": "0" * 64}


def _sqlite_snapshot(work: Path) -> tuple[Path, dict[str, int], dict[str, Any]]:
    """SQLite's online backup API: a consistent copy while other processes keep writing."""
    copy = work / "db.sqlite3"
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
        cursor = target.cursor()
        return copy, _counts(cursor, _tables()), _audit_head(cursor)
    finally:
        target.close()
        source.close()


def _postgres_snapshot(work: Path) -> tuple[Path, dict[str, int], dict[str, Any]]:
    """One exported snapshot: the counts and pg_dump see exactly the same committed rows."""
    dump = work / "db.pgdump"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, head = _counts(cursor, _tables()), _audit_head(cursor)
        command = [
            "pg_dump",
            "--format=custom",
            f"--snapshot={snapshot}",
            # The application role is subject to row-level security (core.rls): it dumps every row
            # in the `system` context, where pg_dump's default (security off) would refuse.
            "--enable-row-security",
            # The context key is the owner's alone (and the keyring in the backup carries its root).
            f"--exclude-table=public.{rls.KEY_TABLE}",
            "-f",
            str(dump),
            settings.DATABASE_URL,
        ]
        # pg_dump's backend is not known in advance: a token for any backend, for the dump's time
        # only, handed over in pg_dump's own environment.
        token = rls.make_token(rls.SYSTEM, pid=0, started=0, seconds=DUMP_SECONDS)
        options = f"{os.environ.get('PGOPTIONS', '')} -c {rls.SETTING}={token}".strip()
        env = {**os.environ, "PGOPTIONS": options}
        subprocess.run(command, check=True, capture_output=True, timeout=DUMP_SECONDS, env=env)  # noqa: S603
    return dump, counts, head


def backup_create(out: Path, progress: Progress = SILENT) -> dict[str, Any]:
    """Write an encrypted backup to `out`; returns its manifest (counts and audit head)."""
    ring = keyring()
    if not ring.kek_spec:
        raise ValueError(ERR_PLAIN)
    kek = resolve_kek(ring.kek_spec, Path(settings.FIELD_KEYS_PATH))
    vendor = connection.vendor
    home = Path(settings.SAFEPASSAGE_HOME)
    with tempfile.TemporaryDirectory(dir=home) as tmp:
        work = Path(tmp)
        snapshot = _postgres_snapshot if vendor == "postgresql" else _sqlite_snapshot
        progress.stage("snapshot of the database", total=1, unit="step")
        database, counts, head = snapshot(work)
        progress.advance()
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created_at": datetime.now(UTC).isoformat(),
            "kek": {k: v for k, v in ring.kek_spec.items()},
            "counts": counts,
            "audit_head": head,
        }
        plain = work / "backup.tar"
        progress.stage("archiving", total=1, unit="step")
        with tarfile.open(plain, "w") as tar:
            add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
            tar.add(database, arcname=DB_MEMBERS[vendor])
            for name in HOME_FILES:
                path = Path(settings.FIELD_KEYS_PATH) if name.endswith("field-keys.json") else home / name
                add_bytes(tar, f"home/{name}", path.read_bytes())
            # The handover identity, when this installation has made one (docs/handover.md).
            identity = Path(settings.HANDOVER_IDENTITY_PATH)
            for name in OPTIONAL_HOME_FILES:
                if identity.exists() and name.endswith(identity.name):
                    add_bytes(tar, f"home/{name}", identity.read_bytes())
        progress.advance()
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise ValueError(ERR_EXISTS.format(path=out)) from None
        progress.stage("encrypting", total=plain.stat().st_size, unit="B")
        with os.fdopen(fd, "wb") as dst, plain.open("rb") as src:
            encrypt_stream(CountingReader(src, progress), dst, kek, header_for(manifest))  # type: ignore[arg-type]
        progress.close()
    return manifest


def restored_matches(manifest: dict[str, Any]) -> list[str]:
    """After a restore: every table's count and the audit head equal what the backup recorded."""
    known = set(_tables())
    problems = [f"{t}: not a table of this version" for t in manifest["counts"] if t not in known]
    with connection.cursor() as cursor:
        counts = _counts(cursor, sorted(known & set(manifest["counts"])))
        head = _audit_head(cursor)
    for table, expected in manifest["counts"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows, the backup recorded {expected}")
    if head != manifest["audit_head"]:
        problems.append("the audit head differs from the one recorded in the backup")
    return problems
