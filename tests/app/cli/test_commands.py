"""The `safepassage` command run for real in an empty data home: init, demo, audit, users, serve."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .conftest import SAFEPASSAGE, Home

DUMP_SECRETS = """
import json
from safepassage.registry.models import IdentityDocument, NameForm
names = [n.text for n in NameForm.objects.all()]
docs = [value for d in IdentityDocument.objects.all() for value in (d.number, d.holder_name)]
print(json.dumps({"names": names, "documents": [d for d in docs if d]}))
"""


def stored_bytes(home: Home) -> bytes:
    """Everything the database holds on disk (SQLite files) or in a dump (PostgreSQL)."""
    url = home.env.get("DATABASE_URL")
    if url:
        return subprocess.run(["pg_dump", url], capture_output=True, check=True, timeout=120).stdout  # noqa: S603, S607
    return b"".join(p.read_bytes() for p in home.path.glob("safepassage.sqlite3*"))


def test_init_then_demo_loads_fifty_persons_once_and_the_chain_verifies(fresh_home: Home) -> None:
    fresh_home.run("init")
    first = fresh_home.run("demo")
    assert "50 demo persons created" in first.stdout
    password_file = fresh_home.path / "demo-password.txt"
    assert password_file.stat().st_mode & 0o077 == 0
    assert len(password_file.read_text().strip()) >= 20
    again = fresh_home.run("demo")
    assert "already present" in again.stdout
    verify = fresh_home.run("audit", "verify")
    assert "Audit chain intact" in verify.stdout
    determination = json.loads(fresh_home.run("determination", "SP-DEMO-0001", "--json").stdout)
    assert "must_not_repatriate" == determination["repatriation"]["code"]
    assert determination["exchange"]["eligible"] is False
    assert "wish_not_return" in determination["exchange"]["reasons"]
    missing = fresh_home.run("determination", "SP-NOPE", "--json", check=False)
    assert missing.returncode != 0 and "No case numbered 'SP-NOPE'" in missing.stderr


def test_no_demo_name_or_document_number_is_stored_in_plaintext(demo_home: Home) -> None:
    secrets = json.loads(demo_home.run("shell", "--verbosity", "0", "-c", DUMP_SECRETS).stdout)
    assert len(secrets["names"]) > 150
    assert any("리명학" == n for n in secrets["names"])
    raw = stored_bytes(demo_home)
    assert len(raw) > 10_000
    leaked = [s for s in secrets["names"] + secrets["documents"] if s.encode("utf-8") in raw]
    assert [] == leaked
    # Single Hangul or Cyrillic words too; a short Latin word may turn up by chance in base64.
    words = {w for n in secrets["names"] for w in n.split() if not w.isascii() and len(w) >= 2}
    assert [] == [w for w in words if w.encode("utf-8") in raw]


def _tamper(home: Home) -> None:
    """An attacker with the database owner's rights gets past the append-only triggers first."""
    statement = "UPDATE audit_auditevent SET action = 'person.delete' WHERE seq = 7"
    url = home.env.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            # Replica mode skips ordinary triggers: a superuser's way round them without a trace.
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute(statement)
    else:
        import sqlite3

        with sqlite3.connect(home.path / "safepassage.sqlite3") as conn:
            conn.execute("DROP TRIGGER audit_auditevent_no_update")
            conn.execute(statement)


def test_audit_verify_fails_naming_the_event_after_a_direct_change(demo_home: Home) -> None:
    _tamper(demo_home)
    result = demo_home.run("audit", "verify", check=False)
    assert 1 == result.returncode
    assert "broken at event #7" in result.stderr


def test_createuser_reads_the_password_file_and_refuses_bad_input(
    initialised_home: Home, tmp_path: Path
) -> None:
    secret = tmp_path / "pw"
    secret.write_text("a long and unusual passphrase 9\n")
    made = initialised_home.run(
        "createuser", "--role", "legal_officer", "--password-file", str(secret), "olga"
    )
    assert "Created olga with role legal_officer" in made.stdout
    twice = initialised_home.run(
        "createuser", "--role", "legal_officer", "--password-file", str(secret), "olga", check=False
    )
    assert twice.returncode != 0 and "already exists" in twice.stderr
    bad_role = initialised_home.run(
        "createuser", "--role", "king", "--password-file", str(secret), "x", check=False
    )
    assert bad_role.returncode != 0 and "invalid choice: 'king'" in bad_role.stderr
    missing = initialised_home.run(
        "createuser", "--role", "auditor", "--password-file", str(tmp_path / "nope"), "y", check=False
    )
    assert missing.returncode != 0 and "Cannot read the password file" in missing.stderr
    weak = tmp_path / "weak"
    weak.write_text("12345")
    short = initialised_home.run(
        "createuser", "--role", "auditor", "--password-file", str(weak), "z", check=False
    )
    assert short.returncode != 0 and "too short" in short.stderr


def test_commands_without_an_initialised_home_say_to_run_init(fresh_home: Home) -> None:
    result = fresh_home.run("check", check=False)
    assert result.returncode != 0
    assert "safepassage init" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_serve_answers_health_refuses_anonymous_api_calls_and_publishes_the_schema(demo_home: Home) -> None:
    port = _free_port()
    server: Any = subprocess.Popen(  # noqa: S603
        [*SAFEPASSAGE, "serve", "--port", str(port), "--workers", "1"],
        env=demo_home.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _status(base + "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert 200 == _status(base + "/healthz")
        assert _status(base + "/api/v1/persons/") in (401, 403)
        assert 200 == _status(base + "/api/v1/schema/")
        assert 200 == _status(base + "/api/v1/docs/")
        assert 200 == _status(base + "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _demo_list(home: Home, path: Path, cases: list[int]) -> Path:
    """The other side's list of demo men, written in Cyrillic as the Russian side would."""
    script = (
        "import csv\n"
        "from safepassage.names import to_cyrillic\n"
        "from safepassage.registry.models import Person\n"
        f"w = csv.writer(open({str(path)!r}, 'w', encoding='cp1251', newline=''))\n"
        "w.writerow(['id', 'full_name', 'birth_date'])\n"
        f"for n in {cases!r}:\n"
        "    p = Person.objects.get(case_number=f'SP-DEMO-{n:04d}')\n"
        "    h = [f.text for f in p.name_forms.all() if f.script == 'hangul'][0]\n"
        "    w.writerow([f'RU-{n:03d}', to_cyrillic(h), p.birth_year or ''])\n"
    )
    home.run("shell", "--verbosity", "0", "-c", script)
    return path


def test_the_demo_refusal_keeps_a_round_from_being_finalised_and_without_him_it_passes(
    demo_home: Home, tmp_path: Path
) -> None:
    demo_home.run("exchange", "create", "Round 7")
    with_him = _demo_list(demo_home, tmp_path / "v1.csv", [1, 2, 3])
    demo_home.run("exchange", "import", "Round 7", str(with_him), "--side", "outgoing")
    demo_home.run("exchange", "reconcile", "Round 7")
    refused = demo_home.run("exchange", "finalize", "Round 7", check=False)
    assert 3 == refused.returncode
    assert "SP-DEMO-0001" in refused.stderr and "wish_not_return" in refused.stderr
    as_negotiator = demo_home.run("exchange", "--as", "demo-negotiator", "finalize", "Round 7", check=False)
    assert "cannot go on this manifest" in as_negotiator.stderr and "wish" not in as_negotiator.stderr
    without = _demo_list(demo_home, tmp_path / "v2.csv", [2, 3])
    demo_home.run("exchange", "import", "Round 7", str(without), "--side", "outgoing")
    demo_home.run("exchange", "reconcile", "Round 7")
    assert "finalised with 2 entries" in demo_home.run("exchange", "finalize", "Round 7").stdout
    pdf = tmp_path / "manifest.pdf"
    demo_home.run("exchange", "manifest", "Round 7", "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    notification = tmp_path / "notification.json"
    demo_home.run("notify", "export", "--out", str(notification))
    body = json.loads(notification.read_text())
    assert 50 == len(body["records"])
    assert "not_return" not in notification.read_text()


CASELOAD_POSITION = """
from datetime import date
from safepassage.protection import services
from safepassage.protection.models import CaseloadRefresh
services.state_position_add(actor=None, scope="caseload", speaker="KP", stated_on=date(2025, 11, 10),
                            summary="Acknowledges", reference="R", acknowledges_deployment=True)
job = CaseloadRefresh.objects.get()
print(job.pk, job.total, job.done)
"""


def test_a_caseload_wide_position_starts_a_refresh_that_finishes_beside_the_server(demo_home: Home) -> None:
    """The demo's determinations re-assessed by the process the position starts, not by its request."""
    demo_home.env["SAFEPASSAGE_REFRESH_INLINE_LIMIT"] = "0"
    # The shell prints what it imported first; the script's own line comes last.
    job_id, total, done = demo_home.run("shell", "-c", CASELOAD_POSITION).stdout.splitlines()[-1].split()
    assert int(total) >= 1 and done == "0"
    deadline = time.monotonic() + 120
    listing = ""
    while time.monotonic() < deadline:
        listing = demo_home.run("determinations", "refresh", "--list").stdout
        if "finished" in listing:
            break
        time.sleep(1)
    assert f"{job_id}: " in listing and f"{total} of {total} persons" in listing and "finished" in listing
    log = (demo_home.path / "logs" / f"caseload-refresh-{job_id}.log").read_text()
    assert f"Caseload refresh {job_id}: {total} of {total} persons re-assessed" in log
    demo_home.run("audit", "verify")
