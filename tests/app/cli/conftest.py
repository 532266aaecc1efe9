"""A fresh data home (and, on PostgreSQL, a fresh database) for running the real command."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SAFEPASSAGE = [sys.executable, "-m", "safepassage"]


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


def _postgres_database(url: str) -> Iterator[str]:
    import psycopg

    name = f"sp_cli_{uuid.uuid4().hex[:10]}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_home(tmp_path: Path) -> Iterator[Home]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["SAFEPASSAGE_HOME"] = str(tmp_path / "home")
    url = os.environ.get("DATABASE_URL", "")
    if url:
        for database_url in _postgres_database(url):
            yield Home(tmp_path / "home", {**env, "DATABASE_URL": database_url})
    else:
        yield Home(tmp_path / "home", env)
