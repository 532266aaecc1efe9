"""Columns asked for with --also-compare: normalised values, weights learned from the lists."""

from __future__ import annotations

import pandas as pd
import pytest

from safepassage.linkage.backends import DuckDBBackend
from safepassage.linkage.details import FEWEST_SURE, detail_column, detail_log2_bf, normalised
from safepassage.linkage.errors import InputError
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import reconcile
from safepassage.linkage.records import PersonList, people_from_rows, read_people
from safepassage.linkage.synthetic import linked_lists

VILLAGE = detail_column("village")


def test_values_are_compared_without_case_spaces_or_punctuation():
    assert ("12stanleyst", None, None) == (normalised(" 12 Stanley St. "), normalised("  "), normalised(None))


def _frames(n: int, agree_in_truth: bool) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    left = pd.DataFrame({"unique_id": [f"L{i}" for i in range(n)], VILLAGE: [f"v{i}" for i in range(n)]})
    right_values = [f"v{i}" if agree_in_truth else f"w{i}" for i in range(n)]
    right = pd.DataFrame({"unique_id": [f"R{i}" for i in range(n)], VILLAGE: right_values})
    right.loc[0, VILLAGE] = None
    pairs = pd.DataFrame({"left_id": left["unique_id"], "right_id": right["unique_id"]})
    return pairs, left, right


def test_a_detail_that_true_pairs_share_and_random_pairs_do_not_weighs_for_a_match():
    pairs, left, right = _frames(200, agree_in_truth=True)
    weights = detail_log2_bf(pairs, pd.Series(1.0, index=pairs.index), left, right)
    assert weights[1] > 5
    assert 0.0 == weights[0]  # blank on one side says nothing


def test_a_detail_that_true_pairs_share_no_more_than_strangers_weighs_next_to_nothing():
    pairs, left, right = _frames(400, agree_in_truth=True)
    # Two states at random, whoever the man is: agreeing on one proves nothing.
    left[VILLAGE] = ["north" if i % 2 else "south" for i in range(400)]
    right[VILLAGE] = ["north" if (i // 2) % 2 else "south" for i in range(400)]
    weights = detail_log2_bf(pairs, pd.Series(1.0, index=pairs.index), left, right)
    assert weights.abs().max() < 0.2


def test_without_enough_sure_pairs_nothing_is_learned():
    pairs, left, right = _frames(FEWEST_SURE - 1, agree_in_truth=True)
    weights = detail_log2_bf(pairs, pd.Series(1.0, index=pairs.index), left, right)
    assert (weights == 0.0).all()


def test_a_column_to_compare_must_be_in_the_header(list_file):
    path = list_file("a.csv", "id,full_name\n1,김정은\n")
    with pytest.raises(InputError, match=r"a\.csv: row 1, column 'village': .*--also-compare"):
        read_people(path, details=("village",))


def test_a_column_always_compared_cannot_be_asked_for_again(list_file):
    path = list_file("a.csv", "id,full_name,unit\n1,김정은,1\n")
    with pytest.raises(InputError, match=r"column 'unit': --also-compare names a column"):
        read_people(path, details=("unit",))


def _people(frame: pd.DataFrame, name: str, details: tuple[str, ...]) -> PersonList:
    rows = [(1, list(frame.columns))] + [
        (n, [str(v) for v in row]) for n, row in enumerate(frame.itertuples(index=False), start=2)
    ]
    return people_from_rows(rows, name, details)


def test_a_shared_home_village_finds_men_whose_names_and_dates_alone_do_not_decide():
    lists = linked_lists(300, seed=8, dates="poor")
    village = {lid: f"village {i}" for i, (lid, _) in enumerate(sorted(lists.truth))}
    village |= {rid: village[lid] for lid, rid in lists.truth}
    left = lists.left.assign(village=[village.get(i, f"left {i}") for i in lists.left["id"]])
    right = lists.right.assign(village=[village.get(i, f"right {i}") for i in lists.right["id"]])

    def found(details: tuple[str, ...]) -> set[tuple[str, str]]:
        result = reconcile(
            _people(left, "left", details),
            _people(right, "right", details),
            model=Model.default(),
            backend=DuckDBBackend(),
        )
        return set(zip(result.matches["left_id"], result.matches["right_id"], strict=True))

    without, with_village = found(()), found(("village",))
    assert len(with_village & lists.truth) > len(without & lists.truth)
    assert len(with_village - lists.truth) <= len(without - lists.truth)
