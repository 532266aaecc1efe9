"""What the generated lists themselves allow: the best recall and F1 any reader of them could reach.

A true pair is out of reach when one of its rows carries nothing but the name (no birth date,
no unit) and another man of the same Hangul name is on the list it is paired against (or,
for a row under the name on his false papers, when either row has nothing but the name): no
comparison can tell which of them it is. The reader is granted every name read perfectly and
no false pair, so these are upper bounds (a wrong date or unit is not counted against it).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd

from safepassage.linkage.synthetic.lists import LinkedLists, Registry
from safepassage.linkage.synthetic.people import Person


@dataclass(frozen=True)
class Ceiling:
    true_pairs: int
    out_of_reach: int

    @property
    def recall(self) -> float:
        return 1 - self.out_of_reach / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.recall / (1 + self.recall)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "true_pairs": self.true_pairs,
            "out_of_reach": self.out_of_reach,
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _bare(frame: pd.DataFrame) -> dict[str, bool]:
    """Per row id: whether the row has nothing but the name (no birth date, no unit)."""
    blank = frame[["birth_date", "unit"]].fillna("").astype(str).apply(lambda c: c.str.strip() == "")
    return dict(zip(frame["id"].astype(str), blank.all(axis=1), strict=True))


def _out_of_reach(a: str, b: str, written: dict[str, Person], bare: dict[str, bool], names: tuple) -> bool:
    """Whether the true pair (a, b) cannot be told from a pair with another man.

    `names` holds, for a's and b's sides, how many men of each Hangul name the other side has.
    """
    against_a, against_b = names
    hangul = written[a].hangul
    if (bare[a] and against_a[hangul] > 1) or (bare[b] and against_b[hangul] > 1):
        return True
    # A name on false papers says nothing of the man: with nothing else on either row, lost.
    return (written[a].false_identity is not None or written[b].false_identity is not None) and (
        bare[a] or bare[b]
    )


def link_ceiling(lists: LinkedLists) -> Ceiling:
    """The ceiling of reconciling `lists` (one man at most once per list)."""
    bare = _bare(lists.left) | _bare(lists.right)
    on_left = Counter(lists.written[rid].hangul for rid in lists.left["id"].astype(str))
    on_right = Counter(lists.written[rid].hangul for rid in lists.right["id"].astype(str))
    lost = sum(_out_of_reach(a, b, lists.written, bare, (on_right, on_left)) for a, b in lists.truth)
    return Ceiling(len(lists.truth), lost)


def dedupe_ceiling(registry: Registry) -> Ceiling:
    """The ceiling of deduplicating `registry` (pairs of rows of one man)."""
    bare = _bare(registry.people)
    rows_of: dict[object, list[str]] = defaultdict(list)
    for rid, key in registry.person.items():
        rows_of[key].append(str(rid))
    # Men of each name on the list (a name's men, not its rows).
    names = Counter(registry.written[rows[0]].hangul for rows in rows_of.values())
    true_pairs = lost = 0
    for rows in rows_of.values():
        for a, b in itertools.combinations(rows, 2):
            true_pairs += 1
            lost += _out_of_reach(a, b, registry.written, bare, (names, names))
    return Ceiling(true_pairs, lost)
