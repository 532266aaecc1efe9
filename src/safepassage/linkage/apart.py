"""Reconciling two lists, in this process or in a short-lived child that takes the engine's memory with it.

A web worker that imports Splink, starts DuckDB and builds feature frames keeps much of
that memory for good (allocator arenas, module state, caches). Run in a child process
started fresh ('spawn': nothing of the parent's state is copied, no lock held by another
thread is inherited), the work leaves the worker as it was: the two lists go in as they were
read (pickled, not parsed again), plain pairs come out.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from safepassage.linkage.backends import backend_named
from safepassage.linkage.candidates import Population
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import reconcile
from safepassage.linkage.records import PersonList


def reconcile_lists(
    left: PersonList,
    right: PersonList,
    *,
    population: Population | None,
    threshold: float,
    review_low: float,
) -> dict[str, list[dict[str, Any]]]:
    """Matches and the review band of two lists, as plain dicts.

    Every row carries its evidence as text (the probability as a float), as the exchange and
    tracing store it.
    """
    result = reconcile(
        left,
        right,
        model=Model.default(),
        backend=backend_named("duckdb"),
        threshold=threshold,
        review_low=review_low,
        right_population=population,
    )
    matches, review = (
        [
            {**{k: str(v) for k, v in r.items()}, "match_probability": float(r["match_probability"])}
            for r in frame.to_dict("records")
        ]
        for frame in (result.matches, result.review)
    )
    return {"matches": matches, "review": review}


def reconcile_lists_apart(
    left: PersonList, right: PersonList, **options: Any
) -> dict[str, list[dict[str, Any]]]:
    """`reconcile_lists` in a fresh child process, which exits when it is done."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(reconcile_lists, left, right, **options).result()
