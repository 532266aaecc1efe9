"""Deduplicating one list: score pairs within it and cluster the men who appear repeatedly."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safepassage.linkage.backends import Backend
from safepassage.linkage.engine import score_dedupe
from safepassage.linkage.features import record_features
from safepassage.linkage.model import Model
from safepassage.linkage.records import PersonList

DEFAULT_THRESHOLD = 0.8
CLUSTER_COLUMNS = ["id", "cluster_id", "match_probability"]


@dataclass
class Deduplication:
    """Every row with its cluster; match_probability is its strongest link, blank if alone."""

    clusters: pd.DataFrame

    @property
    def cluster_count(self) -> int:
        return int(self.clusters["cluster_id"].nunique())

    @property
    def rows_in_groups(self) -> int:
        return int(self.clusters["match_probability"].notna().sum())


def _strongest_links(pairs: pd.DataFrame, threshold: float) -> pd.Series:
    kept = pairs[pairs["match_probability"] >= threshold]
    ends = pd.concat(
        [
            kept[["left_id", "match_probability"]].rename(columns={"left_id": "id"}),
            kept[["right_id", "match_probability"]].rename(columns={"right_id": "id"}),
        ]
    )
    return ends.groupby("id")["match_probability"].max()


def deduplicate(
    people: PersonList,
    *,
    model: Model,
    backend: Backend,
    threshold: float = DEFAULT_THRESHOLD,
) -> Deduplication:
    features = record_features(people.frame)
    pairs, clusters = score_dedupe(features, model=model, backend=backend, threshold=threshold)
    clusters = clusters.rename(columns={"unique_id": "id"}).astype({"id": str, "cluster_id": str})
    strongest = _strongest_links(pairs, threshold)
    clusters["match_probability"] = clusters["id"].map(strongest)
    # Rows keep the order of the input file, so the output reads beside it.
    order = pd.Series(range(len(people.frame)), index=people.frame["id"].astype(str))
    clusters = clusters.assign(_order=clusters["id"].map(order)).sort_values("_order")
    return Deduplication(clusters[CLUSTER_COLUMNS].reset_index(drop=True))
