"""Django's SQLite backend: the flush keeps the audit tables append-only; files readable by owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3.operations import DatabaseOperations as _Operations

from safepassage.core.db.flush import GuardedFlushMixin

# The database file and its companions. SQLite gives the WAL, shared-memory and journal files the
# database file's own mode, so a 0600 database keeps them 0600 too; older files are narrowed.
PRIVATE = 0o600
COMPANIONS = ("-wal", "-shm", "-journal")


def _on_disk(name: Any) -> Path | None:
    text = str(name or "")
    if not text or text == ":memory:" or "mode=memory" in text or text.startswith("file:"):
        return None
    return Path(text)


def make_private(path: Path) -> None:
    """Create the database file 0600 if it is new, and take group and other access from an old one."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        pass
    except FileNotFoundError:
        return  # no such folder: SQLite's own error will say so
    for candidate in (path, *(path.with_name(path.name + s) for s in COMPANIONS)):
        try:
            if stat.S_IMODE(candidate.stat().st_mode) & 0o077:
                os.chmod(candidate, PRIVATE)
        except FileNotFoundError:
            continue


class DatabaseOperations(GuardedFlushMixin, _Operations):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        path = _on_disk(conn_params.get("database"))
        if path is not None:
            make_private(path)
        return super().get_new_connection(conn_params)
