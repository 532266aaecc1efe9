"""Probabilities under the at-most-once constraint of two exchange lists."""

from __future__ import annotations

import pandas as pd

from safepassage.linkage.exclusive import exclusive_probability


def _probabilities(rows, n_left=100, n_right=100):
    pairs = pd.DataFrame(rows, columns=["left_id", "right_id", "log2_bf"])
    return list(exclusive_probability(pairs, pairs["log2_bf"], n_left, n_right).round(3))


def test_a_lone_strong_candidate_is_near_certain():
    assert _probabilities([("a", "x", 30.0)])[0] > 0.99


def test_two_equally_good_namesakes_split_the_probability():
    first, second = _probabilities([("a", "x", 30.0), ("a", "y", 30.0)])
    assert first == second and 0.4 < first <= 0.5


def test_a_rival_on_the_other_list_lowers_a_pair_too():
    alone = _probabilities([("a", "x", 12.0)])[0]
    rivalled = _probabilities([("a", "x", 12.0), ("b", "x", 12.0)])[0]
    assert rivalled < alone


def test_weak_evidence_in_a_long_list_stays_unlikely():
    assert _probabilities([("a", "x", 2.0)], 100_000, 100_000)[0] < 0.01


def test_no_pairs_give_no_probabilities():
    assert [] == _probabilities([])
