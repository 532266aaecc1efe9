"""The SQL engines Splink runs on, behind one interface: DuckDB embedded or Spark."""

from __future__ import annotations

import shutil
import tempfile
import uuid
import warnings
from dataclasses import replace
from typing import Any, Protocol

import pandas as pd

from safepassage.linkage.sparkconf import (
    SHUFFLE_PARTITIONS,
    SparkSettingError,
    SparkSettings,
    default_partitions,
    environment_settings,
    start_session,
)

ENGINES = ("duckdb", "spark")
UNKNOWN_ENGINE = "unknown engine {engine!r}; choose one of: duckdb, spark"
NO_SPARK = (
    "the Spark engine needs pyspark and Java 17 ({reason}); install safepassage[spark] or use --engine duckdb"
)
SPARK_MASTER_FAILED = (
    "Spark could not start a job on master {master!r} ({reason}); check the URL (--spark-master or"
    " SAFEPASSAGE_SPARK_MASTER) and that the cluster is up and reachable from this machine"
)


NO_CHECKPOINT_DIR = (
    "no Spark checkpoint directory on master {master!r}: Splink's tables are kept in executor memory"
    " and every step plans the whole job again, which grows slow past some thousands of rows; set"
    " SAFEPASSAGE_SPARK_CHECKPOINT_DIR (or spark.checkpoint.dir) to storage every executor can read"
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
    """Spark, on the master its settings name (local[*] by default) or on a session passed in.

    Settings not given come from the SAFEPASSAGE_SPARK_* variables (read once per process);
    `master` overrides SAFEPASSAGE_SPARK_MASTER. Under spark-submit, or with a session already
    open in this process, that Spark configuration is kept (see `sparkconf.start_session`).
    """

    name = "spark"

    def __init__(
        self,
        session: Any = None,
        partitions: int | None = None,
        *,
        master: str | None = None,
        settings: SparkSettings | None = None,
    ) -> None:
        try:
            base = settings if settings is not None else environment_settings()
            if partitions is not None:
                base = replace(base, partitions=partitions)
            self.settings = base.with_master(master)
        except SparkSettingError as exc:
            raise EngineError(str(exc)) from exc
        self._session = session
        self._owned = False
        self._scratch: str | None = None

    @property
    def partitions(self) -> int:
        """Partitions of Splink's repartitioned tables: the session's shuffle partitions."""
        value = self.session.conf.get(SHUFFLE_PARTITIONS, None)
        return int(value) if value else self.settings.partitions or default_partitions()

    @property
    def session(self) -> Any:
        if self._session is None:
            try:
                import pyspark  # noqa: F401
                import splink.backends.spark  # noqa: F401
            except ImportError as exc:
                raise EngineError(NO_SPARK.format(reason=exc)) from exc
            try:
                self._session, self._owned = start_session(self.settings)
            except Exception as exc:  # the JVM failing to start surfaces as many types
                raise EngineError(_start_failure(self.settings, exc)) from exc
            self._session.sparkContext.setLogLevel("ERROR")
        return self._session

    def database_api(self) -> Any:
        from splink import SparkAPI

        context = self.session.sparkContext
        if context.getCheckpointDir() is None and context.master.startswith("local"):
            # Every executor of a local master shares this machine's disk.
            self._scratch = tempfile.mkdtemp(prefix="safepassage-spark-")
            context.setCheckpointDir(self._scratch)
        if context.getCheckpointDir() is None:
            warnings.warn(NO_CHECKPOINT_DIR.format(master=context.master), stacklevel=2)
        return SparkAPI(
            spark_session=self.session,
            num_partitions_on_repartition=self.partitions,
            # Each of Splink's tables is a query over the last; checkpointed, a table is
            # read back from files and the plan of the next starts afresh (persisted, the
            # plans grow with every step and planning soon costs more than the work). The
            # files outlive a lost executor, which recomputes nothing.
            break_lineage_method="checkpoint" if context.getCheckpointDir() else "persist",
        )

    def register(self, db_api: Any, frame: pd.DataFrame, table: str) -> Any:
        # Temporary views outlive one job in a shared session: give each a fresh name and
        # keep the display name, which Splink writes into source_dataset.
        unique = f"{table}_{uuid.uuid4().hex[:8]}"
        return db_api.register(frame, table_name=unique, dataset_display_name=table)

    def close(self) -> None:
        if self._owned and self._session is not None:
            self._session.stop()
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
        self._session = None
        self._owned = False
        self._scratch = None


def _start_failure(settings: SparkSettings, exc: Exception) -> str:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if settings.master and "JAVA_GATEWAY_EXITED" not in str(exc):
        return SPARK_MASTER_FAILED.format(master=settings.master, reason=reason)
    return NO_SPARK.format(reason=reason)


def backend_named(engine: str, *, spark_master: str | None = None) -> Backend:
    """The engine called `engine`; `spark_master` (a Spark master URL) applies to spark only.

    Without `spark_master`, Spark runs where SAFEPASSAGE_SPARK_MASTER says, else local[*].
    """
    if engine == "duckdb":
        return DuckDBBackend()
    if engine == "spark":
        return SparkBackend(master=spark_master)
    raise EngineError(UNKNOWN_ENGINE.format(engine=engine))
