"""Reconciling two lists: score, assign one to one, split sure matches from the uncertain band."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safepassage.linkage.assign import PAIR_COLUMNS, one_to_one
from safepassage.linkage.backends import Backend
from safepassage.linkage.candidates import Population
from safepassage.linkage.engine import score_link
from safepassage.linkage.features import record_features
from safepassage.linkage.model import Model
from safepassage.linkage.records import PersonList
from safepassage.linkage.review import evidence

DEFAULT_THRESHOLD = 0.5
DEFAULT_REVIEW_LOW = 0.1
ASSIGNED_UNSURE = "best candidate for both, below the threshold"
RIVAL = "rival of a proposed match"

BAD_BAND = "--review-low ({low}) must not be above --threshold ({high}); both lie in [0, 1]"


@dataclass
class Reconciliation:
    """Matches at or above the threshold, one to one, and the band for a person to decide."""

    matches: pd.DataFrame
    review: pd.DataFrame
    unmatched_left: int
    unmatched_right: int


def check_band(low: float, high: float) -> None:
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(BAD_BAND.format(low=low, high=high))


def _review_pairs(pairs: pd.DataFrame, assigned: pd.DataFrame, high: float) -> pd.DataFrame:
    unsure = assigned[assigned["match_probability"] < high].assign(reason=ASSIGNED_UNSURE)
    taken = set(zip(assigned["left_id"], assigned["right_id"], strict=True))
    matched = assigned[assigned["match_probability"] >= high]
    involved = pairs["left_id"].isin(set(matched["left_id"])) | pairs["right_id"].isin(
        set(matched["right_id"])
    )
    not_taken = [
        (lid, rid) not in taken for lid, rid in zip(pairs["left_id"], pairs["right_id"], strict=True)
    ]
    rivals = pairs[involved & pd.Series(not_taken, index=pairs.index)].assign(reason=RIVAL)
    band = pd.concat([unsure, rivals], ignore_index=True)
    return band.sort_values("match_probability", ascending=False, kind="stable")


def reconcile(
    left: PersonList,
    right: PersonList,
    *,
    model: Model,
    backend: Backend,
    threshold: float = DEFAULT_THRESHOLD,
    review_low: float = DEFAULT_REVIEW_LOW,
    right_population: Population | None = None,
) -> Reconciliation:
    """Match, review band and unmatched counts; `right` may be candidates of a larger list.

    With `right_population` (see `engine.score_link`), `right` need only hold the records
    the blocks can pair with `left`; the outcome is the whole list's.
    """
    check_band(review_low, threshold)
    left_features = record_features(left.frame)
    right_features = record_features(right.frame)
    pairs = score_link(
        left_features,
        right_features,
        model=model,
        backend=backend,
        threshold=review_low,
        right_population=right_population,
    )
    assigned = one_to_one(pairs)
    matches = assigned[assigned["match_probability"] >= threshold][PAIR_COLUMNS]
    band = _review_pairs(pairs, assigned, threshold)
    review = evidence(band, left_features, right_features, model)
    shown_left = set(matches["left_id"]) | set(band["left_id"])
    shown_right = set(matches["right_id"]) | set(band["right_id"])
    return Reconciliation(
        matches=matches.reset_index(drop=True),
        review=review,
        unmatched_left=len(left) - len(shown_left),
        unmatched_right=(len(right) if right_population is None else right_population.size)
        - len(shown_right),
    )
