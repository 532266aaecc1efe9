"""Reconciling synthetic lists across scripts end to end, against their known truth."""

from __future__ import annotations

import pandas as pd
import pytest

from safepassage.linkage.backends import DuckDBBackend
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import reconcile
from safepassage.linkage.records import PersonList, people_from_rows
from safepassage.linkage.synthetic import linked_lists


def as_people(frame: pd.DataFrame, name: str) -> PersonList:
    rows = [(1, list(frame.columns))] + [
        (n, [str(v) for v in row]) for n, row in enumerate(frame.itertuples(index=False), start=2)
    ]
    return people_from_rows(rows, name)


@pytest.fixture(scope="module")
def result_and_truth():
    lists = linked_lists(300, seed=42)
    result = reconcile(
        as_people(lists.left, "left"),
        as_people(lists.right, "right"),
        model=Model.default(),
        backend=DuckDBBackend(),
    )
    return result, lists.truth


def test_nearly_every_proposed_match_is_true(result_and_truth):
    result, truth = result_and_truth
    found = set(zip(result.matches["left_id"], result.matches["right_id"], strict=True))
    assert len(found & truth) / len(found) >= 0.97


def test_most_true_pairs_are_found_across_scripts(result_and_truth):
    result, truth = result_and_truth
    found = set(zip(result.matches["left_id"], result.matches["right_id"], strict=True))
    assert len(found & truth) / len(truth) >= 0.85


def test_matches_are_one_to_one_and_at_or_above_the_threshold(result_and_truth):
    matches = result_and_truth[0].matches
    assert matches["left_id"].is_unique and matches["right_id"].is_unique
    assert (matches["match_probability"] >= 0.5).all()


def test_the_review_band_lies_between_review_low_and_one(result_and_truth):
    review = result_and_truth[0].review
    assert ((review["match_probability"] >= 0.1) & (review["match_probability"] <= 1)).all()
    assert set(review["reason"]) <= {
        "best candidate for both, below the threshold",
        "rival of a proposed match",
    }


def test_counts_of_unmatched_add_up(result_and_truth):
    result = result_and_truth[0]
    assert 0 <= result.unmatched_left <= 300 - len(result.matches)
    assert 0 <= result.unmatched_right <= 300 - len(result.matches)
