"""Exchange reconciliation benchmark: a Cyrillic list of 1,000 against a registry in Hangul and Latin.

Registers the Korean side of safepassage.linkage.synthetic.linked_lists in a fresh data home
through the real services, imports the Russian side's Cyrillic list as an outgoing list, and
reconciles it with the same code the pages and `safepassage exchange reconcile` use. Prints a
table and writes bench/results/exchange.json, beside the goals of docs/reconcile.md.

    .venv/bin/python bench/exchange.py [--size 1000] [--dates good|poor]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "exchange.json"
GOALS = {"good": 0.97, "poor": 0.90}


def _birth(text: str) -> dict[str, object]:
    text = (text or "").strip()
    try:
        if len(text) == 4 and text.isdigit():
            return {"birth_precision": "year", "birth_year": int(text)}
        if len(text) == 10 and text[4] == "-":
            return {"birth_precision": "full", "birth_date": date.fromisoformat(text)}
        if len(text) == 10 and text[2] == ".":
            day, month, year = text.split(".")
            return {"birth_precision": "full", "birth_date": date(int(year), int(month), int(day))}
    except ValueError:
        pass
    return {"birth_precision": "unknown", "birth_date_text": text}


def run(size: int, dates: str, seed: int) -> dict[str, object]:
    from django.core.management import call_command

    from safepassage.exchanges import services as exchanges
    from safepassage.linkage.synthetic.lists import linked_lists
    from safepassage.registry import services as registry

    call_command("migrate", verbosity=0)
    lists = linked_lists(size, seed=seed, dates=dates)
    started = time.perf_counter()
    person_of: dict[str, str] = {}
    for row in lists.right.to_dict("records"):
        person = registry.person_create(actor=None, sex="male", **_birth(row["birth_date"]))
        script_kind = (
            "legal" if any("\uac00" <= ch <= "\ud7a3" for ch in row["full_name"]) else "transliteration"
        )
        registry.name_form_add(
            actor=None, person=person, text=row["full_name"], kind=script_kind, recorder_language="ko"
        )
        if row["unit"]:
            registry.service_record_add(
                actor=None, person=person, forces_of="KP", unit_designation=row["unit"]
            )
        person_of[row["id"]] = str(person.pk)
    registered = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "russian-side.csv"
        lists.left.to_csv(path, index=False, encoding="cp1251", errors="replace")
        round_ = exchanges.round_create(actor=None, name=f"Bench {size} {dates}")
        started = time.perf_counter()
        outgoing = exchanges.list_import(actor=None, round_=round_, direction="outgoing", path=path)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        counts = exchanges.list_reconcile(actor=None, exchange_list=outgoing)
        reconciled = time.perf_counter() - started
    truth = {(left, person_of[right]) for left, right in lists.truth}
    found = {(e.external_id, str(e.person_id)) for e in outgoing.entries.all() if e.match_status == "matched"}
    true_positive = len(found & truth)
    precision = true_positive / len(found) if found else 0.0
    recall = true_positive / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "size": size,
        "dates": dates,
        "seed": seed,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "goal_f1": GOALS[dates],
        "goal_met": f1 >= GOALS[dates],
        "counts": counts,
        "seconds_register": round(registered, 2),
        "seconds_import": round(imported, 2),
        "seconds_reconcile": round(reconciled, 2),
    }


def _one(size: int, dates: str, seed: int) -> dict[str, object]:
    """One variant in this process: a fresh data home, configured before Django starts."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["SAFEPASSAGE_HOME"] = home
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
        from safepassage.home import ensure_home

        ensure_home(Path(home))
        import django

        django.setup()
        return run(size, dates, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--dates", choices=sorted(GOALS), nargs="*", default=["good", "poor"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.size, args.dates[0], args.seed)))
        return 0
    rows = []
    for dates in args.dates:
        # Each variant in its own process: Django's settings are read once per process.
        command = [
            sys.executable,
            __file__,
            "--one",
            "--size",
            str(args.size),
            "--dates",
            dates,
            "--seed",
            str(args.seed),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"{'list':>12} {'precision':>9} {'recall':>7} {'F1':>6} {'goal':>5} {'met':>4} "
        f"{'import s':>8} {'reconcile s':>11}"
    )
    for r in rows:
        print(
            f"{str(r['size']) + ' ' + str(r['dates']):>12} {r['precision']:>9.4f} {r['recall']:>7.4f} "
            f"{r['f1']:>6.4f} {r['goal_f1']:>5.2f} {'yes' if r['goal_met'] else 'NO':>4} "
            f"{r['seconds_import']:>8.2f} {r['seconds_reconcile']:>11.2f}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"benchmark": "exchange reconciliation", "runs": rows}, indent=2) + "\n")
    return 0 if all(r["goal_met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
