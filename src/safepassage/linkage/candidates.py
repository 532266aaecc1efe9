"""What a record is found by before its name is read: the blocking tokens, and the whole list's counts.

Splink pairs two records only through the blocks of `blocking.blocking_rules`. Each block
is a conjunction of equal values, so every pair it yields shares one token below: the
same comparison key, given name and birth year, surname and birth month, surname and
unit, birth year and unit, or unit. (The full birth date, the remaining block, is a
plain column the caller can search.) A registry that stores these tokens, blind-indexed,
finds every record a list could be paired with without opening a single name; linking
the list with that subset then scores exactly the pairs the whole registry would, as long
as what the scores read from the whole list is passed in (`Population`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from safepassage.linkage.dates import BirthDate
from safepassage.linkage.features import name_forms, unit_key

# Token kinds, one per block of `blocking_rules` (the looser blocks of lists; the tighter
# blocks of a million rows pair a subset of the same records).
KEY = "key"
GIVEN_YEAR = "given_year"
SURNAME_MONTH = "surname_month"
SURNAME_UNIT = "surname_unit"
YEAR_UNIT = "year_unit"
UNIT = "unit"
KINDS = (KEY, GIVEN_YEAR, SURNAME_MONTH, SURNAME_UNIT, YEAR_UNIT, UNIT)


def blocking_tokens(full_name: str, birth: BirthDate, unit: str | None) -> set[tuple[str, str]]:
    """(kind, value) for every block this record can be paired through; values are plain text.

    Computed from the same features `record_features` gives Splink, so the tokens of two
    records meet exactly when a block would pair them.
    """
    forms = name_forms(full_name.strip())
    place = unit_key(unit.strip() if unit else unit)
    year, month = birth.year, birth.month
    tokens = {(KEY, key) for key in forms.keys}
    if year is not None:
        tokens |= {(GIVEN_YEAR, f"{given}|{year}") for given in forms.givens}
        if month is not None:
            tokens |= {(SURNAME_MONTH, f"{surname}|{year}|{month}") for surname in forms.surnames}
    if place:
        tokens.add((UNIT, place))
        tokens |= {(SURNAME_UNIT, f"{surname}|{place}") for surname in forms.surnames}
        if year is not None:
            tokens.add((YEAR_UNIT, f"{year}|{place}"))
    return tokens


@dataclass(frozen=True)
class Population:
    """What the scores read from the whole right-hand list when only candidates from it are linked.

    The prior and the at-most-once probability use its length; whether the unit alone is a
    block, and how much a shared unit weighs (term frequency), use how many of its records
    carry each unit. `unit_counts` must hold every unit key of the left list (0 when absent).
    """

    size: int
    unit_counts: Mapping[str, int]
    units_known: int

    def unit_pairs_per_row(self, left: pd.DataFrame) -> float:
        """As `engine.unit_pairs_per_row(left, whole right list)`."""
        counts = left["unit_key"].dropna().value_counts()
        shared = sum(int(n) * self.unit_counts.get(str(key), 0) for key, n in counts.items())
        return float(shared) / max(1, max(len(left), self.size))

    def unit_frequencies(self, left: pd.DataFrame) -> pd.DataFrame:
        """Splink's term-frequency table for unit_key over both lists, for the left list's units.

        A pair is weighed by frequency only where both units are equal, so the left list's
        units are the only values whose frequency is ever read.
        """
        counts: Counter[str] = Counter(str(k) for k in left["unit_key"].dropna())
        total = sum(counts.values()) + self.units_known
        keys = sorted(counts)
        return pd.DataFrame(
            {
                "unit_key": pd.Series(keys, dtype=object),
                "tf_unit_key": pd.Series(
                    [(counts[k] + self.unit_counts.get(k, 0)) / total for k in keys], dtype="float64"
                ),
            }
        )


def unit_keys(units: Iterable[str | None]) -> set[str]:
    return {key for key in (unit_key(u) for u in units) if key}


def searched(tokens: Iterable[tuple[str, str]], *, unit_alone: bool) -> set[tuple[str, str]]:
    """The tokens to look a list's records up by: the unit by itself only while it is a block.

    A unit of soldiers would otherwise bring in every man of it, for pairs Splink never scores.
    """
    return {token for token in tokens if unit_alone or token[0] != UNIT}
