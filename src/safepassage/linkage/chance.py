"""How often names meet by chance on the lists at hand, and how many pairs match.

The trained model's u for a name agreement is the share of random pairs of its training
lists (about 5,000 rows each) that agree on the name. On the generator's lists, and on real
ones, that share is not a constant of the name system: a few namesakes among a thousand men
are a large share of a thousand-row list's pairs and a small one of a hundred-thousand-row
list's (measured: pairs sharing the canonical name that are different men, per pair, 8e-5
at 1,000 x 1,000, 2.6e-5 at 10,000 and 1.2e-5 at 100,000, against the model's 7.4e-5).
The prior falls with the product of the list sizes; with the model's u, the evidence of a
shared name does not rise to meet it, and true pairs with a name and a year, or a name
alone, fall below the threshold as lists grow.

So the name agreement levels are weighed by the lists' own chance agreement: the pairs that
share the canonical name, less the true pairs expected among them, over the pairs of the
product. The shift, log2(model's u / lists' u), applies alike to the levels that read the
name as the same under some reading (canonical name, a Hangul reading, a comparison key),
whose u the model learned from the same chance meetings. It is bounded to MAX_SHIFT bits
either way: where the count is thin or the blocks miss some agreeing pairs, the model's own
figure keeps the say.

For a registry (deduplication), the share of pairs that are one man is estimated from the
scored pairs too (EM on the prior, the m and u fixed), instead of assuming a fixed share of
repeated rows.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from safepassage.linkage.model import Model

# The levels whose u is the chance of two men's names agreeing under some reading.
NAME_AGREEMENT = ("same canonical name", "a Hangul reading in common", "a comparison key in common")
CANONICAL = NAME_AGREEMENT[0]
# Largest correction either way, in bits.
MAX_SHIFT = 4.0
# A level's weight identifies it (see Model.level_for_weight).
_SAME_WEIGHT = 1e-6
PRIOR_ROUNDS = 100
_PRIOR_TOLERANCE = 1e-9


def _level(model: Model, label: str) -> tuple[float, float]:
    level = next(lv for lv in model.levels["name"] if lv.label == label)
    return level.m, level.u


def level_weights(model: Model, labels: tuple[str, ...] = NAME_AGREEMENT) -> list[float]:
    """log2(m/u) of each of the name levels `labels`, as Splink writes them in mw_name."""
    return [math.log2(m / u) for m, u in (_level(model, label) for label in labels)]


def name_shift(
    model: Model, agreeing_pairs: float, pairs_in_product: float, expected_matches: float
) -> float:
    """Bits to add to the name agreement levels: log2(model's u / the lists' u), bounded.

    `agreeing_pairs` is how many pairs of the product share the canonical name;
    `expected_matches` how many pairs are one man (each true pair agrees with chance m).
    """
    m, u_model = _level(model, CANONICAL)
    chance_pairs = max(1.0, agreeing_pairs - m * expected_matches)
    u_lists = chance_pairs / max(1.0, pairs_in_product - expected_matches)
    shift = math.log2(u_model / u_lists)
    return min(MAX_SHIFT, max(-MAX_SHIFT, shift))


def name_agreement(model: Model, name_weights: pd.Series) -> np.ndarray:
    """Whether each pair's name weight is one of the name agreement levels."""
    weights = np.asarray(name_weights, dtype=float)
    hits = np.zeros(len(weights), dtype=bool)
    for weight in level_weights(model):
        hits |= np.abs(weights - weight) < _SAME_WEIGHT
    return hits


def canonical_pairs(model: Model, name_weights: pd.Series) -> int:
    """How many of the pairs share the canonical name (by their name level's weight)."""
    (weight,) = level_weights(model, (CANONICAL,))
    return int((np.abs(np.asarray(name_weights, dtype=float) - weight) < _SAME_WEIGHT).sum())


def same_key_pairs(name_keys: pd.Series) -> int:
    """Pairs of rows of one list that share a canonical name key (counted, not blocked)."""
    counts = name_keys.dropna().value_counts()
    return int((counts * (counts - 1) // 2).sum())


def estimated_prior(log2_bf: pd.Series, pairs_in_product: float, start: float) -> float:
    """The share of the product's pairs that are one man, by EM with the Bayes factors fixed.

    Pairs left out of `log2_bf` (not blocked, or too weak to score) count as non-matches.
    """
    bf = np.exp2(np.minimum(np.asarray(log2_bf, dtype=float), 60.0))
    prior = start
    for _ in range(PRIOR_ROUNDS):
        odds = prior / (1 - prior) * bf
        updated = float(np.sum(odds / (1 + odds)) / pairs_in_product)
        updated = min(0.5, max(updated, 1.0 / pairs_in_product))
        converged = abs(updated - prior) <= _PRIOR_TOLERANCE * prior
        prior = updated
        if converged:
            break
    return prior
