"""Names only, real public figures in Hangul vs Russian Cyrillic (a quality goal of docs/reconcile.md)."""

import csv
from importlib import resources

import pytest

from safepassage.names import Script, comparison_keys, detect_script, name_similarity

GOAL = 0.95


def _figures() -> list[dict[str, str]]:
    path = resources.files("safepassage.names").joinpath("data", "public_figures.tsv")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


FIGURES = _figures()


def test_the_list_has_at_least_a_hundred_public_figures_in_three_scripts():
    assert len(FIGURES) >= 100
    assert ["hangul", "russian", "latin", "source"] == list(FIGURES[0])
    assert len(FIGURES) == len({row["hangul"] for row in FIGURES})
    for row in FIGURES:
        assert Script.HANGUL == detect_script(row["hangul"])
        assert Script.CYRILLIC == detect_script(row["russian"])
        assert Script.LATIN == detect_script(row["latin"])
        assert row["source"]


def _paired(column: str) -> float:
    """Share of rows whose form in `column` is most similar to its own Hangul, uniquely."""
    hangul = [row["hangul"] for row in FIGURES]
    right = 0
    for row in FIGURES:
        scores = sorted(((name_similarity(row[column], h), h) for h in hangul), reverse=True)
        right += scores[0][1] == row["hangul"] and scores[0][0] > scores[1][0]
    return right / len(FIGURES)


@pytest.mark.parametrize("column", ["russian", "latin"])
def test_each_form_pairs_with_its_own_hangul_among_all_figures(column):
    assert _paired(column) >= GOAL


@pytest.mark.parametrize("column", ["russian", "latin"])
def test_each_form_shares_a_comparison_key_with_its_hangul(column):
    shared = sum(bool(comparison_keys(row[column]) & comparison_keys(row["hangul"]))
                 for row in FIGURES)
    assert shared / len(FIGURES) >= GOAL


def test_a_key_rarely_joins_two_different_figures():
    keys = [comparison_keys(row["hangul"]) for row in FIGURES]
    russian = [comparison_keys(row["russian"]) for row in FIGURES]
    wrong = sum(bool(r & k) for i, r in enumerate(russian) for j, k in enumerate(keys) if i != j)
    assert wrong / len(FIGURES) <= 1 - GOAL
