"""linkage.apart: the reconcile a web worker hands to a fresh child process, which takes the engine's
memory with it when it exits. tests/app runs the same call in its own process (tests/app/conftest.py);
here the child itself runs."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from safepassage.linkage import PersonList, apart, people_from_rows
from safepassage.linkage.synthetic import linked_lists

OPTIONS: dict[str, Any] = {"population": None, "threshold": 0.9, "review_low": 0.3}


def outcome(result: dict[str, list[dict[str, Any]]]) -> dict[str, set[tuple[str, str, float]]]:
    """Pairs and their probabilities, to 9 places (DuckDB may sum in another order in another process)."""
    return {
        band: {(row["left_id"], row["right_id"], round(row["match_probability"], 9)) for row in rows}
        for band, rows in result.items()
    }


def read(frame: pd.DataFrame, name: str) -> PersonList:
    """A synthetic list as a file of it is read: once, here; the child gets it as it is."""
    rows = [(1, list(frame.columns))] + [
        (n, [str(v) for v in row]) for n, row in enumerate(frame.itertuples(index=False), start=2)
    ]
    return people_from_rows(rows, name)


@pytest.mark.reconcile_child
def test_the_child_starts_afresh_and_gives_what_this_process_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    lists = linked_lists(80, seed=5)
    left, right = read(lists.left, "list"), read(lists.right, "registry")
    here = apart.reconcile_lists(left, right, **OPTIONS)
    assert here["matches"] and here["review"]
    # Spawned, not forked: the child imports the engine anew and sees nothing of this process's
    # state, so a model this process can no longer build does not reach it.
    monkeypatch.setattr(apart, "Model", None)
    with pytest.raises(AttributeError):
        apart.reconcile_lists(left, right, **OPTIONS)
    assert outcome(here) == outcome(apart.reconcile_lists_apart(left, right, **OPTIONS))
