"""Match probabilities for two lists where each man appears at most once on each.

Splink's pairwise probability weighs a pair against a random pair of the whole product
of the lists: at 100,000 x 100,000 a shared Korean name is weak evidence, because many
men share it. Exchange lists carry more structure: a man has at most one entry on the
other list. Under that constraint the probability that right record j is left record
i's entry is

    P(j | i) = BF_ij / (U + sum_k BF_ik),   U = n_right * (1 - pi) / pi

where BF are Splink's Bayes factors (2 ** summed match weights), the sum runs over i's
candidates, and pi, the share of left records that have an entry on the right, is
estimated by EM. A rival candidate lowers the probability of each (namesakes, twins);
a lone strong candidate keeps it. The same is done from the right, and a pair keeps
the lower of its two probabilities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

ROUNDS = 50
# Bayes factors are capped so that 2 ** weight stays finite; 2 ** 60 is certainty enough.
MAX_LOG2_BF = 60.0
_PI_BOUNDS = (0.01, 0.99)


def _one_side(groups: pd.Series, bf: np.ndarray, own: int, other: int) -> np.ndarray:
    """P(pair | its record on this side) for every pair, with pi estimated by EM."""
    codes, _ = pd.factorize(groups)
    per_record = np.bincount(codes, weights=bf)
    pi = 0.5
    for _ in range(ROUNDS):
        absent = other * (1 - pi) / pi
        updated = float(np.sum(per_record / (absent + per_record)) / max(1, own))
        updated = min(max(updated, _PI_BOUNDS[0]), _PI_BOUNDS[1])
        converged = abs(updated - pi) < 1e-6
        pi = updated
        if converged:
            break
    absent = other * (1 - pi) / pi
    return bf / (absent + per_record[codes])


def exclusive_probability(pairs: pd.DataFrame, log2_bf: pd.Series, n_left: int, n_right: int) -> pd.Series:
    """The probability of each pair under the at-most-once constraint, as described above."""
    if pairs.empty:
        return pd.Series([], dtype=float, index=pairs.index)
    bf = np.exp2(np.minimum(log2_bf.to_numpy(dtype=float), MAX_LOG2_BF))
    from_left = _one_side(pairs["left_id"], bf, n_left, n_right)
    from_right = _one_side(pairs["right_id"], bf, n_right, n_left)
    # The lower of the two: two namesakes equally like one man must both stay in doubt,
    # even though each, seen from its own side, has no rival.
    return pd.Series(np.minimum(from_left, from_right), index=pairs.index)
