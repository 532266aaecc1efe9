"""`check --deploy` is clean under production settings, and our own checks catch what it misses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from safepassage.core.db.triggers import drop_statements
from safepassage.ops.deploy_checks import check_audit_triggers

SETTINGS_PROBE = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_SSL_REDIRECT, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
)


def safepassage(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("SAFEPASSAGE_", "DATABASE_URL", "DJANGO_"))
    }
    clean.update({"SAFEPASSAGE_HOME": str(home), **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "safepassage", *args], env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def production(tmp_path: Path) -> dict[str, Any]:
    """A home made by `init --keys-only` whose KEK then moved to a secrets mount, as in production."""
    home = tmp_path / "home"
    assert 0 == safepassage(home, "init", "--keys-only").returncode
    secrets_mount = tmp_path / "run-secrets"
    secrets_mount.mkdir()
    (home / "keys" / "kek").rename(secrets_mount / "kek")
    env = {
        "SAFEPASSAGE_ENV": "production",
        "SAFEPASSAGE_ALLOWED_HOSTS": "safepassage.example.org",
        "SAFEPASSAGE_KEK_FILE": str(secrets_mount / "kek"),
    }
    return {"home": home, "env": env}


def test_check_deploy_is_clean_under_production_settings(production: dict[str, Any]) -> None:
    result = safepassage(
        production["home"], "check", "--deploy", "--fail-level", "WARNING", **production["env"]
    )
    assert 0 == result.returncode, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_implies_host_bound_secure_cookies_hsts_and_an_https_redirect(
    production: dict[str, Any],
) -> None:
    result = safepassage(production["home"], "shell", "-v", "0", "-c", SETTINGS_PROBE, **production["env"])
    assert "__Host-sessionid __Host-csrftoken True 63072000 True None" == result.stdout.strip()
    behind_proxy = {
        **production["env"],
        "SAFEPASSAGE_SSL_REDIRECT": "false",
        "SAFEPASSAGE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
    }
    result = safepassage(production["home"], "shell", "-v", "0", "-c", SETTINGS_PROBE, **behind_proxy)
    assert result.stdout.strip().endswith("False ('HTTP_X_FORWARDED_PROTO', 'https')")


@pytest.mark.parametrize(
    "change,expected",
    [
        ({"SAFEPASSAGE_SECURE_COOKIES": "false"}, "safepassage.E006"),
        ({"SAFEPASSAGE_IDLE_SECONDS": "7200"}, "safepassage.W004"),
        ({"SAFEPASSAGE_SSL_REDIRECT": "false"}, "safepassage.W005"),
    ],
)
def test_our_checks_name_what_django_misses(production: dict[str, Any], change: dict, expected: str) -> None:
    env = {**production["env"], **change}
    result = safepassage(production["home"], "check", "--deploy", "--fail-level", "WARNING", **env)
    assert 0 != result.returncode
    assert expected in result.stderr + result.stdout


def test_a_kek_left_beside_the_keyring_is_flagged_in_production(tmp_path: Path) -> None:
    home = tmp_path / "home"
    safepassage(home, "init", "--keys-only")
    env = {"SAFEPASSAGE_ENV": "production", "SAFEPASSAGE_ALLOWED_HOSTS": "safepassage.example.org"}
    result = safepassage(home, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert "safepassage.W003" in result.stderr + result.stdout


@pytest.mark.django_db
def test_dropped_audit_triggers_are_reported_by_the_database_check() -> None:
    assert [] == check_audit_triggers(databases=["default"])
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
    assert {"safepassage.E009"} == {e.id for e in check_audit_triggers(databases=["default"])}
