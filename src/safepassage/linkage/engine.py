"""Scoring record pairs with Splink: settings from the model, blocking, predict, clusters."""

from __future__ import annotations

import logging
import math
from typing import Any

import pandas as pd
from splink import Linker, SettingsCreator

from safepassage.linkage.backends import Backend
from safepassage.linkage.blocking import blocking_rules
from safepassage.linkage.candidates import Population
from safepassage.linkage.comparisons import COMPARISONS
from safepassage.linkage.details import detail_columns, detail_log2_bf
from safepassage.linkage.exclusive import exclusive_probability
from safepassage.linkage.model import Model

# Splink's names for the tables; `left` and `right` are SQL keywords, so avoid them.
LEFT_TABLE = "list_a"
RIGHT_TABLE = "list_b"
PEOPLE_TABLE = "people"
# Splink keeps level (gamma) columns only beside every compared column; the per-field
# match weights identify the level just as well and keep the pair tables narrow.
WEIGHT_COLUMNS = [f"mw_{c.OUTPUT}" for c in COMPARISONS]
# Shown to reviewers but never compared: kept out of the engine's tables.
_DISPLAY_ONLY = ["full_name", "unit"]
UNIT_FREQUENCIES = "unit_frequencies"
DETAILS_NEED_WHOLE = (
    "--also-compare weighs its columns from random pairs of the two whole lists; link the whole"
    " right-hand list, not candidates drawn from it"
)


def engine_frame(features: pd.DataFrame) -> pd.DataFrame:
    # Detail columns are weighed outside Splink (see `details`), so they stay out too.
    dropped = [c for c in _DISPLAY_ONLY if c in features] + detail_columns(features)
    return features.drop(columns=dropped)


def link_prior(n_left: int, n_right: int) -> float:
    """Chance two random records match if each man on the shorter list is on the other.

    Exchange lists are drawn up to correspond, so this is the honest starting belief; it
    shrinks with list size, which a prior baked into a trained model would not.
    """
    return min(0.5, min(n_left, n_right) / max(1, n_left * n_right))


def dedupe_prior(n_rows: int, duplicate_share: float = 0.1) -> float:
    """Chance two random rows of one registry are the same man, if `duplicate_share` repeat."""
    pairs = max(1, n_rows * (n_rows - 1) // 2)
    return min(0.5, max(1.0, duplicate_share * n_rows) / pairs)


def unit_pairs_per_row(*frames: pd.DataFrame) -> float:
    """Pairs that share a unit key (across two frames, or within one) per record."""
    counts = [f["unit_key"].dropna().value_counts() for f in frames]
    rows = max(1, max(len(f) for f in frames))
    if len(counts) == 1:
        return float((counts[0] * (counts[0] - 1) / 2).sum()) / rows
    return float(counts[0].mul(counts[1], fill_value=0).sum()) / rows


def _settings(model: Model, link_type: str, prior: float, product: float, by_unit: float) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]
        unique_id_column_name="unique_id",
        comparisons=list(model.configured()),
        blocking_rules_to_generate_predictions=blocking_rules(product, by_unit),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
    )


def _pairs(predictions: Any) -> pd.DataFrame:
    frame = predictions.as_pandas_dataframe()
    if "source_dataset_l" in frame:
        # Splink may put either table on its left; make the first file's id left_id.
        flipped = frame["source_dataset_l"] == RIGHT_TABLE
        left_ids = frame["unique_id_l"].where(~flipped, frame["unique_id_r"])
        right_ids = frame["unique_id_r"].where(~flipped, frame["unique_id_l"])
        frame = frame.assign(unique_id_l=left_ids, unique_id_r=right_ids)
    # Term-frequency adjustments arrive as extra mw_tf_adj_* columns beside the level weights.
    adjustments = [c for c in frame.columns if c.startswith("mw_") and c not in WEIGHT_COLUMNS]
    frame = frame.assign(mw_adjustments=frame[adjustments].sum(axis=1) if adjustments else 0.0)
    keep = ["unique_id_l", "unique_id_r", "match_probability", *WEIGHT_COLUMNS, "mw_adjustments"]
    renamed = frame[keep].rename(columns={"unique_id_l": "left_id", "unique_id_r": "right_id"})
    return renamed.astype({"left_id": str, "right_id": str})


def _least_log2_bf(n_left: int, n_right: int) -> float:
    """Pairs weaker than this cannot move an at-most-once probability by a thousandth.

    Their Bayes factor is small beside the weight of 'no entry on the other list', which
    is about the other list's length times the share missing from it.
    """
    return math.log2(max(1.0, min(n_left, n_right) / 1000))


def score_link(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    model: Model,
    backend: Backend,
    threshold: float,
    right_population: Population | None = None,
) -> pd.DataFrame:
    """Scored pairs across two feature frames with probability >= threshold.

    The probability is the at-most-once posterior of `exclusive`, computed from every
    pair whose evidence favours a match at all (Bayes factor >= 1). Detail columns
    (--also-compare) both frames carry add their weights, learned from these lists.

    `right_population`, when `right` holds only the candidates of a larger list (every
    record a block could pair with `left`, see `candidates`), stands for that whole list
    wherever the scores read more than the pairs: the prior, the at-most-once probability,
    the unit block and the unit's term frequency. The result is then the whole list's.
    """
    db_api = backend.database_api()
    tables = [
        backend.register(db_api, engine_frame(left), LEFT_TABLE),
        backend.register(db_api, engine_frame(right), RIGHT_TABLE),
    ]
    if right_population is None:
        n_right, by_unit = len(right), unit_pairs_per_row(left, right)
    else:
        if detail_columns(left) and detail_columns(right):
            raise ValueError(DETAILS_NEED_WHOLE)
        n_right, by_unit = right_population.size, right_population.unit_pairs_per_row(left)
    prior = link_prior(len(left), n_right)
    settings = _settings(model, "link_only", prior, float(len(left)) * n_right, by_unit)
    linker = Linker(tables, settings, log_level=logging.WARNING)
    if right_population is not None:
        frequencies = right_population.unit_frequencies(left)
        if len(frequencies):
            table = backend.register(db_api, frequencies, UNIT_FREQUENCIES)
            linker.table_management.register_term_frequency_lookup(table, "unit_key")
    predictions = linker.inference.predict(
        threshold_match_weight=math.log2(prior / (1 - prior)) + _least_log2_bf(len(left), n_right),
        warning_mode="never",
    )
    pairs = _pairs(predictions)
    log2_bf = pairs[[*WEIGHT_COLUMNS, "mw_adjustments"]].sum(axis=1)
    if detail_columns(left) and detail_columns(right):
        first = exclusive_probability(pairs, log2_bf, len(left), n_right)
        log2_bf = log2_bf + detail_log2_bf(pairs, first, left, right)
    pairs["match_probability"] = exclusive_probability(pairs, log2_bf, len(left), n_right)
    return pairs[pairs["match_probability"] >= threshold].reset_index(drop=True)


def score_dedupe(
    people: pd.DataFrame,
    *,
    model: Model,
    backend: Backend,
    threshold: float,
    duplicate_share: float = 0.1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scored pairs within one feature frame, and its clusters at `threshold`."""
    db_api = backend.database_api()
    table = backend.register(db_api, engine_frame(people), PEOPLE_TABLE)
    n = len(people)
    prior = dedupe_prior(n, duplicate_share)
    settings = _settings(model, "dedupe_only", prior, n * (n - 1) / 2, unit_pairs_per_row(people))
    linker = Linker(table, settings, log_level=logging.WARNING)
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    ).as_pandas_dataframe()
    return _pairs(predictions), clusters[["unique_id", "cluster_id"]]
