"""The SQL engines Splink runs on, behind one interface: DuckDB embedded or local Spark."""

from __future__ import annotations

import os
import tempfile
import uuid
from typing import Any, Protocol

import pandas as pd

ENGINES = ("duckdb", "spark")
UNKNOWN_ENGINE = "unknown engine {engine!r}; choose one of: duckdb, spark"
NO_SPARK = (
    "the Spark engine needs pyspark and Java 17 ({reason}); install safepassage[spark] or use --engine duckdb"
)


class EngineError(RuntimeError):
    """The chosen engine cannot be started."""


class Backend(Protocol):
    """What the linkage core needs from an engine."""

    name: str

    def database_api(self) -> Any:
        """A fresh Splink database API for one linkage job."""

    def register(self, db_api: Any, frame: pd.DataFrame, table: str) -> Any:
        """Hand a pandas frame to the engine as a Splink input table."""

    def close(self) -> None:
        """Release what the engine holds."""


class DuckDBBackend:
    """DuckDB in process: no server, no JVM; the default."""

    name = "duckdb"

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads

    def database_api(self) -> Any:
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect(":memory:")
        # DuckDB draws its own progress bar on long queries; the CLI has one already.
        connection.execute("SET enable_progress_bar = false")
        if self.threads:
            connection.execute(f"SET threads TO {int(self.threads)}")
        return DuckDBAPI(connection)

    def register(self, db_api: Any, frame: pd.DataFrame, table: str) -> Any:
        return db_api.register(frame, dataset_display_name=table)

    def close(self) -> None:
        return None


class SparkBackend:
    """A local SparkSession (local[*]); a cluster session can be passed in instead."""

    name = "spark"

    def __init__(self, session: Any = None, partitions: int | None = None) -> None:
        self._session = session
        self._owned = session is None
        self.partitions = partitions or max(2, (os.cpu_count() or 2) * 2)

    @property
    def session(self) -> Any:
        if self._session is None:
            try:
                from pyspark.sql import SparkSession
                from splink.backends.spark import similarity_jar_location
            except ImportError as exc:
                raise EngineError(NO_SPARK.format(reason=exc)) from exc
            try:
                self._session = (
                    SparkSession.builder.master("local[*]")
                    # Splink's string similarity functions (jaro_winkler) ship as a jar.
                    .config("spark.jars", similarity_jar_location())
                    .appName("safepassage-linkage")
                    .config("spark.sql.shuffle.partitions", str(self.partitions))
                    .config("spark.default.parallelism", str(self.partitions))
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                    .getOrCreate()
                )
            except Exception as exc:  # the JVM failing to start surfaces as many types
                raise EngineError(NO_SPARK.format(reason=exc)) from exc
            self._session.sparkContext.setLogLevel("ERROR")
        return self._session

    def database_api(self) -> Any:
        from splink import SparkAPI

        checkpoints = os.path.join(tempfile.gettempdir(), "safepassage-spark")
        self.session.sparkContext.setCheckpointDir(checkpoints)
        return SparkAPI(
            spark_session=self.session,
            num_partitions_on_repartition=self.partitions,
            break_lineage_method="persist",
        )

    def register(self, db_api: Any, frame: pd.DataFrame, table: str) -> Any:
        # Temporary views outlive one job in a shared session: give each a fresh name and
        # keep the display name, which Splink writes into source_dataset.
        unique = f"{table}_{uuid.uuid4().hex[:8]}"
        return db_api.register(frame, table_name=unique, dataset_display_name=table)

    def close(self) -> None:
        if self._owned and self._session is not None:
            self._session.stop()
            self._session = None


def backend_named(engine: str) -> Backend:
    if engine == "duckdb":
        return DuckDBBackend()
    if engine == "spark":
        return SparkBackend()
    raise EngineError(UNKNOWN_ENGINE.format(engine=engine))
