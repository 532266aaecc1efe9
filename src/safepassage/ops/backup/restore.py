"""Restoring a backup archive into an empty home (runs before Django starts)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from safepassage.crypto.kek import KekError, resolve_kek
from safepassage.crypto.stream import StreamError, decrypt_stream, read_header
from safepassage.home import FIELD_KEYS_FILE
from safepassage.ops.backup.archive import DB_MEMBERS, HOME_FILES, OPTIONAL_HOME_FILES, SQLITE_NAME
from safepassage.progress import SILENT, CountingReader, Progress

ERR_NOT_EMPTY = "{what} is not empty: restore only into a new home and an empty database."
ERR_MEMBER = "The backup holds an unexpected entry {name!r}: refusing to restore it."
ERR_VENDOR = "The backup is of a {backup} database, and this home is configured for {target}."


class RestoreError(Exception):
    """The backup cannot be restored here."""


def _postgres_is_empty(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return bool(row and row[0] == 0)


def _decrypt_to(archive: Path, work: Path, home: Path, progress: Progress) -> tuple[dict[str, Any], Path]:
    progress.stage("decrypting", total=archive.stat().st_size, unit="B")
    with archive.open("rb") as raw:
        src: Any = CountingReader(raw, progress)
        raw_header = read_header(src)
        header = json.loads(raw_header)
        kek = resolve_kek(header["kek"], home / FIELD_KEYS_FILE)
        plain = work / "backup.tar"
        fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in decrypt_stream(src, kek, raw_header):
                out.write(chunk)
    return header, plain


def _members(plain: Path, work: Path) -> dict[str, Path]:
    """Extract by name, never by the archive's paths: a hostile entry cannot escape `work`."""
    allowed = {
        "manifest.json",
        *DB_MEMBERS.values(),
        *(f"home/{f}" for f in (*HOME_FILES, *OPTIONAL_HOME_FILES)),
    }
    found: dict[str, Path] = {}
    with tarfile.open(plain) as tar:
        for member in tar.getmembers():
            if member.name not in allowed or not member.isfile():
                raise RestoreError(ERR_MEMBER.format(name=member.name))
            target = work / f"m{len(found)}"
            with tar.extractfile(member) as data, target.open("wb") as out:  # type: ignore[union-attr]
                shutil.copyfileobj(data, out)
            found[member.name] = target
    return found


def restore_archive(
    archive: Path, home: Path, database_url: str, progress: Progress = SILENT
) -> dict[str, Any]:
    """Put the database and home files of `archive` into the empty `home`; return its manifest."""
    vendor = "postgresql" if database_url else "sqlite"
    if (home / FIELD_KEYS_FILE).exists() or (home / SQLITE_NAME).exists():
        raise RestoreError(ERR_NOT_EMPTY.format(what=home))
    if database_url and not _postgres_is_empty(database_url):
        raise RestoreError(ERR_NOT_EMPTY.format(what="The PostgreSQL database"))
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=home) as tmp:
        work = Path(tmp)
        try:
            header, plain = _decrypt_to(archive, work, home, progress)
        except (KekError, StreamError) as exc:
            raise RestoreError(str(exc)) from exc
        if header["vendor"] != vendor:
            raise RestoreError(ERR_VENDOR.format(backup=header["vendor"], target=vendor))
        progress.stage("extracting", total=1, unit="step")
        members = _members(plain, work)
        progress.advance()
        manifest = json.loads(members["manifest.json"].read_text(encoding="utf-8"))
        database = members[DB_MEMBERS[vendor]]
        progress.stage("restoring the database", total=1, unit="step")
        if vendor == "postgresql":
            command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction"]
            command += ["--exit-on-error", "-d", database_url, str(database)]
            subprocess.run(command, check=True, capture_output=True, timeout=3600)  # noqa: S603
        for name in (*HOME_FILES, *(f for f in OPTIONAL_HOME_FILES if f"home/{f}" in members)):
            target = home / name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(members[f"home/{name}"].read_bytes())
        if vendor == "sqlite":
            os.replace(database, home / SQLITE_NAME)
            os.chmod(home / SQLITE_NAME, 0o600)
        progress.advance()
        progress.close()
    return dict(manifest)
