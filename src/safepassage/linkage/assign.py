"""One-to-one assignment of scored pairs: each id on either list is used at most once."""

from __future__ import annotations

import pandas as pd

PAIR_COLUMNS = ["left_id", "right_id", "match_probability"]


def one_to_one(pairs: pd.DataFrame) -> pd.DataFrame:
    """Greedy maximum-weight matching over pairs sorted by probability, best first.

    Greedy rather than an optimal assignment because a pair is only worth taking on its
    own evidence: trading a sure pair for two weaker ones would raise the total but put
    doubtful matches in front of people. Ties are broken by ids, so runs are repeatable.
    """
    if pairs.empty:
        return pairs.iloc[0:0].copy()
    ordered = pairs.sort_values(
        ["match_probability", "left_id", "right_id"], ascending=[False, True, True], kind="stable"
    )
    used_left: set[str] = set()
    used_right: set[str] = set()
    keep = []
    for position, left, right in zip(
        range(len(ordered)), ordered["left_id"], ordered["right_id"], strict=True
    ):
        if left in used_left or right in used_right:
            continue
        used_left.add(left)
        used_right.add(right)
        keep.append(position)
    return ordered.iloc[keep].reset_index(drop=True)
