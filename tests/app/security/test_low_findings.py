"""The low findings: own-unit registration, private database files, bounded JSON, no server paths."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safepassage.exchanges import services as exchanges
from safepassage.registry.models import Person

from ..accounts.routes import all_routes


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_person_a_caseworker_registers_by_api_takes_her_unit_and_stays_in_her_view(
    users: dict[str, Any], units: Any
) -> None:
    carla = _client(users["carla"])
    created = carla.post(
        "/api/v1/persons/", {"sex": "male", "birth_precision": "unknown"}, content_type="application/json"
    )
    assert 201 == created.status_code
    pk = created.json()["id"]
    assert units["a"].pk == Person.objects.get(pk=pk).unit_id
    assert 200 == carla.get(f"/api/v1/persons/{pk}/").status_code
    assert pk in carla.get("/api/v1/persons/").content.decode()


@pytest.mark.django_db
def test_a_person_a_caseworker_registers_on_the_page_takes_her_unit(
    users: dict[str, Any], units: Any
) -> None:
    carla = _client(users["carla"])
    response = carla.post(reverse("registry:person_create"), {"sex": "male", "birth_precision": "unknown"})
    assert 302 == response.status_code
    assert 200 == carla.get(response["Location"]).status_code
    assert [units["a"].pk] == list(Person.objects.values_list("unit_id", flat=True))


@pytest.mark.django_db
def test_a_caseworker_cannot_file_a_person_in_another_unit(users: dict[str, Any], units: Any) -> None:
    carla = _client(users["carla"])
    body = {"sex": "male", "birth_precision": "unknown", "unit": units["b"].pk}
    refused = carla.post("/api/v1/persons/", body, content_type="application/json")
    assert 400 == refused.status_code
    assert "own unit (Unit A)" in refused.json()["unit"][0]
    assert 0 == Person.objects.count()


@pytest.mark.django_db
def test_a_legal_officer_still_files_a_person_in_any_unit(users: dict[str, Any], units: Any) -> None:
    body = {"sex": "male", "birth_precision": "unknown", "unit": units["b"].pk}
    created = _client(users["lev"]).post("/api/v1/persons/", body, content_type="application/json")
    assert 201 == created.status_code
    assert units["b"].pk == Person.objects.get().unit_id


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open_sqlite(path: Path) -> Any:
    """A raw connection through the project's SQLite backend (outside the test database)."""
    from safepassage.core.db.sqlite3.base import DatabaseWrapper

    config = {"NAME": str(path), "OPTIONS": {}, "TIME_ZONE": None, "CONN_MAX_AGE": 0}
    config |= {"CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False, "TEST": {}}
    wrapper = DatabaseWrapper(config, "probe")
    return wrapper.get_new_connection(wrapper.get_connection_params())


def test_a_new_sqlite_database_and_its_wal_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        raw = _open_sqlite(tmp_path / "fresh.sqlite3")
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("CREATE TABLE t (x TEXT)")
        raw.execute("INSERT INTO t VALUES ('x')")
        raw.commit()
        files = {p.name: _mode(p) for p in tmp_path.iterdir()}
        raw.close()
    finally:
        os.umask(old)
    assert {"fresh.sqlite3", "fresh.sqlite3-wal", "fresh.sqlite3-shm"} <= set(files)
    assert {name: 0o600 for name in files} == files


def test_an_old_world_readable_database_is_narrowed_when_opened(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite3"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    wal = tmp_path / "old.sqlite3-wal"
    wal.touch()
    os.chmod(wal, 0o644)
    _open_sqlite(database).close()
    assert (0o600, 0o600) == (_mode(database), _mode(wal))


def test_the_home_key_files_are_private() -> None:
    home = Path(settings.SAFEPASSAGE_HOME)
    keys = [p for p in (home / "keys").iterdir() if p.is_file()] + [home / "secret_key"]
    assert {str(p): 0o600 for p in keys} == {str(p): _mode(p) for p in keys}


API_WRITES = {"post", "put", "patch"}
NESTED = "[" * 100_000 + "]" * 100_000
BODIES = {
    "malformed": '{"sex": "male",',
    "too deep": '{"notes": ' + "[" * 40 + "]" * 40 + "}",
    "recursion": NESTED,
    "not utf-8": b'{"notes": "\xff\xfe"}',
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(BODIES))
def test_a_bad_json_body_is_a_400_on_every_api_write(
    kind: str, users: dict[str, Any], scanned_person: Any
) -> None:
    from ..accounts.test_route_matrix import _kwargs

    lev = _client(users["lev"])
    results = {}
    for route in all_routes():
        if not route.name.startswith("api-") or route.name in {"api-docs"} or not route.has_writes:
            continue
        view = route.view.cls
        url = reverse(route.name, kwargs=_kwargs(route.pattern, scanned_person))
        for method in API_WRITES & {m for m in ("post", "put", "patch") if hasattr(view, m)}:
            response = getattr(lev, method)(url, BODIES[kind], content_type="application/json")
            results[(route.name, method)] = response.status_code
    # Scans take multipart uploads only (415); a write the legal officer may not make is refused
    # before its body is read (403). Everything else: 400, never 500.
    expected = {key: 400 for key in results}
    expected |= {k: code for k, code in results.items() if k[0] == "api-scans" and code == 415}
    expected |= {k: code for k, code in results.items() if code == 403 and k[0] == "api-interviews"}
    assert len(results) > 20
    assert expected == results


@pytest.mark.django_db
def test_the_too_deep_body_is_refused_with_a_sentence_naming_the_limit(users: dict[str, Any]) -> None:
    response = _client(users["lev"]).post(
        "/api/v1/persons/", BODIES["too deep"], content_type="application/json"
    )
    assert 400 == response.status_code
    assert "deeper than 32 levels" in response.json()["detail"]


@pytest.mark.django_db
def test_an_import_error_names_the_uploaded_file_never_a_server_path(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from ..exchanges.conftest import run_launched

    nick = _client(users["nick"])
    round_ = exchanges.round_create(actor=users["nick"], name="Round E")
    action = reverse("exchanges:round_action", kwargs={"pk": round_.pk, "action": "import"})
    upload = SimpleUploadedFile("their list.csv", b"id,full_name\nRU-1,\n")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nick.post(action, {"direction": "outgoing", "file": upload})
    # The import runs as a job beside the server; its failure is shown on the round page.
    (job,) = run_launched(callbacks)
    assert "failed" == job.status
    page = nick.get(reverse("exchanges:round", kwargs={"pk": round_.pk})).content.decode()
    assert "their list.csv" in page and "row 2" in page
    for secret in (tempfile.gettempdir(), str(settings.SAFEPASSAGE_HOME)):
        assert secret not in page


def test_server_paths_are_cut_to_their_last_part() -> None:
    from safepassage.core.redact import without_server_paths

    temp = Path(tempfile.gettempdir()) / "tmpab12cd" / "list.csv"
    home = Path(settings.SAFEPASSAGE_HOME) / "keys" / "kek"
    text = f"{temp}: row 3, column 'id': blank; see {home}."
    assert "list.csv: row 3, column 'id': blank; see kek." == without_server_paths(text)
