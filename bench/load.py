"""Load benchmark: the served app (`safepassage serve`, gunicorn) under concurrent signed-in users.

Runs against a data home that already holds the caseload (`safepassage generate --persons 100000`),
on SQLite or, with DATABASE_URL set, PostgreSQL. It creates one account per virtual user (each
with its own authenticator, so TOTP codes are never replayed), starts `safepassage serve` on
loopback, signs every user in with password and TOTP code through the real pages, and has them
do the real mix until --duration or --max-requests: search the registry, open a person, record
an interview (caseworkers and monitors), and reconcile an exchange list (the negotiator). It
samples the server's memory (RSS of gunicorn's master and workers) and the load average, counts
the queries of each page in-process, prints a table and writes bench/results/load.json (one
entry per database, the other kept).

    SAFEPASSAGE_HOME=... [DATABASE_URL=...] .venv/bin/python bench/load.py [--users 16] [--duration 600]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

RESULTS = Path(__file__).resolve().parent / "results" / "load.json"
GOAL_P95_MS = 150.0
GOAL_ACTIONS = ("search", "person")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Roles of the virtual users, in turn: the people who search and open cases most.
ROLE_CYCLE = ("caseworker", "legal_officer", "neutral_monitor", "caseworker", "legal_officer")
PASSWORD = "load bench password, long enough 2026"  # noqa: S105 (a throwaway bench account)


# --- set-up, in-process ------------------------------------------------------------------


@dataclass
class Account:
    username: str
    role: str
    secret: str
    persons: list[str] = field(default_factory=list)


@dataclass
class Plan:
    accounts: list[Account]
    names: list[str]
    case_numbers: list[str]
    round_id: str
    persons_total: int
    vendor: str


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
    import django

    django.setup()


def _account(username: str, role: str, unit: Any) -> Account:
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    from safepassage.accounts.services import mfa_totp_enrol, user_create

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = user_create(actor=None, username=username, role=role, password=PASSWORD, unit=unit)
    Authenticator.objects.filter(user=user).delete()  # a bench account: a fresh secret each run
    uri = mfa_totp_enrol(actor=None, user=user)
    return Account(username, role, parse_qs(urlparse(uri).query)["secret"][0])


def _bench_round(names: list[str]) -> tuple[str, Account]:
    from django.contrib.auth import get_user_model

    from safepassage.core.roles import Role
    from safepassage.exchanges import services

    negotiator = _account("load-negotiator", Role.NEGOTIATOR, None)

    user = get_user_model().objects.get(username=negotiator.username)
    round_ = services.round_create(actor=user, name=f"Load bench {time.strftime('%Y-%m-%d %H:%M:%S')}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "outgoing.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "full_name", "birth_date", "unit"])
            for n, name in enumerate(names, start=1):
                writer.writerow([f"RU-{n:04d}", name, "", ""])
        services.list_import(actor=user, round_=round_, direction="outgoing", path=path)
    return str(round_.pk), negotiator


def prepare(users: int, seed: int, list_size: int) -> tuple[Plan, Account]:
    """Bench accounts with their authenticators, sample persons and names, and a round to reconcile."""
    _django()
    from django.db import connection

    from safepassage.accounts.models import Unit
    from safepassage.registry.models import NameForm, Person

    rng = random.Random(seed)  # noqa: S311
    unit_a = Unit.objects.get(name="Unit A")
    total = Person.objects.count()
    all_ids = list(Person.objects.values_list("pk", "unit_id", "case_number"))
    sample = rng.sample(all_ids, min(3000, len(all_ids)))
    in_a = [str(pk) for pk, unit, _ in sample if unit == unit_a.pk]
    anyone = [str(pk) for pk, _, _ in sample]
    accounts = []
    for n in range(users - 1):
        role = ROLE_CYCLE[n % len(ROLE_CYCLE)]
        account = _account(f"load-{role}-{n:02d}", role, unit_a if role == "caseworker" else None)
        account.persons = in_a if role == "caseworker" else anyone
        accounts.append(account)
    forms = NameForm.objects.filter(person_id__in=[pk for pk, _, _ in sample[:600]]).exclude(kind="document")
    names = [form.text for form in forms]
    cyrillic = [form.text for form in forms if form.script == "cyrillic"][:list_size]
    round_id, negotiator = _bench_round(cyrillic)
    plan = Plan(accounts, names, [c for _, _, c in sample], round_id, total, connection.vendor)
    return plan, negotiator


def query_counts(plan: Plan) -> dict[str, int]:
    """Queries per page, counted in-process on the same database with a signed-in legal officer."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    legal = next(a for a in plan.accounts if a.role == "legal_officer")
    caseworker = next(a for a in plan.accounts if a.role == "caseworker")
    counts: dict[str, int] = {}

    def client_for(account: Account) -> Client:
        client = Client(SERVER_NAME="127.0.0.1")
        user = get_user_model().objects.get(username=account.username)
        client.force_login(user)
        session = client.session
        now = time.time()
        # What the password and TOTP steps leave in a real session (see tests/app/conftest.py).
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "username": account.username},
            {"method": "mfa", "at": now, "type": "totp"},
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
        return client

    pages = {
        "person list": (legal, "/persons/"),
        "search by name": (legal, "/persons/?q=" + plan.names[0]),
        "search by case number": (legal, "/persons/?q=" + plan.case_numbers[0]),
        "person page": (legal, f"/persons/{legal.persons[0]}/"),
        "person page (caseworker)": (caseworker, f"/persons/{caseworker.persons[0]}/"),
        "interview form": (caseworker, f"/persons/{caseworker.persons[0]}/interviews/new/"),
        "work list": (legal, "/work/"),
        "exchange round": (legal, f"/exchanges/{plan.round_id}/"),
        "persons API": (legal, "/api/v1/persons/"),
    }
    clients: dict[str, Client] = {}
    for label, (account, url) in pages.items():
        client = clients.setdefault(account.username, client_for(account))
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        counts[label] = len(queries) if status == 200 else -status
    return counts


# --- the server ---------------------------------------------------------------------------


def serve(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "safepassage", "serve", "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--workers", str(workers)]
    handle = log.open("wb")
    process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    import requests

    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"The server did not answer on port {port} within 60 s; see {log}.")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class Sampler:
    master: int
    interval: float
    samples: list[dict[str, Any]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, started: float) -> None:
        while not self.stop.is_set():
            workers = _children(self.master)
            per = {str(pid): round(_rss_mb(pid), 1) for pid in workers}
            total = _rss_mb(self.master) + sum(per.values())
            self.samples.append(
                {
                    "t": round(time.time() - started, 1),
                    "rss_mb": round(total, 1),
                    "workers_mb": per,
                    "load_avg": [round(x, 2) for x in os.getloadavg()],
                }
            )
            self.stop.wait(self.interval)


# --- virtual users --------------------------------------------------------------------------


@dataclass
class Record:
    action: str
    ms: float
    ok: bool
    detail: str = ""


@dataclass
class Shared:
    base: str
    deadline: float
    budget: int
    think: float
    reconcile_every: float
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0

    def take(self) -> bool:
        with self.lock:
            if self.sent >= self.budget or time.time() >= self.deadline:
                return False
            self.sent += 1
            return True

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class User:
    """One signed-in person with a browser session: CSRF tokens from the forms, cookies kept."""

    def __init__(self, account: Account, plan: Plan, shared: Shared, seed: int) -> None:
        import requests

        self.account, self.plan, self.shared = account, plan, shared
        self.http = requests.Session()
        self.rng = random.Random(seed)  # noqa: S311
        self.next_reconcile = 0.0

    def _timed(self, action: str, method: str, path: str, expect: int, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.shared.base + path, timeout=120, allow_redirects=False, **kwargs
            )
        except Exception as exc:  # noqa: BLE001 (any failure is an error of the run, recorded)
            self.shared.add(Record(action, (time.perf_counter() - started) * 1000, False, repr(exc)[:200]))
            return None
        ms = (time.perf_counter() - started) * 1000
        ok = response.status_code == expect
        detail = "" if ok else f"{method} {path} -> {response.status_code}"
        self.shared.add(Record(action, ms, ok, detail))
        return response if ok else None

    def _csrf(self, path: str, action: str) -> str | None:
        response = self._timed(action, "GET", path, 200)
        found = CSRF.search(response.text) if response is not None else None
        return found.group(1) if found else None

    def sign_in(self) -> bool:
        token = self._csrf("/accounts/login/", "sign-in")
        form = {"csrfmiddlewaretoken": token, "login": self.account.username, "password": PASSWORD}
        if self._timed("sign-in", "POST", "/accounts/login/", 302, data=form) is None:
            return False
        token = self._csrf("/accounts/mfa/authenticate/", "sign-in")
        code = {"csrfmiddlewaretoken": token, "code": totp_now(self.account.secret)}
        return self._timed("sign-in", "POST", "/accounts/mfa/authenticate/", 302, data=code) is not None

    def search(self) -> None:
        roll = self.rng.random()
        if roll < 0.4:
            q = self.rng.choice(self.plan.names)
        elif roll < 0.7:
            q = cross_script(self.rng, self.rng.choice(self.plan.names))
        elif roll < 0.85:
            q = self.rng.choice(self.plan.names).split()[-1]
        else:
            q = self.rng.choice(self.plan.case_numbers)
        self._timed("search", "GET", "/persons/", 200, params={"q": q})

    def person(self) -> None:
        self._timed("person", "GET", f"/persons/{self.rng.choice(self.account.persons)}/", 200)

    def interview(self) -> None:
        pk = self.rng.choice(self.account.persons)
        path = f"/persons/{pk}/interviews/new/"
        token = self._csrf(path, "interview form")
        if token is None:
            return
        wish = self.rng.choice(["not_return", "return", "undecided"])
        form = {
            "csrfmiddlewaretoken": token, "held_on": date.today().isoformat(), "place": "Interview room 2",
            "interviewer_name": self.account.username, "interpreter": "", "language": "ko",
            "others_present": "", "consent": "on", "wish": wish,
            "wish_destination": "KR" if wish == "not_return" else "",
            "statement": "Load bench interview (fictional).", "informed_of_purpose": "on",
            "understood_language": "on", "no_coercion_observed": "on", "no_promises_made": "on",
            "free_to_stop": "on", "withdraws": "",
        }  # fmt: skip
        if self.account.role == "neutral_monitor":
            form["verified_private"] = "on"
        self._timed("interview", "POST", path, 302, data=form)

    def reconcile(self) -> None:
        path = f"/exchanges/{self.plan.round_id}/"
        token = self._csrf(path, "exchange round")
        if token is None:
            return
        done = self._timed("reconcile", "POST", path + "reconcile/", 302, data={"csrfmiddlewaretoken": token})
        if done is not None:
            page = self._timed("exchange round", "GET", path, 200)
            if page is not None and 'class="error"' in page.text:
                self.shared.add(Record("reconcile", 0.0, False, "the round page shows an error message"))

    def run(self) -> None:
        while self.shared.take():
            self.step()
            if self.shared.think:
                time.sleep(self.rng.uniform(0.5, 1.5) * self.shared.think)

    def step(self) -> None:
        if self.account.role == "negotiator":
            # A negotiator reconciles a list now and then and otherwise reads the round.
            if time.time() >= self.next_reconcile:
                self.next_reconcile = time.time() + self.shared.reconcile_every
                self.reconcile()
            else:
                self._timed("exchange round", "GET", f"/exchanges/{self.plan.round_id}/", 200)
            return
        roll = self.rng.random()
        may_interview = self.account.role in ("caseworker", "neutral_monitor")
        if roll < 0.5:
            self.search()
        elif roll < 0.9 or not may_interview:
            self.person()
        else:
            self.interview()


# --- report ---------------------------------------------------------------------------------


def cross_script(rng: random.Random, name: str) -> str:
    """A recorded name as another list would spell it: another script or system, or reversed."""
    from safepassage.names import hangul_candidates, romanize, to_cyrillic

    readings = hangul_candidates(name, limit=1)
    if not readings:
        return name
    hangul = readings[0]
    spelled = rng.choice(
        [romanize(hangul, "nk"), romanize(hangul, "mr"), romanize(hangul, "rr"),
         to_cyrillic(hangul, "ru"), to_cyrillic(hangul, "uk"), hangul]
    )  # fmt: skip
    words = spelled.split()
    return " ".join(words[1:] + words[:1]) if rng.random() < 0.2 and len(words) > 1 else spelled


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summarise(records: list[Record], seconds: float) -> dict[str, Any]:
    by: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by[record.action].append(record)
    actions = {}
    for action, rows in sorted(by.items()):
        ms = [r.ms for r in rows if r.ok]
        errors = [r.detail for r in rows if not r.ok]
        actions[action] = {
            "requests": len(rows),
            "errors": len(errors),
            "error_examples": sorted(set(errors))[:5],
            "p50_ms": round(_percentile(ms, 50), 1),
            "p95_ms": round(_percentile(ms, 95), 1),
            "p99_ms": round(_percentile(ms, 99), 1),
            "max_ms": round(max(ms), 1) if ms else 0.0,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else 0.0,
        }
    total = len(records)
    return {"actions": actions, "requests": total, "requests_per_second": round(total / seconds, 1)}


def memory_summary(samples: list[dict[str, Any]], warmup: float) -> dict[str, Any]:
    if not samples:
        return {}
    after = [s for s in samples if s["t"] >= warmup] or samples
    start, end = after[0]["rss_mb"], samples[-1]["rss_mb"]
    return {
        "first_mb": samples[0]["rss_mb"],
        "start_after_warmup_mb": start,
        "end_mb": end,
        "max_mb": max(s["rss_mb"] for s in samples),
        "growth_after_warmup_percent": round(100 * (end - start) / start, 1) if start else 0.0,
        "warmup_seconds": warmup,
    }


def judge(load: dict[str, Any], memory: dict[str, Any], *, all_signed_in: bool) -> dict[str, bool]:
    """The issue's goals: search and person page p95, no error, memory not growing after warm-up."""
    actions = load["actions"]
    goals = {
        f"{a} p95 < {GOAL_P95_MS:.0f} ms": a in actions and actions[a]["p95_ms"] < GOAL_P95_MS
        for a in GOAL_ACTIONS
    }
    goals["zero errors"] = all(row["errors"] == 0 for row in actions.values()) and all_signed_in
    # Growth, not change: RSS that falls back after a reconciliation's peak is not a leak.
    goals["memory flat (< 10 % growth after warm-up)"] = memory.get("growth_after_warmup_percent", 100) < 10
    return goals


def rescore(path: Path) -> None:
    """Recompute memory summary and goals of every entry from its stored samples (same data)."""
    results = json.loads(path.read_text(encoding="utf-8"))
    for entry in results.values():
        entry["memory"] = memory_summary(entry["memory_samples"], entry["memory"]["warmup_seconds"])
        entry["goals"] = judge(
            entry["load"], entry["memory"], all_signed_in=entry["signed_in"] == entry["users"]
        )
        print_table(entry)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def print_table(entry: dict[str, Any]) -> None:
    rate = entry["load"]["requests_per_second"]
    print(f"\n{entry['database']}: {entry['persons']} persons, {entry['users']} users, "
          f"{entry['seconds']:.0f} s, {rate} req/s, {entry['workers']} workers, "
          f"think {entry['think_seconds_mean']} s")  # fmt: skip
    print(f"{'action':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for action, row in entry["load"]["actions"].items():
        print(
            f"{action:<16}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}"
            f"{row['p99_ms']:>9}{row['max_ms']:>9}"
        )
    memory = entry["memory"]
    print(f"server RSS: first {memory.get('first_mb')} MB, "
          f"after warm-up {memory.get('start_after_warmup_mb')} MB, "
          f"end {memory.get('end_mb')} MB, max {memory.get('max_mb')} MB")  # fmt: skip
    print("queries per page: " + ", ".join(f"{k} {v}" for k, v in entry["query_counts"].items()))
    print("goals: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in entry["goals"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=16, help="concurrent signed-in users (one negotiator)")
    parser.add_argument("--duration", type=float, default=600, help="seconds of load after sign-in")
    parser.add_argument("--max-requests", type=int, default=500_000, help="stop after this many actions")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a user's actions (s)")
    parser.add_argument(
        "--reconcile-every", type=float, default=300, help="seconds between the negotiator's reconciliations"
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the setting)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--list-size", type=int, default=50, help="entries on the list the negotiator reconciles"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between memory samples")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--rescore", action="store_true", help="only recompute goals in --out from its samples"
    )
    args = parser.parse_args()
    if args.rescore:
        rescore(args.out)
        return
    if args.users < 2:
        raise SystemExit("--users must be at least 2 (one of them is the negotiator).")

    plan, negotiator = prepare(args.users, args.seed, args.list_size)
    counts = query_counts(plan)
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    workers = args.workers or settings.SAFEPASSAGE_WORKERS
    log = Path(settings.SAFEPASSAGE_HOME) / "load-serve.log"
    process = serve(args.port, workers, log)
    try:
        shared = Shared(
            f"http://127.0.0.1:{args.port}", 0.0, args.max_requests, args.think, args.reconcile_every
        )
        users = [User(a, plan, shared, args.seed + n) for n, a in enumerate([*plan.accounts, negotiator])]
        # Sign everyone in first (Argon2 costs ~120 ms of CPU each), then start the clock.
        signed = [u for u in users if u.sign_in()]
        started = time.time()
        shared.deadline = started + args.duration
        sampler = Sampler(process.pid, args.sample_every)
        threads = [threading.Thread(target=sampler.run, args=(started,), daemon=True)]
        threads += [threading.Thread(target=user.run) for user in signed]
        for thread in threads:
            thread.start()
        for thread in threads[1:]:
            thread.join()
        seconds = time.time() - started
        sampler.stop.set()
        threads[0].join()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    load = summarise(shared.records, seconds)
    memory = memory_summary(sampler.samples, warmup=min(60.0, seconds / 5))
    goals = judge(load, memory, all_signed_in=len(signed) == len(users))
    entry = {
        "database": plan.vendor,
        "persons": plan.persons_total,
        "users": len(users),
        "signed_in": len(signed),
        "roles": sorted({u.account.role for u in users}),
        "think_seconds_mean": args.think,
        "reconcile_every_seconds": args.reconcile_every,
        "seconds": round(seconds, 1),
        "duration_asked": args.duration,
        "max_requests": args.max_requests,
        "workers": workers,
        "server": "gunicorn (safepassage serve), sync workers",
        "load": load,
        "memory": memory,
        "memory_samples": sampler.samples,
        "load_average_start": sampler.samples[0]["load_avg"] if sampler.samples else None,
        "load_average_end": sampler.samples[-1]["load_avg"] if sampler.samples else None,
        "query_counts": counts,
        "goals": goals,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "machine": platform.machine(),
        },
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    print_table(entry)
    existing = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    existing[plan.vendor] = entry
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
