"""What a backup archive holds: its format number, database and home members, and clear header."""

from __future__ import annotations

import io
import json
import tarfile
from typing import Any

from safepassage.home import AUDIT_SIGNING_KEY_FILE, FIELD_KEYS_FILE, HANDOVER_IDENTITY_FILE, SECRET_KEY_FILE

FORMAT = 1
SQLITE_NAME = "safepassage.sqlite3"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Home files carried by a backup. The KEK never is: it must come from outside, as at run time.
HOME_FILES = (SECRET_KEY_FILE, FIELD_KEYS_FILE, AUDIT_SIGNING_KEY_FILE)
# Home files a backup carries when the installation has them (wrapped by the KEK like the keyring).
OPTIONAL_HOME_FILES = (HANDOVER_IDENTITY_FILE,)


def header_for(manifest: dict[str, Any]) -> bytes:
    """The clear header: only what is needed to find the KEK (never a key, never a count)."""
    return json.dumps({"format": FORMAT, "kek": manifest["kek"], "vendor": manifest["vendor"]}).encode()


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    """Add one in-memory file to the archive, readable by its owner only."""
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    tar.addfile(info, io.BytesIO(data))
