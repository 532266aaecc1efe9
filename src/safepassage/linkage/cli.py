"""`safepassage reconcile` and `safepassage dedupe` as docs/reconcile.md specifies."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from safepassage.linkage.assign import PAIR_COLUMNS
from safepassage.linkage.backends import ENGINES, Backend, EngineError, backend_named
from safepassage.linkage.dedupe import CLUSTER_COLUMNS, deduplicate
from safepassage.linkage.errors import InputError
from safepassage.linkage.model import Model
from safepassage.linkage.progress import Stages
from safepassage.linkage.reconcile import (
    DEFAULT_REVIEW_LOW,
    DEFAULT_THRESHOLD,
    check_band,
    reconcile,
)
from safepassage.linkage.records import PersonList, read_people
from safepassage.linkage.review import REVIEW_COLUMNS
from safepassage.linkage.writing import write_csv
from safepassage.progress import add_progress_flags

EXIT_INPUT = 2
RECONCILE_SUMMARY = (
    "matched: {matched}; for review: {review}; unmatched: {left_free} of {left} in {left_name},"
    " {right_free} of {right} in {right_name}; time: {seconds:.1f} s"
)
DEDUPE_SUMMARY = (
    "rows: {rows}; people: {clusters}; rows sharing a person with another row: {grouped};"
    " time: {seconds:.1f} s"
)
BAD_MODEL = "--model {path}: {reason}"
MASTER_NEEDS_SPARK = "--spark-master applies to the Spark engine only; add --engine spark"


def _probability(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not a probability between 0 and 1")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="CSV file to write")
    parser.add_argument("--threshold", type=_probability, default=DEFAULT_THRESHOLD)
    parser.add_argument("--engine", choices=ENGINES, default="duckdb")
    parser.add_argument(
        "--spark-master",
        metavar="URL",
        help="with --engine spark: the Spark master to run on (local[*], local-cluster[2,1,1024],"
        " spark://HOST:7077, yarn, k8s://https://HOST:6443); default: SAFEPASSAGE_SPARK_MASTER,"
        " else local[*]; under spark-submit, spark-submit's own master is kept",
    )
    parser.add_argument("--encoding", help="encoding of CSV inputs (default: detected)")
    parser.add_argument("--model", type=Path, help="trained model JSON (default: shipped)")
    add_progress_flags(parser)


def _backend(args: argparse.Namespace) -> Backend:
    if args.spark_master and args.engine != "spark":
        raise EngineError(MASTER_NEEDS_SPARK)
    return backend_named(args.engine, spark_master=args.spark_master)


def _reconcile_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safepassage reconcile", description="Match the people of two lists one to one."
    )
    parser.add_argument("left", type=Path, help="first list (CSV or XLSX)")
    parser.add_argument("right", type=Path, help="second list (CSV or XLSX)")
    _common(parser)
    parser.add_argument("--review", type=Path, help="CSV for the uncertain band, with evidence")
    parser.add_argument(
        "--also-compare",
        action="append",
        default=[],
        metavar="COLUMN[,COLUMN...]",
        help="further columns both files carry (an address, a service number) to compare too;"
        " their weights are learned from the two lists",
    )
    parser.add_argument(
        "--review-low",
        type=_probability,
        help=f"lowest probability shown for review (default: {DEFAULT_REVIEW_LOW}, "
        "or half the threshold when that is lower)",
    )
    return parser


def _dedupe_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safepassage dedupe", description="Group the rows of one list that are one man."
    )
    parser.add_argument("people", type=Path, help="the list (CSV or XLSX)")
    _common(parser)
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


def _review_low(args: argparse.Namespace) -> float:
    if args.review_low is None:
        return min(DEFAULT_REVIEW_LOW, args.threshold / 2)
    return float(args.review_low)


def _details(values: list[str]) -> tuple[str, ...]:
    names = [part.strip() for value in values for part in value.split(",")]
    return tuple(dict.fromkeys(n for n in names if n))


def _warn(people: PersonList) -> None:
    for warning in people.warnings:
        sys.stderr.write(f"warning: {warning}\n")


def _model(path: Path | None) -> Model:
    if path is None:
        return Model.default()
    try:
        return Model.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(BAD_MODEL.format(path=path, reason=exc)) from exc


def _fail(message: object) -> int:
    sys.stderr.write(f"error: {message}\n")
    return EXIT_INPUT


def reconcile_main(argv: list[str]) -> int:
    args = _parse(_reconcile_parser(), argv)
    if isinstance(args, int):
        return args
    try:
        check_band(_review_low(args), args.threshold)
    except ValueError as exc:
        return _fail(exc)
    started = time.monotonic()
    steps = ["reading", "matching", "writing"]
    try:
        with Stages(steps, enabled=args.progress) as stages:
            stages.start("reading")
            details = _details(args.also_compare)
            left = read_people(args.left, args.encoding, details)
            right = read_people(args.right, args.encoding, details)
            _warn(left)
            _warn(right)
            model = _model(args.model)
            backend = _backend(args)
            stages.done()
            stages.start("matching")
            try:
                result = reconcile(
                    left,
                    right,
                    model=model,
                    backend=backend,
                    threshold=args.threshold,
                    review_low=_review_low(args),
                )
            finally:
                backend.close()
            stages.done()
            stages.start("writing")
            write_csv(args.out, PAIR_COLUMNS, result.matches.itertuples(index=False))
            if args.review is not None:
                write_csv(args.review, REVIEW_COLUMNS, result.review[REVIEW_COLUMNS].itertuples(index=False))
            stages.done()
    except (InputError, EngineError) as exc:
        return _fail(exc)
    summary = RECONCILE_SUMMARY.format(
        matched=len(result.matches),
        review=len(result.review),
        left_free=result.unmatched_left,
        left=len(left),
        left_name=args.left.name,
        right_free=result.unmatched_right,
        right=len(right),
        right_name=args.right.name,
        seconds=time.monotonic() - started,
    )
    sys.stderr.write(summary + "\n")
    return 0


def dedupe_main(argv: list[str]) -> int:
    args = _parse(_dedupe_parser(), argv)
    if isinstance(args, int):
        return args
    started = time.monotonic()
    try:
        with Stages(["reading", "matching", "writing"], enabled=args.progress) as stages:
            stages.start("reading")
            people = read_people(args.people, args.encoding)
            _warn(people)
            model = _model(args.model)
            backend = _backend(args)
            stages.done()
            stages.start("matching")
            try:
                result = deduplicate(people, model=model, backend=backend, threshold=args.threshold)
            finally:
                backend.close()
            stages.done()
            stages.start("writing")
            write_csv(args.out, CLUSTER_COLUMNS, result.clusters.itertuples(index=False))
            stages.done()
    except (InputError, EngineError) as exc:
        return _fail(exc)
    summary = DEDUPE_SUMMARY.format(
        rows=len(people),
        clusters=result.cluster_count,
        grouped=result.rows_in_groups,
        seconds=time.monotonic() - started,
    )
    sys.stderr.write(summary + "\n")
    return 0
