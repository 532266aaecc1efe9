"""Other columns a person asks to compare (--also-compare), weighed from the lists at hand.

The shipped model knows names, birth dates and units. A pair of lists may carry more
(an address, a place of birth, a service number) that the model never saw, so no
trained weight exists for it. Each such column is weighed the Fellegi-Sunter way from
the two lists themselves: u, the chance that two records agree on it by accident, from
random pairs; m, the chance that one man's two records agree on it, from the pairs the
model is already sure of without it. Values agree when equal after case and
punctuation are set aside; a blank on either side says nothing.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

PREFIX = "detail:"
# Pairs at least this likely on names, dates and units teach how true pairs agree.
SURE = 0.99
# Below this many sure pairs, m cannot be learned and the columns are left out.
FEWEST_SURE = 30
RANDOM_PAIRS = 200_000
_SEED = 20250501
_NOT_WORD = re.compile(r"[\W_]+")


def detail_column(name: str) -> str:
    return PREFIX + name


def normalised(value: object) -> str | None:
    """The value as compared: case folded, only letters and digits; None when blank."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = _NOT_WORD.sub("", str(value).casefold())
    return text or None


def detail_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.startswith(PREFIX)]


def _agreement(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(known on both sides, equal) for aligned value arrays."""
    known = pd.notna(left) & pd.notna(right)
    return known, known & (left == right)


def _rate(hits: int, total: int) -> float:
    # Laplace smoothing keeps rates inside (0, 1), so no column can veto a pair.
    return (hits + 0.5) / (total + 1.0)


def detail_log2_bf(
    pairs: pd.DataFrame, probability: pd.Series, left: pd.DataFrame, right: pd.DataFrame
) -> pd.Series:
    """log2 Bayes factor of every pair from the detail columns both frames carry."""
    columns = [c for c in detail_columns(left) if c in right.columns]
    total = pd.Series(0.0, index=pairs.index)
    sure = (probability >= SURE).to_numpy()
    if not columns or int(sure.sum()) < FEWEST_SURE:
        return total
    li = pd.Index(left["unique_id"]).get_indexer(pairs["left_id"])
    ri = pd.Index(right["unique_id"]).get_indexer(pairs["right_id"])
    rng = np.random.default_rng(_SEED)
    rand_l = rng.integers(0, len(left), RANDOM_PAIRS)
    rand_r = rng.integers(0, len(right), RANDOM_PAIRS)
    for column in columns:
        lv = left[column].to_numpy(dtype=object)
        rv = right[column].to_numpy(dtype=object)
        known, equal = _agreement(lv[li], rv[ri])
        m = _rate(int(equal[sure].sum()), int(known[sure].sum()))
        rand_known, rand_equal = _agreement(lv[rand_l], rv[rand_r])
        u = _rate(int(rand_equal.sum()), int(rand_known.sum()))
        weights = np.where(equal, np.log2(m / u), np.where(known, np.log2((1 - m) / (1 - u)), 0.0))
        total += weights
    return total
