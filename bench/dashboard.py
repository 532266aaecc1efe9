"""Dashboard benchmark: time and query count of every figure at growing caseloads.

Fills a fresh data home (or the empty database given by --database-url) with fictional
persons, each with a capture date, one to three interviews, a determination history and, for
a third, an application with steps, written in bulk (this measures reads, not the services'
writes); then times `dashboard_for` for a legal officer (every figure) and a negotiator
(caseload only), and the CSV export. Prints a table and writes bench/results/dashboard.json.

    .venv/bin/python bench/dashboard.py [--sizes 1000 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "dashboard.json"
STATUSES = ["pow", "pow", "pow", "pow_pending_tribunal", "civilian", "not_pow"]
KINDS = ["repatriation", "third_state_transfer", "asylum_in_detaining_power", "neutral_internment"]
STATES = ["open", "conditional", "blocked"]
BATCH = 2000


def _fill(size: int, seed: int) -> None:
    """Fictional caseload in bulk: persons, interviews, determinations with their index, applications."""
    from safepassage.dashboard.services import interview_summary_refresh, summary_record, summary_record_first
    from safepassage.protection.models import Application, ApplicationStep, Determination, Interview
    from safepassage.registry.models import Capture, Person

    rng = random.Random(seed)
    start = date(2025, 1, 1)
    for first in range(0, size, BATCH):
        persons = [
            Person(case_number=f"SP-BENCH-{n:06d}", sex="male")
            for n in range(first, min(size, first + BATCH))
        ]
        Person.objects.bulk_create(persons)
        captures, interviews, applications, steps = [], [], [], []
        # (determination, result): each person's first, then the later ones in time order.
        determinations: list[tuple[object, dict[str, object]]] = []
        later: list[tuple[object, dict[str, object]]] = []
        for person in persons:
            captured = start + timedelta(days=rng.randrange(500))
            captures.append(Capture(person=person, captured_on=captured, detaining_power="UA"))
            for k in range(rng.randint(1, 3)):
                interviews.append(
                    Interview(
                        person=person,
                        held_on=captured + timedelta(days=20 + 40 * k),
                        place="Camp",
                        interviewer_name="Bench",
                        language="ko",
                        consent=True,
                        wish=rng.choice(["return", "not_return", "undecided"]),
                        verified_private=rng.random() < 0.6,
                    )
                )
            for k in range(rng.randint(1, 3)):
                at = datetime.combine(captured + timedelta(days=10 + 50 * k), datetime.min.time(), UTC)
                paths = {kind: rng.choice(STATES) for kind in KINDS}
                result = {
                    "status": {"code": rng.choice(STATUSES)},
                    "pathways": [{"code": c, "state": s} for c, s in paths.items()],
                }
                row = Determination(
                    person=person, position="icrc_2020", engine_version="bench", facts_digest="bench",
                    facts="{}", result=json.dumps(result), recorded_at=at,
                )  # fmt: skip
                (later if k else determinations).append((row, result))
            if rng.random() < 0.33:
                filed = captured + timedelta(days=30 + rng.randrange(200))
                application = Application(
                    person=person, procedure="ua_refugee", kind="asylum", filed_on=filed
                )
                applications.append(application)
                steps.append(ApplicationStep(application=application, step="lodged", done_on=filed))
                if rng.random() < 0.7:
                    steps.append(ApplicationStep(application=application, step="registered", done_on=filed))
        for model, rows in (
            (Capture, captures), (Interview, interviews),
            (Determination, [d for d, _ in determinations + later]),
            (Application, applications), (ApplicationStep, steps),
        ):  # fmt: skip
            model.objects.bulk_create(rows)
        # The dashboard index (sealed counts per determination and per unit and day), written by
        # the services that keep it: the first determinations in bulk, the later ones one by one.
        summary_record_first(determinations)
        for determination, result in sorted(later, key=lambda pair: pair[0].recorded_at):
            summary_record(determination=determination, result=result)
        # The interview index, as the interview service keeps it.
        interview_summary_refresh(p.pk for p in persons)


def _timed(call: object, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            call()  # type: ignore[operator]
            times.append((time.perf_counter() - began) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(times), max(times), queries


def run(size: int, repeat: int, seed: int) -> dict[str, object]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from safepassage.accounts.services import user_create
    from safepassage.core.roles import Role
    from safepassage.dashboard.export import as_csv
    from safepassage.dashboard.selectors import dashboard_for

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    _fill(size, seed)
    filled = time.perf_counter() - began
    for name, role in (("bench-legal", Role.LEGAL_OFFICER), ("bench-negotiator", Role.NEGOTIATOR)):
        user_create(actor=None, username=name, role=role, password="bench only 12345!", check_password=False)
    legal = get_user_model().objects.get(username="bench-legal")
    negotiator = get_user_model().objects.get(username="bench-negotiator")
    row: dict[str, object] = {
        "persons": size,
        "database": connection.vendor,
        "seconds_fill": round(filled, 1),
    }
    for label, call in (
        ("legal_month", lambda: dashboard_for(user=legal)),
        ("legal_week", lambda: dashboard_for(user=legal, every="week")),
        ("negotiator", lambda: dashboard_for(user=negotiator)),
        ("legal_csv", lambda: as_csv(dashboard_for(user=legal))),
    ):
        median, worst, queries = _timed(call, repeat)
        row[f"{label}_ms_median"], row[f"{label}_ms_max"], row[f"{label}_queries"] = (
            round(median, 1), round(worst, 1), queries,
        )  # fmt: skip
    return row


def _one(size: int, repeat: int, seed: int, database_url: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as home:
        os.environ["SAFEPASSAGE_HOME"] = home
        os.environ.pop("DATABASE_URL", None)
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
        from safepassage.home import ensure_home

        ensure_home(Path(home))
        import django

        django.setup()
        return run(size, repeat, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database-url", default="", help="an EMPTY PostgreSQL database (default: SQLite)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.sizes[0], args.repeat, args.seed, args.database_url)))
        return 0
    if args.database_url and len(args.sizes) > 1:
        parser.error("with --database-url give one size: each run needs an empty database")
    rows = []
    for size in args.sizes:
        # Each size in its own process and data home: Django reads its settings once per process.
        command = [sys.executable, __file__, "--one", "--sizes", str(size), "--repeat", str(args.repeat)]
        command += ["--seed", str(args.seed), "--database-url", args.database_url]
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{'persons':>8} {'db':>10} {'view':>12} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for r in rows:
        for view in ("legal_month", "legal_week", "negotiator", "legal_csv"):
            print(
                f"{r['persons']:>8} {r['database']:>10} {view:>12} {r[f'{view}_ms_median']:>10} "
                f"{r[f'{view}_ms_max']:>8} {r[f'{view}_queries']:>8}"
            )
    # Runs on the other database, or at other sizes, stay in the file beside these.
    kept = json.loads(RESULTS.read_text())["runs"] if RESULTS.exists() else []
    fresh = {(r["database"], r["persons"]) for r in rows}
    kept = [r for r in kept if (r["database"], r["persons"]) not in fresh]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    runs = sorted(kept + rows, key=lambda r: (str(r["database"]), int(r["persons"])))  # type: ignore[call-overload]
    RESULTS.write_text(json.dumps({"benchmark": "dashboard figures", "runs": runs}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
