"""Scoring record pairs with Splink: settings from the model, blocking, predict, clusters."""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np
import pandas as pd
from splink import Linker, SettingsCreator
from splink.clustering import cluster_pairwise_predictions_at_threshold

from safepassage.linkage.backends import Backend
from safepassage.linkage.blocking import blocking_rules
from safepassage.linkage.candidates import Population
from safepassage.linkage.chance import (
    MAX_SHIFT,
    canonical_pairs,
    estimated_prior,
    name_agreement,
    name_shift,
    same_key_pairs,
)
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
# A registry's share of repeated men is estimated from its pairs (`chance.estimated_prior`),
# at most this many times the assumed share: pairs are scored down to where that prior
# could lift them to the threshold, and no further.
MOST_PRIOR_RISE_BITS = 6.0
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
    # The lists' own chance of names agreeing (see `chance`): counted from the scored pairs,
    # which are the same whether `right` is the whole list or its candidates.
    shift = name_shift(
        model, canonical_pairs(model, pairs["mw_name"]), float(len(left)) * n_right, min(len(left), n_right)
    )
    pairs["mw_adjustments"] += np.where(name_agreement(model, pairs["mw_name"]), shift, 0.0)
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
    """Scored pairs within one feature frame at or above `threshold`, and its clusters there.

    The share of pairs that are one man is estimated from the scored pairs, starting from
    `duplicate_share` repeated rows, and the name agreement levels are weighed by how often
    names meet by chance in this frame, less the pairs so estimated to be one man (see
    `chance`). Pairs are scored down to where both could lift them to the threshold.
    """
    db_api = backend.database_api()
    frame = engine_frame(people)
    table = backend.register(db_api, frame, PEOPLE_TABLE)
    n = len(people)
    product = max(1.0, n * (n - 1) / 2)
    prior = dedupe_prior(n, duplicate_share)
    settings = _settings(model, "dedupe_only", prior, product, unit_pairs_per_row(people))
    linker = Linker(table, settings, log_level=logging.WARNING)
    least = min(max(threshold, 1e-12), 1 - 1e-12)
    # Splink's match weight includes the prior: the threshold's odds, less what may lift a pair.
    floor = math.log2(least / (1 - least)) - MOST_PRIOR_RISE_BITS - MAX_SHIFT
    predictions = linker.inference.predict(threshold_match_weight=floor, warning_mode="never")
    pairs = _pairs(predictions)
    most = min(0.5, prior * 2.0**MOST_PRIOR_RISE_BITS)
    weights = pairs[[*WEIGHT_COLUMNS, "mw_adjustments"]].sum(axis=1)
    matches = min(estimated_prior(weights, product, prior), most) * product
    shift = name_shift(model, same_key_pairs(people["name_key"]), product, max(1.0, matches))
    pairs["mw_adjustments"] += np.where(name_agreement(model, pairs["mw_name"]), shift, 0.0)
    log2_bf = pairs[[*WEIGHT_COLUMNS, "mw_adjustments"]].sum(axis=1)
    prior = min(estimated_prior(log2_bf, product, prior), most)
    odds = prior / (1 - prior) * np.exp2(np.minimum(log2_bf.to_numpy(dtype=float), 60.0))
    pairs["match_probability"] = odds / (1 + odds)
    pairs = pairs[pairs["match_probability"] >= threshold].reset_index(drop=True)
    edges = pairs[["left_id", "right_id", "match_probability"]]
    clusters = cluster_pairwise_predictions_at_threshold(
        frame[["unique_id"]].astype({"unique_id": str}),
        edges.rename(columns={"left_id": "unique_id_l", "right_id": "unique_id_r"}).reset_index(drop=True),
        db_api,
        node_id_column_name="unique_id",
        edge_id_column_name_left="unique_id_l",
        edge_id_column_name_right="unique_id_r",
        threshold_match_probability=threshold,
    ).as_pandas_dataframe()
    return pairs, clusters[["unique_id", "cluster_id"]]
