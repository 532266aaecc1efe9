"""Names weighed by how often they meet by chance on the lists at hand; the share of repeats estimated."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from safepassage.linkage.backends import DuckDBBackend
from safepassage.linkage.candidates import Population
from safepassage.linkage.chance import (
    CANONICAL,
    MAX_SHIFT,
    NAME_AGREEMENT,
    estimated_prior,
    level_weights,
    name_agreement,
    name_shift,
    same_key_pairs,
)
from safepassage.linkage.engine import score_link
from safepassage.linkage.features import record_features
from safepassage.linkage.model import Model
from safepassage.linkage.synthetic import linked_lists

from .test_reconcile import as_people

MODEL = Model.default()


def _canonical() -> tuple[float, float]:
    level = next(lv for lv in MODEL.levels["name"] if lv.label == CANONICAL)
    return level.m, level.u


def test_pairs_sharing_a_key_are_counted_within_each_key_and_blanks_are_not():
    keys = pd.Series(["김철", "김철", "김철", "리명학", "리명학", "박", None, None])
    assert same_key_pairs(keys) == 3 + 1


def test_lists_whose_names_meet_as_often_as_the_models_keep_its_weight():
    m, u = _canonical()
    product, matches = 1e8, 9_000.0
    agreeing = u * (product - matches) + m * matches
    assert name_shift(MODEL, agreeing, product, matches) == pytest.approx(0.0, abs=1e-9)


def test_names_that_meet_by_chance_less_often_weigh_more_and_more_often_less_within_bounds():
    m, u = _canonical()
    product, matches = 1e10, 90_000.0
    eight_times_rarer = u / 8 * (product - matches) + m * matches
    assert name_shift(MODEL, eight_times_rarer, product, matches) == pytest.approx(3.0)
    twice_as_common = 2 * u * (product - matches) + m * matches
    assert name_shift(MODEL, twice_as_common, product, matches) == pytest.approx(-1.0)
    # No chance agreement at all, or every pair agreeing: bounded, never infinite.
    assert name_shift(MODEL, m * matches, product, matches) == MAX_SHIFT
    assert name_shift(MODEL, product, product, matches) == -MAX_SHIFT


def test_only_the_levels_that_read_the_name_as_the_same_are_shifted():
    every_level = [math.log2(lv.m / lv.u) for lv in MODEL.levels["name"]] + [0.0]
    marked = name_agreement(MODEL, pd.Series(every_level))
    labels = [lv.label for lv in MODEL.levels["name"]] + ["name missing"]
    assert [label for label, hit in zip(labels, marked, strict=True) if hit] == list(NAME_AGREEMENT)
    assert len(level_weights(MODEL)) == len(NAME_AGREEMENT)


def test_the_share_of_pairs_that_are_one_man_is_estimated_from_the_scored_pairs():
    product = 1e8
    # 2,000 pairs with overwhelming evidence, 50,000 with evidence against: about 2,000 matches.
    weights = pd.Series(np.concatenate([np.full(2_000, 40.0), np.full(50_000, -5.0)]))
    start = 1_000 / product
    assert estimated_prior(weights, product, start) * product == pytest.approx(2_000, rel=1e-3)


def test_a_name_alone_still_finds_its_man_when_the_other_list_is_a_large_registry():
    """The large-list effect: the prior falls with the registry's size, the name's evidence rises to meet it.

    The right list stands for the candidates of a 100,000-man registry in which no other man
    carries these names (the name blocks would have brought him in). With the model's u for a
    shared name, a lone pair agreeing on the name alone falls to about 0.1 at that size; weighed
    by how rarely names meet on these lists, it keeps its man.
    """
    lists = linked_lists(200, seed=41)
    left = record_features(as_people(lists.left, "left").frame)
    right = record_features(as_people(lists.right, "right").frame)
    units = right["unit_key"].dropna()
    counts = units.value_counts()
    registry = Population(100_000, {k: int(counts.get(k, 0)) for k in left["unit_key"].dropna()}, len(units))
    pairs = score_link(
        left, right, model=MODEL, backend=DuckDBBackend(), threshold=0.0, right_population=registry
    )
    (canonical,) = level_weights(MODEL, (CANONICAL,))
    true = pd.Series([pair in lists.truth for pair in zip(pairs["left_id"], pairs["right_id"], strict=True)])
    name_alone = (
        true.to_numpy()
        & (np.abs(pairs["mw_name"] - canonical) < 1e-6)
        & (pairs["mw_birth_date"] == 0.0)
        & (pairs["mw_unit"] == 0.0)
    )
    # A man with a namesake among the other list's candidates stays in doubt, as he should.
    agreeing = pairs[name_agreement(MODEL, pairs["mw_name"])]
    lone = (
        pairs["left_id"].map(agreeing["left_id"].value_counts()).eq(1)
        & pairs["right_id"].map(agreeing["right_id"].value_counts()).eq(1)
    ).to_numpy()
    assert (name_alone & lone).sum() >= 10
    assert (pairs.loc[name_alone & lone, "match_probability"] >= 0.5).all()
    assert (pairs.loc[name_alone, "mw_adjustments"] > 0).all()
