"""The Spark backend on a local session gives the DuckDB backend's answer on a small set."""

from __future__ import annotations

import pytest

from safepassage.linkage.backends import DuckDBBackend
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import reconcile
from safepassage.linkage.synthetic import linked_lists

from .test_reconcile import as_people

pytest.importorskip("pyspark")


@pytest.mark.slow
@pytest.mark.spark
def test_a_local_spark_session_matches_what_duckdb_matches():
    from safepassage.linkage.backends import SparkBackend

    lists = linked_lists(150, seed=21)
    left, right = as_people(lists.left, "left"), as_people(lists.right, "right")
    spark = SparkBackend()
    try:
        on_spark = reconcile(left, right, model=Model.default(), backend=spark)
    finally:
        spark.close()
    on_duckdb = reconcile(left, right, model=Model.default(), backend=DuckDBBackend())

    def pairs(result):
        return set(zip(result.matches["left_id"], result.matches["right_id"], strict=True))

    assert pairs(on_duckdb) == pairs(on_spark)
    assert len(pairs(on_spark) & lists.truth) / len(lists.truth) >= 0.85
