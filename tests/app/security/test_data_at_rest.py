"""A copied demo database (file, WAL, backup) tells no wish, risk, procedure or full birth date."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from ..homes import Home

# The real commands in a fresh home (init, demo, backup): minutes, not seconds.
pytestmark = pytest.mark.slow

# Every protection value of the demo, and every person's full birth date, as the application
# reads them (opened): what must not be found in the clear anywhere in the copy.
SECRETS = """
import json
from safepassage.protection.models import Interview, RiskAssessment, Application, CaseFacts, WorkItem
from safepassage.registry.models import Person
out = {"long": set(), "codes": set(), "births": []}
for i in Interview.objects.all():
    out["codes"].update({i.wish, i.wish_destination})
    out["long"].update({i.wish if i.wish != "return" else "", i.statement})
for r in RiskAssessment.objects.all():
    out["codes"].update({r.destination, r.conclusion, *r.risk_kinds})
    out["long"].update({r.conclusion, *r.risk_kinds})
for a in Application.objects.all():
    out["codes"].update({a.procedure, a.kind, a.status})
    out["long"].add(a.procedure)
for w in WorkItem.objects.all():
    out["codes"].update({w.code, w.task, w.procedure, w.permission})
    if w.permission in ("protection.risk", "protection.applications"):
        out["long"].update({w.code, w.task, w.procedure, w.citation})
for p in Person.objects.filter(birth_date__isnull=False):
    out["births"].append(p.birth_date.isoformat())
print(json.dumps({k: sorted(x for x in v if x) for k, v in out.items()}))
"""
# Tables about a person whose cells are compared whole with the short codes (a country code,
# "none") too: the registry's own clear columns (nationality, forces) legitimately hold codes.
# (State positions are a state's public statements: their speaker is a country code in the clear.)
PROTECTION_TABLES = re.compile(r"^(protection_(?!stateposition)|dashboard_)")
# A work item's code that is also the name of a record type: the audit trail names the record
# type in the clear in its actions ("risk_assessment.submit"), so the bytes are found for that
# reason; that a risk assessment exists is no secret from the database (its row is there). Whole
# cells of the protection tables are still compared with it.
RECORD_NAMES = {"risk_assessment"}
# Codes a clear column holds for another reason than the secret: a review status
# ("approved" / "submitted" of a risk assessment's second-officer review) and work-item sources.
NOT_SECRET = {
    "approved",
    "submitted",
    "draft",
    "action",
    "approval",
    "step",
    "",
    "person",
    "monitor",
    "legal",
    # A work item's step dated by SafePassage's service standard (protection/standards.py): a
    # property of the procedure, not of the man; and every plain pg_dump begins with
    # "SET standard_conforming_strings".
    "standard",
}


def birth_forms(iso: str) -> list[bytes]:
    """A full birth date as a home state's clerk or a program would write it."""
    year, month, day = iso.split("-")
    forms = [
        iso,
        f"{day}.{month}.{year}",
        f"{year}{month}{day}",
        f"{year}/{month}/{day}",
        f"{month}/{day}/{year}",
    ]
    return [f.encode() for f in forms]


def sqlite_cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of a SQLite file (with its WAL beside it, if any)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}  # noqa: S608
    finally:
        conn.close()


def dump_cells(text: str) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of a plain pg_dump, read back from its COPY blocks."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for match in re.finditer(r"^COPY public\.(\w+) \([^)]*\) FROM stdin;\n(.*?)^\\\.$", text, re.M | re.S):
        found[match.group(1)] = [tuple(line.split("\t")) for line in match.group(2).splitlines()]
    return found


def plain_dump(url: str, source: str | None = None) -> str:
    """A database (or a custom-format dump file) as SQL text, every row read in the system context."""
    env = {**os.environ, "PGOPTIONS": "-c safepassage.role=system"}
    if source:
        command = ["pg_restore", "-f", "-", source]
    else:
        command = ["pg_dump", "--format=plain", "--enable-row-security", url]
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout  # noqa: S603


def leaks(raw: bytes, cells: dict[str, list[tuple[Any, ...]]], secrets: dict[str, list[str]]) -> list[str]:
    found = [
        f"bytes: {s!r}"
        for s in secrets["long"]
        if len(s) >= 6 and s not in RECORD_NAMES and s not in NOT_SECRET and s.encode() in raw
    ]
    for iso in secrets["births"]:
        found += [f"bytes: birth date {form!r}" for form in birth_forms(iso) if form in raw]
    codes = set(secrets["codes"]) - NOT_SECRET
    for table, rows in cells.items():
        whole = PROTECTION_TABLES.match(table)
        for row in rows:
            for cell in row:
                text = cell if isinstance(cell, str) else str(cell)
                if whole and text in codes:
                    found.append(f"{table}: cell {text!r}")
                if text in secrets["births"]:
                    found.append(f"{table}: birth date {text!r}")
    return found


def test_a_copied_demo_database_its_wal_and_its_backup_hold_no_protection_value_in_the_clear(
    initialised_home: Home, tmp_path: Path
) -> None:
    home = initialised_home
    url = home.env.get("DATABASE_URL", "")
    reader = None
    if not url:
        # A reader holding a snapshot keeps the WAL from being folded into the file and removed:
        # the demo's writes stay in the WAL, which a thief copies with the file.
        database = home.path / "safepassage.sqlite3"
        reader = sqlite3.connect(database)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    home.run("demo")
    secrets = json.loads(home.run("shell", "-v", "0", "-c", SECRETS).stdout)
    # The demo has what the check looks for: a refusal, a risk assessment, an application, births.
    assert {"not_return", "substantial", "kr_nkra", "KR"} <= set(secrets["codes"])
    assert "verify_renunciation" in secrets["long"] and len(secrets["births"]) >= 5
    if reader is not None:
        wal = home.path / "safepassage.sqlite3-wal"
        assert wal.exists() and wal.stat().st_size > 0
        raw = database.read_bytes() + wal.read_bytes()
        copy = tmp_path / "copy"
        copy.mkdir()
        shutil.copy(database, copy / "db.sqlite3")
        shutil.copy(wal, copy / "db.sqlite3-wal")
        cells = sqlite_cells(copy / "db.sqlite3")
        reader.rollback()
        reader.close()
    else:
        text = plain_dump(url)
        raw, cells = text.encode(), dump_cells(text)
    assert cells["protection_interview"] and cells["registry_person"]
    assert [] == leaks(raw, cells, secrets)

    # The backup, opened with its own key-encryption key (the home's), as one who has that key
    # file but not the field keyring would read the database inside it.
    from safepassage.ops.backup.archive import DB_MEMBERS
    from safepassage.ops.backup.restore import _decrypt_to, _members
    from safepassage.progress import SILENT

    backup = tmp_path / "sp.backup"
    home.run("backup", "--out", str(backup))
    with tempfile.TemporaryDirectory() as work:
        header, plain = _decrypt_to(backup, Path(work), home.path, SILENT)
        members = _members(plain, Path(work))
        member = members[DB_MEMBERS[header["vendor"]]]
        if header["vendor"] == "sqlite":
            raw, cells = member.read_bytes(), sqlite_cells(member)
        else:
            text = plain_dump(url, str(member))
            raw, cells = text.encode(), dump_cells(text)
    assert cells["protection_interview"]
    assert [] == leaks(raw, cells, secrets)


def test_the_check_finds_a_wish_a_procedure_and_a_birth_date_left_in_the_clear() -> None:
    secrets = {"long": ["not_return", "kr_nkra"], "codes": ["KR", "not_return"], "births": ["1999-04-07"]}
    cells = {"protection_riskassessment": [("x", "KR")], "registry_person": [("07.04.1999",)]}
    found = leaks(b"..not_return..19990407..", cells, secrets)
    assert "bytes: 'not_return'" in found and "protection_riskassessment: cell 'KR'" in found
    assert "bytes: birth date b'19990407'" in found and "bytes: 'kr_nkra'" not in found
