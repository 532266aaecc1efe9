"""bench/linkage.py names each Spark process by what it runs, so its memory is reported per part."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "linkage.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_linkage", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_linkage", module)
    spec.loader.exec_module(module)
    return module


def test_processes_are_named_by_the_command_they_run() -> None:
    role = _bench()._role
    java = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -cp /x/pyspark/jars/* -Xmx6g"
    assert role(f"{java} org.apache.spark.deploy.SparkSubmit --conf a=b pyspark-shell") == "driver JVM"
    assert role(f"{java} org.apache.spark.executor.CoarseGrainedExecutorBackend --driver-url x") == "executor"
    assert role(f"{java} org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077") == "worker"
    assert role(f"{java} org.apache.spark.deploy.master.Master --port 7077") == "master"
    # The launcher scripts live under .../python3.12/site-packages/pyspark: not the Python client.
    launcher = "/bin/bash /v/lib/python3.12/site-packages/pyspark/bin/spark-class"
    launcher += " org.apache.spark.deploy.SparkSubmit pyspark-shell"
    assert role(launcher) == "launcher (shell)"
    assert role("/v/bin/python /v/bin/safepassage dedupe people.csv --engine spark") == "client (Python)"
    assert role(f"{java} -version") == "JVM"
