"""Security bench: routes x roles, fuzzing (ours and schemathesis), tampering, kill -9 in writes and imports.

Runs against a throwaway data home on SQLite and, when DATABASE_URL is set, on a throwaway
PostgreSQL database made beside it (dropped afterwards). Each database runs in its own process.
Both walk the same probes over HTTP; one of them, the second-line probe, walks every page as
every role again with the application's own permission checks switched off (as if every view
forgot them): what a role then still reads came through the database alone. PostgreSQL's row
policies must hold it back (0 leaks); SQLite has no second line, and its figure says how much the
application's checks alone are holding back there.
Prints a table and writes both into bench/results/security.json.
Goals: 0 mismatches, 0 server errors, 0 leaks, every tamper detected, 0 rows lost.
    PYTHONPATH=src python bench/security.py [--fuzz 400] [--schemathesis-examples 8] [--crash-runs 3]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "security.json"
HOSTILE = [
    "' OR 1=1 --",
    "'; DROP TABLE registry_person; --",
    "../../../../etc/passwd",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "\u0000",
    "%00",
    "\ud7a3" * 300,
    "x" * 5000,
    "-1",
    "9" * 40,
    "null",
    '{"$gt": ""}',
    "２０２５-０１-０１",
    "2025-02-30",
    "${jndi:ldap://x}",
    "\u202e\u0645",
    "Ким' --",
]
WRITER = """
import sys
from safepassage.accounts.models import Unit
from safepassage.registry import services
unit = Unit.objects.get(name="Unit A")
for i in range(100000):
    person = services.person_create(
        actor=None, sex="male", birth_precision="year", birth_year=2000, unit=unit
    )
    services.name_form_add(actor=None, person=person, text=f"크래시{i}", kind="legal", recorder_language="ko")
    print(i + 1, flush=True)
"""


def setup_home(home: Path, *, keep_database_url: bool = False) -> dict[str, str]:
    drop = ("DJANGO_SETTINGS_MODULE",) if keep_database_url else ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"SAFEPASSAGE_HOME": str(home), "PYTHONPATH": str(ROOT / "src")})
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "safepassage", "init", "--no-static"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(
        {"SAFEPASSAGE_HOME": str(home), "DJANGO_SETTINGS_MODULE": "safepassage.config.settings"}
    )
    if not keep_database_url:
        os.environ.pop("DATABASE_URL", None)
    return env


def personas() -> tuple[dict[str, Any], Any, Any]:
    from safepassage.accounts.models import Unit
    from safepassage.accounts.services import user_create
    from safepassage.core.roles import Role
    from safepassage.registry import services

    units = {"a": Unit.objects.create(name="Unit A"), "b": Unit.objects.create(name="Unit B")}
    roles = {
        "carla": Role.CASEWORKER,
        "lev": Role.LEGAL_OFFICER,
        "mona": Role.NEUTRAL_MONITOR,
        "nick": Role.NEGOTIATOR,
        "aude": Role.AUDITOR,
        "adam": Role.ADMINISTRATOR,
    }
    users = {
        name: user_create(
            actor=None,
            username=name,
            role=role,
            password="x" * 20,
            check_password=False,
            unit=units["a"] if role is Role.CASEWORKER else None,
        )
        for name, role in roles.items()
    }
    users["bea"] = user_create(
        actor=None,
        username="bea",
        role=Role.CASEWORKER,
        password="x" * 20,
        check_password=False,
        unit=units["b"],
    )
    people = []
    for unit, name in ((units["a"], "김철남"), (units["b"], "박영수")):
        p = services.person_create(
            actor=users["lev"], sex="male", birth_precision="year", birth_year=2001, unit=unit
        )
        services.name_form_add(actor=users["lev"], person=p, text=name, kind="legal", recorder_language="ko")
        doc = services.identity_document_add(
            actor=users["lev"],
            person=p,
            doc_type="passport",
            issuing_state="RU",
            number="ВК 7654321",
            holder_name=name,
            assessment="genuine",
        )
        services.document_scan_add(actor=users["lev"], document=doc, filename="s.pdf", data=b"%PDF-1.4 x")
        services.nationality_claim_add(actor=users["lev"], person=p, state="KP", basis="self_declared")
        services.service_record_add(
            actor=users["lev"], person=p, forces_of="KP", unit_designation="Unit 771", rank="Private"
        )
        services.capture_set(actor=users["lev"], person=p, captured_on=date(2025, 2, 3), detaining_power="UA")
        services.custody_event_add(
            actor=users["lev"], person=p, kind="admitted", occurred_on=date(2025, 2, 5), facility="North-1"
        )
        people.append(p)
    case_records(users, people[0])
    return users, people[0], people[1]


def case_records(users: dict[str, Any], person: Any) -> None:
    """What every route of the matrix needs: an interview, a risk assessment, an application, a round
    with a list, a tracing request (as tests/app/conftest.py's scanned_person)."""
    from safepassage.exchanges import services as exchanges
    from safepassage.protection import services as protection
    from safepassage.tracing.services import tracing_request_create

    protection.interview_record(
        actor=users["carla"],
        person=person,
        held_on=date(2025, 3, 1),
        place="Camp Probe-4410",
        interviewer_name="C",
        language="ko",
        consent=True,
        wish="undecided",
    )
    protection.risk_assessment_create(
        actor=users["lev"],
        person=person,
        destination="KP",
        risk_kinds=["torture"],
        conclusion="substantial",
        summary="Reasoning Probe-4410",
    )
    protection.application_open(
        actor=users["lev"], person=person, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    round_ = exchanges.round_create(actor=users["nick"], name="Round M")
    with tempfile.TemporaryDirectory() as folder:
        listed = Path(folder) / "list.csv"
        listed.write_text("id,full_name\nRU-1,Ким Чхоль Нам\n", encoding="utf-8")
        exchanges.list_import(actor=users["nick"], round_=round_, direction="outgoing", path=listed)
    tracing_request_create(
        actor=users["lev"],
        reference="TR-M",
        received_on=date(2026, 1, 1),
        requester="Sister Probe-7731",
        sought_names="Ким",
    )


def client_for(user: Any) -> Any:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    client = Client(raise_request_exception=False)
    if user is None:
        return client
    client.force_login(user)
    if not user.authenticator_set.exists():
        TOTP.activate(user, generate_totp_secret())
        RecoveryCodes.activate(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def route_matrix(users: dict[str, Any], person: Any) -> dict[str, int]:
    from django.urls import reverse
    from tests.app.accounts.routes import all_routes
    from tests.app.accounts.test_route_matrix import NO_GET, _kwargs

    from safepassage.core.policy import can

    checked = mismatches = leaks = 0
    for username in [*(u for u in users if u != "bea"), None]:
        user = users.get(username) if username else None
        client = client_for(user)
        for route in all_routes():
            if route.name in NO_GET or not route.has_get:
                continue
            response = client.get(
                reverse(route.name, kwargs=_kwargs(route.pattern, person)), HTTP_ACCEPT="*/*"
            )
            allowed = can(user, route.read) if user else route.read == "public"
            ok = (
                response.status_code in (200, 302)
                if allowed
                else response.status_code in (302, 401, 403, 404)
            )
            leaked = not allowed and "김철남" in response.content.decode("utf-8", "replace")
            checked, mismatches, leaks = checked + 1, mismatches + (not ok), leaks + leaked
    return {"routes_x_roles_checked": checked, "route_mismatches": mismatches, "route_leaks": leaks}


# What each table's rows look like on a page, and the tables of core.rls.ROW_POLICY they come from.
SECOND_LINE_MARKERS = {
    "registry_nameform": ("김철남", "박영수"),
    "registry_identitydocument": ("ВК 7654321",),
    "protection_interview": ("Camp Probe-4410",),
    "protection_riskassessment": ("Reasoning Probe-4410",),
    "exchanges_tracingrequest": ("Sister Probe-7731",),
}


def second_line_probe(users: dict[str, Any], person: Any) -> dict[str, int]:
    """Every GET route as every role with every permission granted in the application (POLICY opened).

    The database context still follows each user's real role (set per request by the middleware),
    so on PostgreSQL the row policies decide what a page can read. A leak is a page showing a row
    of a table whose policy excludes the reader's role.
    """
    from unittest import mock

    from django.urls import reverse
    from tests.app.accounts.routes import all_routes
    from tests.app.accounts.test_route_matrix import NO_GET, _kwargs

    from safepassage.core.policy import POLICY, PUBLIC, role_of
    from safepassage.core.rls import ROW_POLICY
    from safepassage.core.roles import Role

    walked = leaks = errors = 0
    opened = {name: frozenset(Role) for name in POLICY if name != PUBLIC}
    with mock.patch.dict(POLICY, opened):
        for username in (u for u in users if u != "bea"):
            user = users[username]
            role = role_of(user)
            hidden = [
                m for table, ms in SECOND_LINE_MARKERS.items() if role not in ROW_POLICY[table] for m in ms
            ]
            client = client_for(user)
            for route in all_routes():
                if route.name in NO_GET or not route.has_get:
                    continue
                try:
                    response = client.get(
                        reverse(route.name, kwargs=_kwargs(route.pattern, person)), HTTP_ACCEPT="*/*"
                    )
                except Exception:  # noqa: BLE001 (a refusal raised by the database is a refusal)
                    errors += 1
                    continue
                body = response.content.decode("utf-8", "replace")
                walked += 1
                errors += response.status_code >= 500
                leaks += any(marker in body for marker in hidden)
    return {
        "second_line_pages_walked": walked,
        "second_line_leaks": leaks,
        "second_line_server_errors": errors,
    }


def fuzz(users: dict[str, Any], mine: Any, theirs: Any, cases: int) -> dict[str, int]:
    """Hostile values into every API parameter as two users; the Unit A caseworker never sees Unit B."""
    rng = random.Random(7)  # noqa: S311
    paths = [
        "/api/v1/persons/",
        f"/api/v1/persons/{mine.pk}/",
        f"/api/v1/persons/{mine.pk}/names/",
        f"/api/v1/persons/{mine.pk}/documents/",
        f"/api/v1/persons/{mine.pk}/custody-events/",
    ]
    fields = ["q", "sex", "birth_year", "birth_precision", "text", "kind", "number", "page", "version"]
    clients = {"carla": client_for(users["carla"]), "lev": client_for(users["lev"])}
    sent = errors = leaks = 0
    for i in range(cases):
        who = "carla" if i % 2 else "lev"
        client, path = clients[who], rng.choice(paths)
        data = {rng.choice(fields): rng.choice(HOSTILE) for _ in range(rng.randint(1, 3))}
        method = rng.choice(["get", "post", "patch"])
        if method == "get":
            response = client.get(path, data)
        else:
            response = getattr(client, method)(path, json.dumps(data), content_type="application/json")
        sent += 1
        errors += response.status_code >= 500
    for path in (f"/api/v1/persons/{theirs.pk}/", f"/api/v1/persons/{theirs.pk}/names/", "/api/v1/persons/"):
        body = clients["carla"].get(path).content.decode("utf-8", "replace")
        sent += 1
        leaks += "박영수" in body or str(theirs.case_number) in body
    return {"fuzz_cases_sent": sent, "fuzz_5xx_found": errors, "object_level_leaks": leaks}


def tamper() -> dict[str, int]:
    """Each attack inside a rolled-back transaction, with the triggers dropped as an owner would.

    Dropping the triggers takes the tables' owner: on PostgreSQL the bench signs in as the
    application role, so the attacks run on the owner's connection (nothing is ever committed).
    """
    from safepassage.ops.dbroles import as_owner

    with as_owner():
        return _tamper()


def _tamper() -> dict[str, int]:
    from django.db import connection, transaction

    from safepassage.audit.checkpoints import checkpoint_create, verify_checkpoints
    from safepassage.audit.models import AuditEvent
    from safepassage.audit.verify import verify_chain
    from safepassage.core.db.triggers import drop_statements

    checkpoint_create()
    attacks = []
    for event in AuditEvent.objects.order_by("seq"):
        for column, value in (("action", "'forged'"), ("actor_label", "'mallory'"), ("object_id", "'0'")):
            attacks.append(f"UPDATE audit_auditevent SET {column} = {value} WHERE seq = {event.seq}")
        attacks.append(f"DELETE FROM audit_auditevent WHERE seq = {event.seq}")
    attacks.append("UPDATE audit_auditcheckpoint SET root = '00'")
    tried = detected = refused = 0
    for statement in attacks:
        with connection.cursor() as cursor:
            try:
                with transaction.atomic():
                    cursor.execute(statement)
            except Exception:  # noqa: BLE001 (the trigger's refusal is the expected outcome)
                refused += 1
        with transaction.atomic():
            with connection.cursor() as cursor:
                for drop in drop_statements(connection.vendor):
                    cursor.execute(drop)
                cursor.execute(statement)
            tried += 1
            detected += (not verify_chain().ok) or (not verify_checkpoints().ok)
            transaction.set_rollback(True)
    return {
        "tamper_cases_tried": tried,
        "tamper_detected": detected,
        "plain_writes_refused_by_trigger": refused,
    }


def crash_runs(env: dict[str, str], runs: int) -> dict[str, int]:
    from safepassage.audit.verify import verify_chain
    from safepassage.registry.models import Person

    lost = acknowledged = 0
    for run in range(runs):
        before = Person.objects.count()
        writer = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "safepassage", "shell", "-c", WRITER],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        # Kill in the middle of the writes: after a varying number of acknowledged commits.
        target, committed = 10 + 15 * run, 0
        while committed < target:
            line = writer.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            committed = int(line) if line.strip().isdigit() else committed
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        present = Person.objects.count() - before
        acknowledged += committed
        lost += max(0, committed - present)
        if not verify_chain().ok:
            lost += 1
    return {"crash_runs": runs, "crash_writes_acknowledged": acknowledged, "rows_lost": lost}


def schemathesis_fuzz(users: dict[str, Any], mine: Any, theirs: Any, examples: int) -> dict[str, int]:
    """Schemathesis over every operation of /api/v1/schema/ as carla (Unit A), then at bea's person."""
    from tests.app.security.apifuzz import FuzzReport, run, session_credentials

    credentials = session_credentials(client_for(users["carla"]))
    markers = ["박영수", str(theirs.case_number)]
    report = FuzzReport()
    run(
        credentials,
        path_parameters={"id": str(mine.pk)},
        foreign_markers=markers,
        examples=examples,
        report=report,
    )
    run(
        credentials,
        path_parameters={"id": str(theirs.pk)},
        foreign_markers=markers,
        foreign_pk=True,
        examples=examples,
        report=report,
    )
    return {
        "schemathesis_operations": report.operations,
        "schemathesis_cases_sent": report.cases_sent,
        "schemathesis_5xx_found": len(report.server_errors),
        "schemathesis_object_leaks": len(report.leaks),
        "schemathesis_auth_ignored": len(report.auth_ignored),
    }


def import_crash_runs(users: dict[str, Any], runs: int, rows: int) -> dict[str, int]:
    """SIGKILL a real `safepassage exchange import` of `rows` entries mid-transaction, `runs` times."""
    from django.conf import settings
    from tests.app.security.importkill import crash_series, write_big_list

    from safepassage.audit.verify import verify_chain
    from safepassage.exchanges import services
    from safepassage.exchanges.models import ExchangeList, ListEntry

    round_ = services.round_create(actor=users["nick"], name="Round crash bench")
    database = str(settings.DATABASES["default"]["NAME"])
    with tempfile.TemporaryDirectory() as folder:
        listing = write_big_list(Path(folder) / "big.csv", rows)
        fractions = tuple((n + 1) / (runs + 1) for n in range(runs))
        series = crash_series(database, round_.name, listing, fractions)
        acknowledged, killed = series.acknowledged, series.killed
    # Lists with a version are the ones shown; a killed job's staged entries have none (imports.py).
    sizes = [
        ListEntry.objects.filter(exchange_list=lst).count()
        for lst in ExchangeList.objects.filter(round=round_, version__isnull=False)
    ]
    half_written = sum(1 for size in sizes if size != rows)
    lost = max(0, acknowledged - len(sizes)) * rows + half_written + (0 if verify_chain().ok else 1)
    return {
        "import_crash_runs": killed,
        "import_rows_per_list": rows,
        "import_lists_acknowledged": acknowledged,
        "import_lists_half_written": half_written,
        "import_rows_lost": lost,
    }


def rls_figures() -> dict[str, int]:
    """PostgreSQL only: how many tables run under forced row-level security."""
    from django.db import connection

    from safepassage.core import rls
    from safepassage.ops.dbroles import forced_tables

    with connection.cursor() as cursor:
        forced = set(forced_tables(cursor))
    return {
        "rls_tables_forced": len(forced & set(rls.ROW_POLICY)),
        "rls_tables_expected": len(rls.ROW_POLICY),
    }


def goals_met(results: dict[str, Any]) -> bool:
    zero = (
        "route_mismatches",
        "route_leaks",
        "fuzz_5xx_found",
        "object_level_leaks",
        "schemathesis_5xx_found",
        "schemathesis_object_leaks",
        "schemathesis_auth_ignored",
        "rows_lost",
        "import_rows_lost",
    )
    # Only PostgreSQL has a second line: on SQLite the probe's leaks are a figure, not a goal.
    second_line = results["database"] != "postgresql" or results["second_line_leaks"] == 0
    return (
        all(results[k] == 0 for k in zero)
        and second_line
        and results["tamper_detected"] == results["tamper_cases_tried"]
        and results.get("rls_tables_forced", 0) == results.get("rls_tables_expected", 0)
    )


def run_one(database: str, options: argparse.Namespace) -> dict[str, Any]:
    """In this process: one database's whole bench (DATABASE_URL already names a throwaway database)."""
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        env = setup_home(Path(tmp) / "home", keep_database_url=database == "postgresql")
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()
        from django.conf import settings

        # Refused hostile requests are expected by the thousand; server errors still log.
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        settings.ALLOWED_HOSTS = ["testserver", "localhost"]
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        users, mine, theirs = personas()
        results: dict[str, Any] = {"database": database}
        results.update(route_matrix(users, mine))
        results.update(second_line_probe(users, mine))
        results.update(fuzz(users, mine, theirs, options.fuzz))
        results.update(schemathesis_fuzz(users, mine, theirs, options.schemathesis_examples))
        results.update(tamper())
        results.update(crash_runs(env, options.crash_runs))
        results.update(import_crash_runs(users, options.crash_runs, options.import_rows))
        if database == "postgresql":
            results.update(rls_figures())
    results["goals_met"] = goals_met(results)
    return results


def _throwaway_postgres(url: str) -> tuple[str, str]:
    """A fresh database beside the one DATABASE_URL names: (its URL, its name)."""
    import psycopg

    name = f"sp_security_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}", name


def _app_role_env(owner_url: str, env: dict[str, str]) -> tuple[dict[str, str], str]:
    """The owner's URL as DATABASE_OWNER_URL and a throwaway non-owner role as DATABASE_URL.

    A superuser or the tables' owner may bypass row-level security (a superuser always does), so
    the PostgreSQL pass signs in as the application role `safepassage db roles --create` makes,
    as a production deployment does (README); `init` then migrates as the owner and grants it.
    """
    from urllib.parse import urlsplit, urlunsplit

    role = f"sp_security_bench_app_{os.getpid()}"
    parts = urlsplit(owner_url)
    host = parts.netloc.rpartition("@")[2]
    app_url = urlunsplit((parts.scheme, f"{role}@{host}", parts.path, parts.query, parts.fragment))
    return {**env, "DATABASE_OWNER_URL": owner_url, "DATABASE_URL": app_url}, role


def _create_app_role(env: dict[str, str], home: Path) -> None:
    """`safepassage db roles --create`, from a scratch home of its own (keys made, never used)."""
    password = home / "app-password.txt"
    password.write_text(secrets.token_urlsafe(24), encoding="utf-8")
    password.chmod(0o600)
    scratch = {**env, "SAFEPASSAGE_HOME": str(home)}
    for args in (["init", "--keys-only"], ["db", "roles", "--create", "--password-file", str(password)]):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "safepassage", *args], env=scratch, check=True, stdout=subprocess.DEVNULL
        )


def _drop_postgres(url: str, name: str, role: str | None = None) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if role:
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def _child(database: str, argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--only", database, *argv], env=env, capture_output=True, text=True
    )
    if out.returncode not in (0, 1) or not out.stdout.strip():
        raise SystemExit(f"The {database} bench failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=400)
    parser.add_argument("--schemathesis-examples", type=int, default=8)
    parser.add_argument("--crash-runs", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.only:
        print(json.dumps(run_one(options.only, options)))
        return 0
    argv = [a for a in sys.argv[1:]]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    results: dict[str, Any] = {"sqlite": _child("sqlite", argv, env)}
    url = os.environ.get("DATABASE_URL", "")
    if url:
        bench_url, name = _throwaway_postgres(url)
        role_env, role = _app_role_env(bench_url, env)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                _create_app_role(role_env, Path(tmp))
            results["postgresql"] = _child("postgresql", argv, role_env)
        finally:
            _drop_postgres(url, name, role)
    else:
        print("DATABASE_URL is not set: the PostgreSQL pass was not run.")
    document = {"databases": results, "goals_met": all(r["goals_met"] for r in results.values())}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2) + "\n")
    keys = list(dict.fromkeys(k for r in results.values() for k in r))
    width = max(len(k) for k in keys)
    print(f"{'':<{width}}  " + "  ".join(f"{db:>12}" for db in results))
    for key in keys:
        print(f"{key:<{width}}  " + "  ".join(f"{str(r.get(key, '-')):>12}" for r in results.values()))
    return 0 if document["goals_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
