"""A fresh data home (and, on PostgreSQL, a fresh database) for running the real command."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..homes import SAFEPASSAGE, Home, home_env, postgres_database

__all__ = ["SAFEPASSAGE", "Home", "_postgres_database", "fresh_home"]


def _postgres_database(url: str) -> Iterator[str]:
    return postgres_database(url, prefix="sp_cli")


@pytest.fixture
def fresh_home(tmp_path: Path) -> Iterator[Home]:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        for database_url in _postgres_database(url):
            yield Home(tmp_path / "home", home_env(tmp_path / "home", database_url))
    else:
        yield Home(tmp_path / "home", home_env(tmp_path / "home", ""))
