"""On several executor processes, Spark links exactly as DuckDB does, even when a worker dies mid-job.

Two real multi-process clusters, started by the tests themselves: Spark's local-cluster
master (separate executor JVMs) and a standalone master with two workers launched from the
pyspark package. Set SAFEPASSAGE_TEST_PORTS (e.g. 8680-8699) to keep the daemons' ports in
a range; otherwise free ports are taken from the system.
"""

from __future__ import annotations

import csv
import os
import random
import socket
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from safepassage.linkage.backends import DuckDBBackend, SparkBackend
from safepassage.linkage.cli import dedupe_main
from safepassage.linkage.dedupe import deduplicate
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import reconcile
from safepassage.linkage.sparkconf import SparkSettings
from safepassage.linkage.synthetic import linked_lists, registry

from .test_reconcile import as_people

pytest.importorskip("pyspark")

pytestmark = [pytest.mark.slow, pytest.mark.spark]

LOCAL_CLUSTER = "local-cluster[2,1,1024]"
TOLERANCE = 1e-9


@pytest.fixture(autouse=True)
def loopback(monkeypatch):
    # Driver, executors and daemons talk over loopback only.
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")


def free_ports(count: int) -> list[int]:
    """`count` ports nobody listens on, from SAFEPASSAGE_TEST_PORTS (LOW-HIGH) if set."""
    wanted = os.environ.get("SAFEPASSAGE_TEST_PORTS", "")
    if wanted:
        low, high = (int(p) for p in wanted.split("-"))
        candidates = list(range(low, high + 1))
        random.shuffle(candidates)  # parallel runs rarely start on the same port
    else:
        candidates = [0] * count
    found: list[int] = []
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            found.append(probe.getsockname()[1])
        if len(found) == count:
            return found
    pytest.fail(f"fewer than {count} free ports in {wanted or 'the system range'}")


def people_file(tmp_path: Path, frame: pd.DataFrame) -> Path:
    path = tmp_path / "people.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def clusters_of(path: Path) -> tuple[set[frozenset[str]], dict[str, float]]:
    """The groups of ids sharing a cluster, and each grouped row's strongest link."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups: dict[str, set[str]] = {}
    for row in rows:
        groups.setdefault(row["cluster_id"], set()).add(row["id"])
    links = {row["id"]: float(row["match_probability"]) for row in rows if row["match_probability"]}
    return {frozenset(g) for g in groups.values()}, links


def assert_same_links(expected: dict, actual: dict) -> None:
    assert set(expected) == set(actual)
    assert all(abs(expected[k] - actual[k]) <= TOLERANCE for k in expected), "probabilities differ"


def pair_probabilities(frame: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {
        (str(a), str(b)): float(p)
        for a, b, p in zip(frame["left_id"], frame["right_id"], frame["match_probability"], strict=True)
    }


def assert_same_pairs(expected, actual) -> None:
    assert set(pair_probabilities(expected.matches)) == set(pair_probabilities(actual.matches))
    assert set(pair_probabilities(expected.review)) == set(pair_probabilities(actual.review))


def assert_same_reconciliation(expected, actual) -> None:
    assert_same_links(pair_probabilities(expected.matches), pair_probabilities(actual.matches))
    assert_same_links(pair_probabilities(expected.review), pair_probabilities(actual.review))
    assert (expected.unmatched_left, expected.unmatched_right) == (
        actual.unmatched_left,
        actual.unmatched_right,
    )


def assert_same_deduplication(expected, actual) -> None:
    def groups(result):
        by_cluster = result.clusters.groupby("cluster_id")["id"].agg(frozenset)
        return set(by_cluster)

    def links(result):
        kept = result.clusters.dropna(subset=["match_probability"])
        return dict(zip(kept["id"], kept["match_probability"].astype(float), strict=True))

    assert groups(expected) == groups(actual)
    assert_same_links(links(expected), links(actual))


@pytest.fixture(scope="module")
def lists():
    made = linked_lists(120, seed=31)
    return as_people(made.left, "left"), as_people(made.right, "right")


@pytest.fixture(scope="module")
def people():
    return registry(240, seed=32).people


def test_dedupe_on_a_local_cluster_gives_the_clusters_duckdb_gives(tmp_path, people):
    source = people_file(tmp_path, people)
    on_duckdb, on_spark = tmp_path / "duckdb.csv", tmp_path / "spark.csv"
    assert 0 == dedupe_main([str(source), "--out", str(on_duckdb), "--engine", "duckdb"])
    spark_args = ["--engine", "spark", "--spark-master", LOCAL_CLUSTER]
    assert 0 == dedupe_main([str(source), "--out", str(on_spark), *spark_args])
    groups, links = clusters_of(on_duckdb)
    assert any(len(g) > 1 for g in groups), "the input must hold duplicates for the test to mean anything"
    assert groups == clusters_of(on_spark)[0]
    assert_same_links(links, clusters_of(on_spark)[1])


@pytest.fixture(scope="module")
def reconciled_on_a_local_cluster(lists):
    left, right = lists
    expected = reconcile(left, right, model=Model.default(), backend=DuckDBBackend())
    spark = SparkBackend(master=LOCAL_CLUSTER)
    try:
        # Two executor JVMs of their own, beside the driver.
        assert LOCAL_CLUSTER == spark.session.sparkContext.master
        actual = reconcile(left, right, model=Model.default(), backend=spark)
    finally:
        spark.close()
    return expected, actual


def test_reconcile_on_a_local_cluster_proposes_the_pairs_duckdb_proposes(reconciled_on_a_local_cluster):
    expected, actual = reconciled_on_a_local_cluster
    assert len(expected.matches) > 50
    assert_same_pairs(expected, actual)


def test_reconcile_on_a_local_cluster_gives_duckdbs_probabilities(reconciled_on_a_local_cluster):
    assert_same_reconciliation(*reconciled_on_a_local_cluster)


class WorkerKiller(threading.Thread):
    """Kills one worker of `cluster` once the driver runs tasks of the job after `jobs_before`."""

    def __init__(self, context, cluster, jobs_before: int) -> None:
        super().__init__(daemon=True)
        self.context, self.cluster, self.jobs_before = context, cluster, jobs_before
        self.finished = threading.Event()
        self.killed_at: float | None = None

    def run(self) -> None:
        tracker = self.context.statusTracker()
        while not self.finished.is_set():
            jobs = tracker.getJobIdsForGroup(None)
            running = [tracker.getStageInfo(s) for s in tracker.getActiveStageIds()]
            if len(jobs) > self.jobs_before and any(s and s.numActiveTasks > 0 for s in running):
                self.cluster.kill_worker(0)
                self.killed_at = time.monotonic()
                return
            time.sleep(0.02)


def test_a_standalone_cluster_links_like_duckdb_and_survives_a_worker_killed_mid_job(tmp_path, lists, people):
    from safepassage.linkage.standalone import standalone

    left, right = lists
    registry_people = as_people(people, "people")
    expected_links = reconcile(left, right, model=Model.default(), backend=DuckDBBackend())
    expected_groups = deduplicate(registry_people, model=Model.default(), backend=DuckDBBackend())
    with standalone(tmp_path / "cluster", free_ports(6), workers=2, cores=1, memory="1g") as cluster:
        spark = SparkBackend(
            settings=SparkSettings(
                master=cluster.master_url,
                executor_memory="512m",
                partitions=4,
                # Storage the driver and both workers share, as HDFS would be on a real cluster.
                checkpoint_dir=str(tmp_path / "checkpoints"),
            )
        )
        try:
            context = spark.session.sparkContext
            assert_same_pairs(expected_links, reconcile(left, right, model=Model.default(), backend=spark))
            assert 2 == cluster.alive_workers()
            killer = WorkerKiller(
                context, cluster, jobs_before=len(context.statusTracker().getJobIdsForGroup(None)) + 2
            )
            killer.start()
            actual_groups = deduplicate(registry_people, model=Model.default(), backend=spark)
            done_at = time.monotonic()
            killer.finished.set()
            killer.join()
        finally:
            spark.close()
        assert killer.killed_at is not None and killer.killed_at < done_at, "no worker was killed mid-job"
        assert 1 == cluster.alive_workers()
    assert_same_deduplication(expected_groups, actual_groups)
