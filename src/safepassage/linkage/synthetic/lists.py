"""Two exchange lists, or one registry with duplicates, with the truth kept beside them."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

import pandas as pd

from safepassage.linkage.synthetic.false_names import false_names
from safepassage.linkage.synthetic.people import Person, make_people
from safepassage.linkage.synthetic.render import (
    POOR_DATES,
    SLIPS,
    Noise,
    birth_text,
    cyrillic_name,
    korean_side_name,
    unit_text,
)

COLUMNS = ["id", "full_name", "birth_date", "unit"]


@dataclass
class LinkedLists:
    """A Cyrillic list, a Hangul-or-Latin list and the true pairs between them."""

    left: pd.DataFrame
    right: pd.DataFrame
    truth: set[tuple[str, str]]
    # Per row id, the man as the row was written from (false_identity set only where the row
    # shows the name on his false papers): what a truth ceiling reads.
    written: dict[str, Person] = dataclasses.field(default_factory=dict)


@dataclass
class Registry:
    """One list with repeated entries; `person` holds the true identity of each row."""

    people: pd.DataFrame
    person: pd.Series
    # Per row id, the man as the row was written from (see LinkedLists.written).
    written: dict[str, Person] = dataclasses.field(default_factory=dict)


def _noise(dates: str) -> Noise:
    """'good' dates, 'poor' (mostly missing or placeholders), or 'slips' (wrong dates, mistyped units)."""
    if dates == "poor":
        return dataclasses.replace(Noise(), **POOR_DATES)
    if dates == "slips":
        return dataclasses.replace(Noise(), **SLIPS)
    return Noise()


def _row(person: Person, row_id: str, noise: Noise, rng: random.Random, cyrillic: bool) -> dict:
    name = cyrillic_name(person, noise, rng) if cyrillic else korean_side_name(person, noise, rng)
    return {
        "id": row_id,
        "full_name": name,
        "birth_date": birth_text(person.birth, noise, rng, dotted=cyrillic),
        "unit": unit_text(person.unit, noise, rng, cyrillic),
    }


def linked_lists(size: int, seed: int = 0, *, overlap: float = 0.9, dates: str = "good") -> LinkedLists:
    """Two lists of `size` rows each; `overlap` of the people appear on both.

    The left list is written in Cyrillic by the Russian side (a few men only under false
    Russian or Tuvan names); the right in Hangul or Latin. Deterministic for a seed.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    noise = _noise(dates)
    shared = round(size * overlap)
    total = shared + 2 * (size - shared)
    people = make_people(total, rng, false_names=false_names(rng))
    rng.shuffle(people)
    both, only_left, only_right = (
        people[:shared],
        people[shared : shared + size - shared],
        people[shared + size - shared :],
    )
    left_people = both + only_left
    right_people = both + only_right
    rng.shuffle(left_people)
    rng.shuffle(right_people)
    left_ids = {p.key: f"L{i:06d}" for i, p in enumerate(left_people)}
    right_ids = {p.key: f"R{i:06d}" for i, p in enumerate(right_people)}
    left = [_row(p, left_ids[p.key], noise, rng, cyrillic=True) for p in left_people]
    # The Korean side does not know the false papers: it writes the real name.
    right = [
        _row(dataclasses.replace(p, false_identity=None), right_ids[p.key], noise, rng, cyrillic=False)
        for p in right_people
    ]
    truth = {(left_ids[p.key], right_ids[p.key]) for p in both}
    written = {left_ids[p.key]: p for p in left_people}
    written |= {right_ids[p.key]: dataclasses.replace(p, false_identity=None) for p in right_people}
    return LinkedLists(
        pd.DataFrame(left, columns=COLUMNS), pd.DataFrame(right, columns=COLUMNS), truth, written
    )


def registry(size: int, seed: int = 0, *, duplicate_rate: float = 0.2, dates: str = "good") -> Registry:
    """One list of `size` rows where about `duplicate_rate` of rows repeat someone already on it."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    noise = _noise(dates)
    people = make_people(round(size * (1 - duplicate_rate)) + 1, rng, false_names=false_names(rng))
    entries = list(people)
    while len(entries) < size:
        entries.append(rng.choice(people))
    entries = entries[:size]
    rng.shuffle(entries)
    rows, keys = [], []
    written: dict[str, Person] = {}
    for i, person in enumerate(entries):
        cyrillic = rng.random() < 0.5
        subject = person if cyrillic else dataclasses.replace(person, false_identity=None)
        rows.append(_row(subject, f"P{i:07d}", noise, rng, cyrillic))
        keys.append(person.key)
        written[f"P{i:07d}"] = subject
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return Registry(frame, pd.Series(keys, index=frame["id"], name="person"), written)
