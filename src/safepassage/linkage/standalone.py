"""A Spark standalone cluster on this machine, started from the pyspark package's own launcher.

One master and a few workers, each a JVM of its own bound to one address, so the linkage
can be tried (and is tested and benchmarked) on separate executor processes exactly as on
a cluster of machines: `SparkBackend(master=cluster.master_url)`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
NOT_UP = "the Spark standalone {what} did not come up within {seconds} s; its log: {log}"
PORTS_NEEDED = "a master and {workers} workers need {needed} ports; {given} given"


def spark_home() -> Path:
    """The Spark distribution inside the pyspark package (bin/spark-class and the jars)."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


@dataclass
class StandaloneCluster:
    """A running master and its workers; `stop()` ends every process it started."""

    host: str
    master_port: int
    master_ui_port: int
    folder: Path
    master: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def master_url(self) -> str:
        return f"spark://{self.host}:{self.master_port}"

    def state(self) -> dict:
        """The master's own account of its workers and applications (its /json page on loopback)."""
        url = f"http://{self.host}:{self.master_ui_port}/json/"
        with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310  # nosec B310
            return json.loads(reply.read().decode("utf-8"))

    def answers(self) -> bool:
        try:
            self.state()
        except (OSError, urllib.error.URLError, ValueError):
            return False
        return True

    def alive_workers(self) -> int:
        try:
            return int(self.state().get("aliveworkers", 0))
        except (OSError, urllib.error.URLError, ValueError):
            return 0

    def kill_worker(self, index: int) -> None:
        """Kill worker `index` and the executors it launched at once, as a lost machine would."""
        worker = self.workers[index]
        try:
            os.killpg(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        worker.wait()

    def pids(self) -> dict[str, int]:
        """Process ids of the daemons, for measuring them."""
        found = {"master": self.master.pid}
        found.update({f"worker-{i + 1}": w.pid for i, w in enumerate(self.workers)})
        return found

    def stop(self) -> None:
        for process in [*self.workers, self.master]:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in [*self.workers, self.master]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _environment(folder: Path, host: str) -> dict[str, str]:
    conf = folder / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "SPARK_HOME": str(spark_home()),
            # An empty configuration folder: the operator's spark-defaults.conf is not ours.
            "SPARK_CONF_DIR": str(conf),
            "SPARK_LOCAL_IP": host,
            "SPARK_LOG_DIR": str(folder / "logs"),
            "SPARK_DAEMON_MEMORY": "256m",
        }
    )
    return env


def _launch(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        # A process group of its own, so a worker and the executors it starts end together.
        return subprocess.Popen(  # noqa: S603 - the pyspark package's own launcher
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait(ready, what: str, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.5)
    raise RuntimeError(NOT_UP.format(what=what, seconds=seconds, log=log))


def start_standalone(
    folder: Path,
    ports: Iterable[int],
    *,
    workers: int = 2,
    cores: int = 1,
    memory: str = "1g",
    host: str = "127.0.0.1",
    timeout: float = 180.0,
) -> StandaloneCluster:
    """Start a master and `workers` workers on `host`, using 2 + 2 x workers of `ports`.

    Each worker offers `cores` cores and `memory` to executors; the call returns once the
    master counts every worker alive.
    """
    ports = list(ports)
    needed = 2 + 2 * workers
    if len(ports) < needed:
        raise ValueError(PORTS_NEEDED.format(workers=workers, needed=needed, given=len(ports)))
    env = _environment(folder, host)
    spark_class = str(spark_home() / "bin" / "spark-class")
    master_log = folder / "logs" / "master.out"
    master = _launch(
        [spark_class, MASTER_CLASS, "--host", host, "--port", str(ports[0]), "--webui-port", str(ports[1])],
        env,
        master_log,
    )
    cluster = StandaloneCluster(host, ports[0], ports[1], folder, master)
    try:
        _wait(cluster.answers, "master", master_log, timeout)
        for i in range(workers):
            worker_env = dict(env, SPARK_WORKER_DIR=str(folder / f"worker-{i + 1}"))
            port, ui_port = ports[2 + 2 * i], ports[3 + 2 * i]
            cluster.workers.append(
                _launch(
                    [
                        spark_class,
                        WORKER_CLASS,
                        "--host",
                        host,
                        "--port",
                        str(port),
                        "--webui-port",
                        str(ui_port),
                        "--cores",
                        str(cores),
                        "--memory",
                        memory,
                        cluster.master_url,
                    ],
                    worker_env,
                    folder / "logs" / f"worker-{i + 1}.out",
                )
            )
        _wait(lambda: cluster.alive_workers() == workers, f"{workers} workers", folder / "logs", timeout)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@contextmanager
def standalone(folder: Path, ports: Iterable[int], **options: object) -> Iterator[StandaloneCluster]:
    """`start_standalone` that stops the cluster on leaving the block, however it is left."""
    cluster = start_standalone(folder, ports, **options)  # type: ignore[arg-type]
    try:
        yield cluster
    finally:
        cluster.stop()
