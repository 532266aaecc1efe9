"""The operator's PostgreSQL set-up (README): the owner migrates, the app runs as a role owning nothing."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from safepassage.core.rls import ROW_POLICY

from .conftest import Home

URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not URL, reason="database roles exist only on PostgreSQL (DATABASE_URL unset)"),
]
COUNT = (
    "from safepassage.registry.models import Person; from safepassage.protection.models import Interview; "
    "from safepassage.core.rls import database_context; "
    "mine = (Person.objects.count(), Interview.objects.count()); "
    "ctx = database_context('negotiator'); ctx.__enter__(); "
    "print(*mine, Person.objects.count(), Interview.objects.count())"
)


@pytest.fixture
def owner_and_app(tmp_path: Path) -> Iterator[Home]:
    """A database owned by a fresh non-superuser owner role; a home whose app role is not made yet."""
    import psycopg

    tag = uuid.uuid4().hex[:8]
    owner, app, name = f"sp_owner_{tag}", f"sp_app_{tag}", f"sp_roles_{tag}"
    base = URL.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE")
        admin.execute(f"CREATE DATABASE {name} OWNER {owner}")
    with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
        conn.execute(f"ALTER SCHEMA public OWNER TO {owner}")
    scheme, _, rest = base.partition("://")
    host = rest.rpartition("@")[2]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        SAFEPASSAGE_HOME=str(tmp_path / "home"),
        DATABASE_OWNER_URL=f"{scheme}://{owner}@{host}/{name}",
        DATABASE_URL=f"{scheme}://{app}@{host}/{name}",
    )
    try:
        yield Home(tmp_path / "home", env)
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"DROP ROLE IF EXISTS {app}")
            admin.execute(f"DROP ROLE IF EXISTS {owner}")


def test_the_owner_migrates_and_the_app_role_runs_the_demo_and_a_backup_under_row_level_security(
    owner_and_app: Home, tmp_path: Path
) -> None:
    home = owner_and_app
    home.run("init", "--keys-only")
    created = home.run("db", "roles", "--create")
    assert "owns no table" in created.stdout
    assert "granted; it owns no table" in home.run("init", "--no-static").stdout
    assert f"{len(ROW_POLICY)} tables under forced row-level security" in home.run("db", "roles").stdout
    home.run("demo")
    persons, interviews, negotiator_persons, negotiator_interviews = map(
        int, home.run("shell", "-v", "0", "-c", COUNT).stdout.split()
    )
    assert persons > 0 and interviews > 0
    assert (persons, 0) == (negotiator_persons, negotiator_interviews)
    assert "Backup written" in home.run("backup", "--out", str(tmp_path / "sp.backup")).stdout
    assert "Audit chain intact" in home.run("audit", "verify").stdout
    same = {**home.env, "DATABASE_URL": home.env["DATABASE_OWNER_URL"]}
    refused = Home(home.path, same).run("db", "roles", check=False)
    assert 0 != refused.returncode and "does not own the tables" in refused.stderr
