"""Where and how the Spark engine runs: master, memory, partitions and the similarity jar."""

from __future__ import annotations

import functools
import os
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

LOCAL_MASTER = "local[*]"
APP_NAME = "safepassage-linkage"
SEPARATOR = re.compile(r"\s*[=:\s]\s*")
MEMORY = re.compile(r"^\d+[kmgt]?$", re.IGNORECASE)
BAD_MEMORY = "{name}={value!r} is not a JVM memory size such as 2g or 768m"
BAD_PARTITIONS = "{name}={value!r} is not a whole number of partitions of at least 1"
MASTER_IGNORED = (
    "Spark master {wanted!r} ignored: this process already runs Spark on {running!r}"
    " (spark-submit or an open session decides where the job runs)"
)
# Keys this module may set; what spark-submit or an open session already set is kept.
MASTER = "spark.master"
EXECUTOR_MEMORY = "spark.executor.memory"
DRIVER_MEMORY = "spark.driver.memory"
SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions"
PARALLELISM = "spark.default.parallelism"
JARS = "spark.jars"
CHECKPOINT_DIR = "spark.checkpoint.dir"
DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    # A pandas frame below this size becomes a LocalRelation: its rows sit inside the query
    # plan of every table Splink derives from it, and the planner hashes, copies and caches
    # them at each of its hundred-odd steps (10,000 rows took the driver into garbage
    # collection for tens of minutes). At 0 every input is an RDD the plan only names;
    # its partitions stay on the driver, so a lost executor's share is sent again.
    "spark.sql.execution.arrow.localRelationThreshold": "0",
    # Splink's intermediate tables are checkpointed (see backends.SparkBackend); their
    # files go when the tables do.
    "spark.cleaner.referenceTracking.cleanCheckpoints": "true",
}


class SparkSettingError(ValueError):
    """A Spark setting given to SafePassage cannot be used."""


def default_partitions() -> int:
    return max(2, (os.cpu_count() or 2) * 2)


def _memory(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not MEMORY.match(value.strip()):
        raise SparkSettingError(BAD_MEMORY.format(name=name, value=value))
    return value.strip().lower()


def _partitions(name: str, value: str | int | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise SparkSettingError(BAD_PARTITIONS.format(name=name, value=value))
    return number


@dataclass(frozen=True)
class SparkSettings:
    """What SafePassage asks of Spark; None leaves the choice to Spark's own configuration.

    `master` is a Spark master URL (local[*], local-cluster[2,1,1024], spark://host:7077,
    yarn, k8s://https://host:6443); `jar` the similarity-function jar, by default the one
    inside the installed splink package, which Spark ships to every executor itself;
    `checkpoint_dir` where Splink's intermediate tables are written (storage every
    executor and the driver can read: HDFS, S3, a shared mount), a fresh local folder
    by default on a master of this machine.
    """

    master: str | None = None
    executor_memory: str | None = None
    driver_memory: str | None = None
    partitions: int | None = None
    jar: str | None = None
    checkpoint_dir: str | None = None

    def __post_init__(self) -> None:
        _memory("executor memory", self.executor_memory)
        _memory("driver memory", self.driver_memory)
        _partitions("partitions", self.partitions)

    @classmethod
    def from_environment(cls) -> SparkSettings:
        return cls(
            master=os.environ.get("SAFEPASSAGE_SPARK_MASTER", "").strip() or None,
            executor_memory=_memory(
                "SAFEPASSAGE_SPARK_EXECUTOR_MEMORY", os.environ.get("SAFEPASSAGE_SPARK_EXECUTOR_MEMORY")
            ),
            driver_memory=_memory(
                "SAFEPASSAGE_SPARK_DRIVER_MEMORY", os.environ.get("SAFEPASSAGE_SPARK_DRIVER_MEMORY")
            ),
            partitions=_partitions(
                "SAFEPASSAGE_SPARK_PARTITIONS", os.environ.get("SAFEPASSAGE_SPARK_PARTITIONS")
            ),
            jar=os.environ.get("SAFEPASSAGE_SPARK_JAR", "").strip() or None,
            checkpoint_dir=os.environ.get("SAFEPASSAGE_SPARK_CHECKPOINT_DIR", "").strip() or None,
        )

    def with_master(self, master: str | None) -> SparkSettings:
        """These settings with `master` if one is given (a --spark-master flag beats the variable)."""
        return replace(self, master=master) if master else self


@functools.cache
def environment_settings() -> SparkSettings:
    """The SAFEPASSAGE_SPARK_* variables, read once per process."""
    return SparkSettings.from_environment()


def spark_defaults(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The operator's spark-defaults.conf (SPARK_CONF_DIR, else SPARK_HOME/conf), if any."""
    environ = dict(os.environ) if environ is None else environ
    folder = environ.get("SPARK_CONF_DIR") or (
        str(Path(environ["SPARK_HOME"]) / "conf") if environ.get("SPARK_HOME") else ""
    )
    path = Path(folder) / "spark-defaults.conf" if folder else None
    if path is None or not path.is_file():
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            # java.util.Properties syntax: the key ends at the first blank, '=' or ':'.
            key, *value = SEPARATOR.split(line, maxsplit=1)
            found[key] = value[0] if value else ""
    return found


def _add_jar(existing: str | None, jar: str) -> str:
    jars = [j for j in (existing or "").split(",") if j.strip()]
    return ",".join(jars if jar in jars else [*jars, jar])


def session_conf(
    settings: SparkSettings, fixed: dict[str, str], *, submitted: bool, jar: str
) -> dict[str, str]:
    """The configuration to start a session with, given what Spark's own configuration fixes.

    `fixed` is spark-submit's configuration when `submitted` (this process runs under
    spark-submit), else the operator's spark-defaults.conf. Under spark-submit what it set
    wins over every SafePassage setting; otherwise a setting given to SafePassage (flag or
    SAFEPASSAGE_SPARK_* variable) wins over spark-defaults.conf, which wins over our defaults.
    The similarity jar is always added to the jars already configured.
    """
    conf: dict[str, str] = {}

    def put(key: str, explicit: str | None, default: str | None = None) -> None:
        if submitted and key in fixed:
            return
        if explicit is not None:
            conf[key] = explicit
        elif default is not None and key not in fixed:
            conf[key] = default

    put(MASTER, settings.master, LOCAL_MASTER)
    put(EXECUTOR_MEMORY, settings.executor_memory)
    put(DRIVER_MEMORY, settings.driver_memory)
    partitions = None if settings.partitions is None else str(settings.partitions)
    put(SHUFFLE_PARTITIONS, partitions, str(default_partitions()))
    put(PARALLELISM, partitions, str(default_partitions()))
    put(CHECKPOINT_DIR, settings.checkpoint_dir)
    for key, value in DEFAULTS.items():
        put(key, None, value)
    conf[JARS] = _add_jar(fixed.get(JARS), jar)
    return conf


def start_session(settings: SparkSettings) -> tuple[object, bool]:
    """A SparkSession for `settings` and whether this call started it (and so may stop it).

    A session already open in this process (a notebook, a spark-submit application that
    built its own) is used as it is; under spark-submit its master and settings are kept.
    """
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    running = SparkSession.getActiveSession()
    if running is None and SparkContext._active_spark_context is not None:
        running = SparkSession.builder.getOrCreate()
    if running is not None:
        _warn_if_other_master(settings.master, running.sparkContext.master)
        return running, False
    # spark-submit runs Python with the port of the JVM it started, configured already.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if submitted:
        SparkContext._ensure_initialized()
        fixed = dict(SparkConf().getAll())
        _warn_if_other_master(settings.master, fixed.get(MASTER))
    else:
        fixed = spark_defaults()
    conf = session_conf(settings, fixed, submitted=submitted, jar=settings.jar or similarity_jar())
    builder = SparkSession.builder.appName(APP_NAME)
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate(), True


def _warn_if_other_master(wanted: str | None, running: str | None) -> None:
    if wanted and running and wanted != running:
        warnings.warn(MASTER_IGNORED.format(wanted=wanted, running=running), stacklevel=3)


def similarity_jar() -> str:
    # Splink's string similarity functions (jaro_winkler and others) ship as this jar.
    from splink.backends.spark import similarity_jar_location

    return similarity_jar_location()
