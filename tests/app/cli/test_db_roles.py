"""The operator's PostgreSQL set-up (README): the owner migrates, the app runs as a role owning nothing."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from safepassage.core.rls import protected_tables

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


def _blank_server_setup(tmp_path: Path, owner_flags: str) -> Iterator[Home]:
    """What the operator guide has the cluster's administrator do on a blank server: an owner role
    (with `owner_flags`) and its database; then a new, empty home. The app role is not made yet."""
    import psycopg

    tag = uuid.uuid4().hex[:8]
    owner, app, name = f"sp_owner_{tag}", f"sp_app_{tag}", f"sp_roles_{tag}"
    base = URL.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {owner} LOGIN {owner_flags}")
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


@pytest.fixture
def owner_and_app(tmp_path: Path) -> Iterator[Home]:
    yield from _blank_server_setup(tmp_path, "CREATEROLE")


@pytest.fixture
def owner_without_createrole(tmp_path: Path) -> Iterator[Home]:
    yield from _blank_server_setup(tmp_path, "NOCREATEROLE")


def test_the_owner_migrates_and_the_app_role_runs_the_demo_and_a_backup_under_row_level_security(
    owner_and_app: Home, tmp_path: Path
) -> None:
    home = owner_and_app
    # The documented order on a blank server and an empty home: `db roles --create`, then `init`.
    created = home.run("db", "roles", "--create")
    assert "owns no table" in created.stdout
    assert "granted; it owns no table" in home.run("init", "--no-static").stdout
    assert (
        f"{len(protected_tables())} tables under forced row-level security" in home.run("db", "roles").stdout
    )
    home.run("demo")
    persons, interviews, negotiator_persons, negotiator_interviews = map(
        int, home.run("shell", "-v", "0", "-c", COUNT).stdout.split()
    )
    assert persons > 0 and interviews > 0
    assert (persons, 0) == (negotiator_persons, negotiator_interviews)
    assert "Backup written" in home.run("backup", "--out", str(tmp_path / "sp.backup")).stdout
    assert "Audit chain intact" in home.run("audit", "verify").stdout
    deploy = home.run("check", "--deploy", check=False)
    assert "safepassage.W010" not in deploy.stderr and "safepassage.W011" not in deploy.stderr, deploy.stderr
    same = {**home.env, "DATABASE_URL": home.env["DATABASE_OWNER_URL"]}
    refused = Home(home.path, same).run("db", "roles", check=False)
    assert 0 != refused.returncode and "does not own the tables" in refused.stderr
    # The application connecting as the owner: `check --deploy` names the unsafe setup.
    single = {k: v for k, v in same.items() if k != "DATABASE_OWNER_URL"}
    warned = Home(home.path, single).run("check", "--deploy", check=False).stderr
    assert "safepassage.W010" in warned and "may create objects in the schema" in warned, warned


def test_db_roles_create_names_the_missing_createrole_privilege_without_a_traceback(
    owner_without_createrole: Home,
) -> None:
    refused = owner_without_createrole.run("db", "roles", "--create", check=False)
    assert 0 != refused.returncode
    assert "may not create roles: give it CREATEROLE" in refused.stderr
    assert "Traceback" not in refused.stderr
