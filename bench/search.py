"""Search benchmark: quality (recall@10, precision@1) and latency of the registry's name search.

Runs against a data home already filled by `safepassage generate --persons N` (SAFEPASSAGE_HOME,
and DATABASE_URL for PostgreSQL). From a random sample of registered persons it writes queries
the way other lists spell them: every Latin system (North Korean, McCune-Reischauer with and
without breves, Revised Romanization), Cyrillic (Russian Kontsevich, Ukrainian), the other name
order, the given name missing a syllable, and a typo (one letter dropped or doubled). Each query
is searched as a legal officer with `registry.selectors.person_find` (what the list page and the
`?q=` API call) and, beside it in the same run, with a plain `icontains` baseline: every name
form opened in memory (there is no plaintext column to ask the database) and tested for the
query as a substring, persons in case-number order. Prints a table; writes
bench/results/search.json.

    SAFEPASSAGE_HOME=var/bench-10k .venv/bin/python bench/search.py [--queries 400] [--seed 5]

A hit is counted strictly (the very person). The generator gives some different men the same
Hangul name, a system spells some different names alike (성 and 송 are both Song), and a
shortened or misspelt query fits several names, so beside each figure the bench reports the
most any search could reach knowing only the query (`ceiling`, see `Ceilings`: a man of k who
cannot be told apart is first for 1/k of the queries); where a goal is above its ceiling, the
goal is the ceiling less 0.02.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "search.json"
# The variants a system spells from the name (the others are made at random or shortened).
SPELLED = ("nk", "mr", "mr_ascii", "rr", "cyrillic_ru", "cyrillic_uk", "reversed")
# A goal the data puts out of reach is met within this much of its ceiling.
CEILING_SLACK = 0.02
VARIANTS = (
    "nk", "mr", "mr_ascii", "rr", "cyrillic_ru", "cyrillic_uk", "reversed", "missing_syllable", "typo",
)  # fmt: skip


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
    import django

    django.setup()


def _hangul_names() -> tuple[dict[Any, str], dict[Any, list[str]], dict[Any, str]]:
    """Per person: his legal Hangul name, every name form he has (opened), his case number."""
    from safepassage.core.keys import keyring
    from safepassage.registry.models import NameForm, Person

    ring = keyring()
    field = NameForm._meta.get_field("text")
    legal: dict[Any, str] = {}
    forms: dict[Any, list[str]] = defaultdict(list)
    rows = NameForm.objects.order_by().values_list("pk", "person_id", "text", "script", "kind")
    for pk, person_id, sealed, script, kind in rows.iterator(chunk_size=5000):
        text = field.open_raw(pk, sealed, ring)
        forms[person_id].append(text)
        if script == "hangul" and kind == "legal":
            legal.setdefault(person_id, text)
    cases = dict(Person.objects.values_list("pk", "case_number"))
    return legal, forms, cases


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0]
    i = rng.choice(letters)
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def make_queries(rng: random.Random, legal: dict[Any, str], size: int) -> list[tuple[str, str, Any]]:
    """(variant, query, the person it was made from) for `size` persons, every variant each."""
    from safepassage.names import romanize, to_cyrillic
    from safepassage.names.surnames import split_hangul

    queries = []
    for person_id in rng.sample(sorted(legal, key=str), min(size, len(legal))):
        hangul = legal[person_id]
        surname, given = split_hangul(hangul)
        nk = romanize(hangul, "nk")
        made = {
            "nk": nk,
            "mr": romanize(hangul, "mr"),
            "mr_ascii": romanize(hangul, "mr_ascii"),
            "rr": romanize(hangul, "rr"),
            "cyrillic_ru": to_cyrillic(hangul, "ru"),
            "cyrillic_uk": to_cyrillic(hangul, "uk"),
            "reversed": " ".join(nk.split()[1:] + nk.split()[:1]),
            "typo": _typo(rng, nk),
        }
        if surname and len(given) >= 2:
            made["missing_syllable"] = romanize(surname + given[:-1], "nk")
        queries += [(variant, made[variant], person_id) for variant in VARIANTS if variant in made]
    return queries


def baseline(query: str, forms: dict[Any, list[str]], cases: dict[Any, str]) -> list[Any]:
    """A plain `icontains` search over every name form: case-number order."""
    wanted = query.casefold()
    found = [pid for pid, texts in forms.items() if any(wanted in t.casefold() for t in texts)]
    return sorted(found, key=lambda pid: cases[pid])


def spelled(variant: str, hangul: str) -> str | None:
    """How `variant` spells a Hangul name (None for the variants made at random or shortened)."""
    from safepassage.names import romanize, to_cyrillic

    if variant in ("nk", "mr", "mr_ascii", "rr"):
        return romanize(hangul, variant)
    if variant.startswith("cyrillic_"):
        return to_cyrillic(hangul, variant.removeprefix("cyrillic_"))
    if variant == "reversed":
        words = romanize(hangul, "nk").split()
        return " ".join(words[1:] + words[:1])
    return None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _typos(text: str) -> Counter[str]:
    """Every query `_typo` can make of `text`, with how many of its 2 x len(letters) choices make it."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0]
    made: Counter[str] = Counter()
    for i in letters:
        made[_fold(text[:i] + text[i + 1 :])] += 1
        made[_fold(text[:i] + text[i] + text[i:])] += 1
    return made


class Ceilings:
    """What the best possible name search could score on each query: it knows only the query.

    Different men can give one query: namesakes (the generator repeats common Hangul names),
    names a system spells alike (성 and 송 are both Song in the North Korean system and Сон in
    Cyrillic), and the same query in another system or order (the search is not told which
    system the query is in). Nothing in the query tells them apart, so the best a search can do
    is rank them in some order: a man of a group of k is first for 1/k of the queries made
    from that group, and among the first ten for min(1, 10/k). A shortened or misspelt query is
    read likewise: the men spelled exactly as the query come first (the query is their name),
    then those the variant could have made it from, the likelier first (a typo's chance is
    the share of the generator's choices that make the query from his name).

    Counting a query as reached whenever the top result is *some* namesake of the person (as
    this bench did until issue 15) is no ceiling: only one man of a group can be first, so it
    reported 0.97-1.0 at 100,000 persons where about 0.5 was the most any search could reach.
    """

    def __init__(self, legal: dict[Any, str], queries: list[tuple[str, str, Any]]) -> None:
        from safepassage.names import romanize
        from safepassage.names.surnames import split_hangul

        wanted = {_fold(query) for _variant, query, _pid in queries}
        self.exact: dict[str, set[Any]] = defaultdict(set)
        self.shortened: dict[str, set[Any]] = defaultdict(set)
        self.misspelt: dict[str, dict[Any, Fraction]] = defaultdict(dict)
        for pid, hangul in legal.items():
            spellings = {_fold(hangul)} | {_fold(spelled(v, hangul) or "") for v in SPELLED}
            for text in spellings & wanted:
                self.exact[text].add(pid)
            surname, given = split_hangul(hangul)
            if surname and len(given) >= 2:
                short = _fold(romanize(surname + given[:-1], "nk"))
                if short in wanted:
                    self.shortened[short].add(pid)
            nk = romanize(hangul, "nk")
            typos = _typos(nk)
            choices = 2 * sum(1 for i, ch in enumerate(nk) if ch.isalpha() and i > 0)
            for text in typos.keys() & wanted:
                self.misspelt[text][pid] = Fraction(typos[text], choices)

    def of(self, variant: str, query: str, truth: Any) -> tuple[float, float]:
        """(best precision at 1, best recall at 10) of this query."""
        text = _fold(query)
        if variant in SPELLED:
            group = self.exact[text] | {truth}
            return 1 / len(group), min(1.0, 10 / len(group))
        before = len(self.exact[text] - {truth})
        if variant == "missing_syllable":
            chance = dict.fromkeys(self.shortened[text] | {truth}, Fraction(1))
        else:
            chance = self.misspelt[text] or {truth: Fraction(1)}
        mine = chance.get(truth, Fraction(0))
        before += sum(1 for c in chance.values() if c > mine)
        equal = max(1, sum(1 for c in chance.values() if c == mine))
        first = 1 / equal if before == 0 else 0.0
        return first, max(0.0, min(1.0, (10 - before) / equal))


def _score(ranked: list[Any], truth: Any, ceiling: tuple[float, float]) -> tuple[float, ...]:
    """(in the first ten, first, the best first, the best in the first ten) of one query."""
    return float(truth in ranked[:10]), float(bool(ranked) and ranked[0] == truth), *ceiling


def _summary(rows: list[tuple[float, ...]], times: list[float]) -> dict[str, Any]:
    n = max(1, len(rows))
    ordered = sorted(times)
    return {
        "queries": len(rows),
        "recall_at_10": round(sum(r[0] for r in rows) / n, 4),
        "precision_at_1": round(sum(r[1] for r in rows) / n, 4),
        "precision_at_1_ceiling": round(sum(r[2] for r in rows) / n, 4),
        "recall_at_10_ceiling": round(sum(r[3] for r in rows) / n, 4),
        "ms_median": round(statistics.median(ordered), 1) if ordered else None,
        "ms_p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
    }


def run(size: int, seed: int) -> dict[str, Any]:
    _django()
    from django.contrib.auth import get_user_model
    from django.db import OperationalError, connection

    from safepassage.accounts.services import user_create
    from safepassage.core.roles import Role
    from safepassage.registry.selectors import PersonFilters, person_find

    legal_user = get_user_model().objects.filter(username="bench-search-legal").first()
    for _attempt in range(120):
        if legal_user is not None:
            break
        try:
            legal_user = user_create(
                actor=None,
                username="bench-search-legal",
                role=Role.LEGAL_OFFICER,
                password=secrets.token_urlsafe(18),
                check_password=False,
            )
        except OperationalError:  # SQLite busy with another writer: wait for it
            time.sleep(2)
    legal, forms, cases = _hangul_names()
    rng = random.Random(seed)  # noqa: S311 (a benchmark's sample)
    queries = make_queries(rng, legal, size)
    ceilings = Ceilings(legal, queries)
    ours: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    plain: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    our_ms: dict[str, list[float]] = defaultdict(list)
    plain_ms: dict[str, list[float]] = defaultdict(list)
    # Warm-up: the names core's tables and the database's caches, as a running server has them.
    for _variant, query, _pid in queries[:20]:
        person_find(user=legal_user, filters=PersonFilters(q=query))
    for variant, query, truth in queries:
        ceiling = ceilings.of(variant, query, truth)
        started = time.perf_counter()
        found = person_find(user=legal_user, filters=PersonFilters(q=query))
        ranked = [p.pk for p in list(found.people)[:10]]
        our_ms[variant].append((time.perf_counter() - started) * 1000)
        ours[variant].append(_score(ranked, truth, ceiling))
        started = time.perf_counter()
        ranked = baseline(query, forms, cases)[:10]
        plain_ms[variant].append((time.perf_counter() - started) * 1000)
        plain[variant].append(_score(ranked, truth, ceiling))
    every = [r for v in VARIANTS for r in ours[v]]
    every_plain = [r for v in VARIANTS for r in plain[v]]
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "persons": len(cases),
        "sampled_persons": size,
        "seed": seed,
        "search": _summary(every, [t for v in VARIANTS for t in our_ms[v]]),
        "icontains_baseline": _summary(every_plain, [t for v in VARIANTS for t in plain_ms[v]]),
        "by_variant": {
            v: {"search": _summary(ours[v], our_ms[v]), "icontains_baseline": _summary(plain[v], plain_ms[v])}
            for v in VARIANTS
        },
        "goals": {"recall_at_10": 0.95, "precision_at_1": 0.90},
        "ceiling": "best any search could score knowing only the query (bench/search.py Ceilings)",
        "ranking": "names.name_similarity over the candidates' opened name forms (not the Splink model)",
        "note": "machine shared with other sessions while measuring",
    }


def goals_met(entry: dict[str, Any]) -> dict[str, bool]:
    """The issue's goals over all queries: each figure at its goal, or within 0.02 of its ceiling."""
    ours = entry["search"]
    met = {}
    for figure, goal in entry["goals"].items():
        target = min(goal, ours[f"{figure}_ceiling"] - CEILING_SLACK)
        met[figure] = ours[figure] >= target
    return met


def print_table(entry: dict[str, Any]) -> None:
    print(f"{entry['persons']} persons, {entry['database']}, {entry['search']['queries']} queries")
    head = f"{'variant':<18} {'R@10':>6} {'ceil':>6} {'P@1':>6} {'ceil':>6} {'med ms':>7} {'p95 ms':>7}"
    print(f"{head} | {'icontains R@10':>14} {'P@1':>6}")
    rows = [(v, d["search"], d["icontains_baseline"]) for v, d in entry["by_variant"].items()]
    rows.append(("all", entry["search"], entry["icontains_baseline"]))
    for name, ours, plain in rows:
        print(
            f"{name:<18} {ours['recall_at_10']:>6.3f} {ours['recall_at_10_ceiling']:>6.3f} "
            f"{ours['precision_at_1']:>6.3f} {ours['precision_at_1_ceiling']:>6.3f} "
            f"{ours['ms_median'] or 0:>7.1f} {ours['ms_p95'] or 0:>7.1f} | "
            f"{plain['recall_at_10']:>14.3f} {plain['precision_at_1']:>6.3f}"
        )
    met = goals_met(entry)
    said = ", ".join(f"{figure} {'met' if ok else 'NOT met'}" for figure, ok in met.items())
    print(f"goals (at the goal or within {CEILING_SLACK} of the ceiling): {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300, help="persons sampled; each gives every variant")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    entry = run(args.queries, args.seed)
    print_table(entry)
    if not args.no_write:
        history = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
        history.append(entry)
        RESULTS.write_text(json.dumps(history, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
