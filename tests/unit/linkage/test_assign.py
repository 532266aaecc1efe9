"""One-to-one assignment: no id used twice, the strongest pairs kept first."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.linkage.assign import one_to_one


def _pairs(rows):
    return pd.DataFrame(rows, columns=["left_id", "right_id", "match_probability"])


def test_the_strongest_pair_wins_and_its_rivals_are_dropped():
    chosen = one_to_one(_pairs([("a", "x", 0.9), ("a", "y", 0.8), ("b", "x", 0.7), ("b", "y", 0.6)]))
    assert [("a", "x", 0.9), ("b", "y", 0.6)] == list(chosen.itertuples(index=False, name=None))


def test_ties_are_broken_by_ids_so_runs_repeat():
    chosen = one_to_one(_pairs([("b", "x", 0.9), ("a", "x", 0.9)]))
    assert [("a", "x", 0.9)] == list(chosen.itertuples(index=False, name=None))


def test_no_pairs_give_no_matches():
    assert one_to_one(_pairs([])).empty


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.sampled_from("uvwxyz"), st.floats(0, 1, allow_nan=False)),
        max_size=40,
    )
)
def test_every_id_is_used_at_most_once_on_each_side(rows):
    chosen = one_to_one(_pairs(rows))
    assert chosen["left_id"].is_unique and chosen["right_id"].is_unique


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.sampled_from("wxyz"), st.floats(0, 1, allow_nan=False)),
        max_size=30,
    )
)
def test_every_dropped_pair_lost_to_a_stronger_or_equal_pair_sharing_an_id(rows):
    pairs = _pairs(rows)
    chosen = one_to_one(pairs)
    best = {}
    for left, right, p in chosen.itertuples(index=False, name=None):
        best[("l", left)] = p
        best[("r", right)] = p
    for left, right, p in pairs.itertuples(index=False, name=None):
        blockers = [best.get(("l", left)), best.get(("r", right))]
        assert any(b is not None and b >= p for b in blockers)
