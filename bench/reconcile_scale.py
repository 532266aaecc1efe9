"""Reconciling exchange lists against a large registry: stage timings, agreement, memory.

Builds noisy 50-entry Cyrillic lists from the registry of a data home (most entries are
registry persons written as a Russian or Ukrainian clerk would, with typos, partial dates
and units; some are men the registry does not hold), imports each through the service,
then reconciles it twice: through `list_reconcile` (candidates blocked in the database,
the matching in a child process) and the old way (the whole registry decrypted and
linked in this process). Prints stage timings, whether both ways agree, and this
process's memory before and after. Writes bench/results/reconcile.json.

    SAFEPASSAGE_HOME=/path/to/a/copy .venv/bin/python bench/reconcile_scale.py [--lists 3] [--size 50]

It writes rounds and lists into the data home: run it on a copy.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "reconcile.json"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
    import django

    django.setup()


def _rows(seed: int, size: int, strangers: int) -> list[list[str]]:
    """A noisy Cyrillic list: registry persons as a clerk writes them, and men not in the registry."""
    from safepassage.core.rls import SYSTEM, database_context
    from safepassage.linkage.synthetic.people import Person as Synthetic
    from safepassage.linkage.synthetic.people import make_people
    from safepassage.linkage.synthetic.render import Noise, birth_text, cyrillic_name, unit_text
    from safepassage.registry.matching import registry_records
    from safepassage.registry.models import Person

    rng = random.Random(seed)  # noqa: S311 (fictional lists, reproducible by seed)
    noise = Noise(unit_slip=0.05, wrong_date=0.02)
    with database_context(SYSTEM):
        pks = list(Person.objects.order_by().values_list("pk", flat=True))
        chosen = rng.sample(pks, size - strangers)
        known = registry_records(Person.objects.filter(pk__in=chosen))
    people = []
    for n, record in enumerate(known):
        name, birth = record.full_name, record.birth
        if not name or not "가" <= name[0] <= "힣":
            continue
        # A registry that knows only the year (or nothing): the clerk's list has some date.
        year = birth.year if birth.year is not None else rng.randrange(1985, 2007)
        if birth.is_full and birth.month is not None and birth.day is not None:
            born = date(year, birth.month, birth.day)
        else:
            born = date(year, rng.randrange(1, 13), 15)
        digits = "".join(ch for ch in record.unit if ch.isdigit()) or "00000"
        people.append(Synthetic(n, name[0], name[1:], born, digits))
    people += make_people(size - len(people), random.Random(seed + 1_000_003))  # noqa: S311
    rows = []
    for n, who in enumerate(people, start=1):
        rows.append(
            [
                f"RU-{seed}-{n:04d}",
                cyrillic_name(who, noise, rng),
                birth_text(who.birth, noise, rng, dotted=True),
                unit_text(who.unit, noise, rng, cyrillic=True),
            ]
        )
    return rows


def _import(rows: list[list[str]], name: str) -> Any:
    from safepassage.exchanges import services

    round_ = services.round_create(actor=None, name=name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "incoming.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "full_name", "birth_date", "unit"])
            writer.writerows(rows)
        return services.list_import(actor=None, round_=round_, direction="incoming", path=path)


def whole_registry(exchange_list: Any) -> tuple[dict[str, float], dict[str, tuple[str, str, float]]]:
    """The old way, stage by stage: decrypt and analyse the whole registry, link it all."""
    from safepassage.core.rls import SYSTEM, database_context
    from safepassage.exchanges.imports import stored_list
    from safepassage.exchanges.services import MATCH_THRESHOLD
    from safepassage.linkage.backends import backend_named
    from safepassage.linkage.model import Model
    from safepassage.linkage.reconcile import reconcile
    from safepassage.registry.matching import registry_list
    from safepassage.registry.models import Person

    stages: dict[str, float] = {}
    started = time.perf_counter()
    with database_context(SYSTEM):
        registry = registry_list(Person.objects.all())
    stages["decrypt registry"] = time.perf_counter() - started
    started = time.perf_counter()
    incoming = stored_list(list(exchange_list.entries.all()), "list")
    stages["check rows"] = time.perf_counter() - started
    started = time.perf_counter()
    from safepassage.linkage import features

    features.record_features(registry.frame)
    stages["name analysis (registry)"] = time.perf_counter() - started
    started = time.perf_counter()
    result = reconcile(
        incoming, registry, model=Model.default(), backend=backend_named("duckdb"), threshold=MATCH_THRESHOLD
    )
    stages["features (cached) + Splink + assign"] = time.perf_counter() - started
    return stages, _outcome(result)


def blocked_stages(exchange_list: Any) -> dict[str, float]:
    """The service's steps one by one, timed: counts, candidates, decrypting them, linking apart."""
    from safepassage.core.rls import SYSTEM, database_context
    from safepassage.exchanges.imports import stored_list
    from safepassage.exchanges.services import MATCH_THRESHOLD
    from safepassage.linkage import people_from_records, reconcile_lists_apart
    from safepassage.registry import matching as rc

    stages: dict[str, float] = {}
    started = time.perf_counter()
    incoming = stored_list(list(exchange_list.entries.all()), "list")
    with database_context(SYSTEM):
        size = rc.registry_size()
        whole = rc.population(incoming, size)
        stages["registry size and unit counts"] = time.perf_counter() - started
        started = time.perf_counter()
        ids = rc.candidate_ids(incoming, whole)
        stages["candidates (list tokens + key lookup)"] = time.perf_counter() - started
        started = time.perf_counter()
        registry = people_from_records(rc.candidate_records(ids), "registry")
        stages["decrypt candidates"] = time.perf_counter() - started
    started = time.perf_counter()
    reconcile_lists_apart(incoming, registry, population=whole, threshold=MATCH_THRESHOLD, review_low=0.1)
    stages["child: start + features + Splink"] = time.perf_counter() - started
    stages["candidates"] = float(len(registry))
    return stages


def _outcome(result: Any) -> dict[str, tuple[str, str, float]]:
    """Entry id -> (status, person id, probability), as list_reconcile stores them."""
    outcome: dict[str, tuple[str, str, float]] = {}
    for match in result.matches.to_dict("records"):
        outcome[str(match["left_id"])] = (
            "matched",
            str(match["right_id"]),
            float(match["match_probability"]),
        )
    for row in result.review.to_dict("records"):
        if str(row["left_id"]) not in outcome:
            outcome[str(row["left_id"])] = ("review", str(row["right_id"]), float(row["match_probability"]))
    return outcome


def stored(exchange_list: Any) -> dict[str, tuple[str, str, float]]:
    return {
        e.external_id: (e.match_status, str(e.person_id), float(e.match_probability))
        for e in exchange_list.entries.all()
        if e.match_status != "unmatched"
    }


def compare(new: dict[str, tuple[str, str, float]], old: dict[str, tuple[str, str, float]]) -> list[str]:
    differences = []
    for key in sorted(set(new) | set(old)):
        a, b = new.get(key), old.get(key)
        if a is None or b is None or a[:2] != b[:2] or abs(a[2] - b[2]) > 1e-9:
            differences.append(f"{key}: blocked {a} whole {b}")
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=3)
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--strangers", type=int, default=8, help="entries not in the registry, per list")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-whole", action="store_true", help="time only the service")
    parser.add_argument("--stages", action="store_true", help="time the service's steps one by one too")
    args = parser.parse_args()
    _django()
    from django.db import connection

    from safepassage.exchanges import services
    from safepassage.registry.models import Person

    runs = []
    rss_start = _rss_mb()
    for n in range(args.lists):
        rows = _rows(args.seed + n, args.size, args.strangers)
        exchange_list = _import(rows, f"Reconcile bench {time.strftime('%H:%M:%S')} #{n + 1}")
        rss_before = _rss_mb()
        started = time.perf_counter()
        counts = services.list_reconcile(actor=None, exchange_list=exchange_list)
        seconds = time.perf_counter() - started
        run: dict[str, Any] = {
            "list": n + 1,
            "service_seconds": round(seconds, 2),
            "counts": counts,
            "rss_before_mb": round(rss_before, 1),
            "rss_after_mb": round(_rss_mb(), 1),
        }
        if args.stages:
            run["blocked_stages"] = {k: round(v, 2) for k, v in blocked_stages(exchange_list).items()}
        if not args.skip_whole:
            stages, old = whole_registry(exchange_list)
            run["whole_registry_stages"] = {k: round(v, 2) for k, v in stages.items()}
            run["differences"] = compare(stored(exchange_list), old)
        runs.append(run)
        print(json.dumps(run, ensure_ascii=False))
    entry = {
        "date": time.strftime("%Y-%m-%d"),
        "vendor": connection.vendor,
        "persons": Person.objects.count(),
        "list_size": args.size,
        "cores": os.cpu_count(),
        "rss_start_mb": round(rss_start, 1),
        "runs": runs,
    }
    print(f"{'list':>4} {'service s':>10} {'matched':>8} {'review':>7} {'unmatched':>9} {'rss MB':>12} diffs")
    for run in runs:
        c = run["counts"]
        print(
            f"{run['list']:>4} {run['service_seconds']:>10} {c['matched']:>8} {c['review']:>7} "
            f"{c['unmatched']:>9} {run['rss_before_mb']:>5}->{run['rss_after_mb']:<6} "
            f"{len(run.get('differences', [])) if 'differences' in run else '-'}"
        )
    RESULTS.write_text(json.dumps(entry, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
