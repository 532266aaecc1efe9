"""Data homes for tests that run the real `safepassage` command in a subprocess.

`fresh_home` (tests/app/cli/conftest.py) is an empty home. Most tests that need an initialised home,
or one with the demo loaded, do not test `init` or `demo` themselves (tests/app/cli/test_commands.py
does, in a fresh home), and each of those commands costs seconds of a fresh interpreter. So such a
home is made once per run by the real commands, and copied for each test that starts from it: on
SQLite its directory, database file included; on PostgreSQL its directory, and a database of the
test's own made from the template's (CREATE DATABASE ... TEMPLATE). A copy holds the template's keys:
two homes copied from one template are one installation twice, never two installations.

The xdist workers share the templates through a file lock in the run's shared temporary directory;
the run's controller (or the only process, without xdist) drops the template databases at the end.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

SAFEPASSAGE = [sys.executable, "-m", "safepassage"]

# What the real commands do to an empty home to make each template.
TEMPLATES: dict[str, tuple[tuple[str, ...], ...]] = {
    "initialised": (("init", "--no-static"),),
    # With the static files: `serve` publishes them.
    "demo": (("init",), ("demo",)),
}
SETTLE_SECONDS = 300


class Home:
    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.path, self.env = path, env

    def run(self, *args: str, check: bool = True, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # noqa: S603
            [*SAFEPASSAGE, *args], env=self.env, capture_output=True, text=True, timeout=300, **kwargs
        )
        if check and result.returncode != 0:
            raise AssertionError(f"safepassage {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result


def home_env(path: Path, database_url: str) -> dict[str, str]:
    """This process's environment, for a command run in the home at `path` on `database_url`
    (SQLite in the home when empty)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["SAFEPASSAGE_HOME"] = str(path)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def _database_url(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def create_database(url: str, name: str, template: str = "") -> str:
    import psycopg

    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return _database_url(url, name)


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_database(url: str, prefix: str = "sp_cli") -> Iterator[str]:
    """A new empty database beside `url`'s, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        yield create_database(url, name)
    finally:
        drop_database(url, name)


def shared_directory(base: Path) -> Path:
    """Where the templates of this run live: the run's temporary directory, which the xdist
    workers' own directories (`base` on a worker) sit in."""
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "home-templates"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _settle(home: Home) -> None:
    """Wait until the duplicate check the demo started beside it has finished and let go of the
    database, so that what is copied is the whole of it, and no process writes to the copy."""
    deadline = time.monotonic() + SETTLE_SECONDS
    url = home.env.get("DATABASE_URL", "")
    unfinished = "SELECT count(*) FROM duplicates_duplicatescan WHERE finished_at IS NULL"
    if url:
        import psycopg

        name = url.rsplit("/", 1)[1]
        others = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        while True:
            with psycopg.connect(url, autocommit=True) as conn:
                (running,) = conn.execute(unfinished).fetchone()  # type: ignore[misc]
                (connected,) = conn.execute(others, (name,)).fetchone()  # type: ignore[misc]
            if running == 0 and connected == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"template {home.path}: {running} scans running, {connected} connections"
                )
            time.sleep(0.2)
    database = home.path / "safepassage.sqlite3"
    while True:
        conn = sqlite3.connect(database, timeout=30)
        try:
            (running,) = conn.execute(unfinished).fetchone()
            if running == 0:
                # The WAL folded into the file, so the copy is the file alone.
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return
        finally:
            conn.close()
        if time.monotonic() > deadline:
            raise AssertionError(f"template {home.path}: {running} duplicate scans still running")
        time.sleep(0.2)


def _build(kind: str, directory: Path, url: str) -> dict[str, str]:
    path = directory / kind
    shutil.rmtree(path, ignore_errors=True)
    database = ""
    if url:
        database = f"sp_template_{kind}_{uuid.uuid4().hex[:10]}"
        # Listed before it exists, so that the controller drops it even if the build fails.
        with (directory / "databases").open("a") as listed:
            listed.write(database + "\n")
        create_database(url, database)
    home = Home(path, home_env(path, _database_url(url, database) if url else ""))
    for step in TEMPLATES[kind]:
        home.run(*step)
    _settle(home)
    return {"database": database}


@contextmanager
def home_from(kind: str, factory: pytest.TempPathFactory, path: Path) -> Iterator[Home]:
    """A home at `path` that is a copy of the template `kind` (TEMPLATES), made first if need be."""
    directory = shared_directory(factory.getbasetemp())
    directory.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    database = ""
    with _locked(directory / f"{kind}.lock"):
        made = directory / f"{kind}.json"
        if not made.exists():
            made.write_text(json.dumps(_build(kind, directory, url)))
        template = json.loads(made.read_text())
        shutil.copytree(directory / kind, path, symlinks=True, ignore=shutil.ignore_patterns("*-shm"))
        if url:
            # Under the lock: PostgreSQL copies a template nobody else is copying or connected to.
            database = f"sp_copy_{uuid.uuid4().hex[:10]}"
            create_database(url, database, template=template["database"])
    try:
        yield Home(path, home_env(path, _database_url(url, database) if url else ""))
    finally:
        if url:
            drop_database(url, database)


def drop_templates(base: Path) -> None:
    """At the end of the run, in the process that ran it: drop the template databases."""
    url = os.environ.get("DATABASE_URL", "")
    listed = shared_directory(base) / "databases"
    if not url or not listed.exists():
        return
    for name in listed.read_text().split():
        drop_database(url, name)
