"""`safepassage assess`: the engine's command-line face, per docs/assess.md."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from safepassage.law.engine import evaluate
from safepassage.law.explain import explain
from safepassage.law.positions import DEFAULT_POSITION, POSITIONS, Position, position
from safepassage.law.serialise import assessment_json
from safepassage.law.validate import FactsError, validate_facts

USAGE = ("usage: safepassage assess (FACTS.json | - | --jsonl IN.jsonl) [--position NAME] "
         "[--as-of YYYY-MM-DD] [--explain]\n")
PREFIX = "safepassage assess: "
ERR_USAGE = "expected one input (FACTS.json, - for stdin, or --jsonl IN.jsonl); see --help"
ERR_OPTION = "unknown option {arg}; allowed options: --position, --as-of, --jsonl, --explain"
ERR_VALUE = "{option} needs a value"
ERR_AS_OF = "--as-of: expected a date YYYY-MM-DD, got {value!r}"
ERR_READ = "cannot read {path}: {reason}"
ERR_JSON = "{where}invalid JSON: {reason} (line {line}, column {column})"
ERR_EMPTY = "no input: expected a JSON object of facts or an array of them"
ERR_TOP = "expected a JSON object of facts or an array of them, got {got}"


class UsageError(Exception):
    """A bad command line or input; its message is printed on one line and the exit code is 2."""


@dataclass(slots=True)
class Options:
    source: str | None = None
    jsonl: bool = False
    position: Position | None = None
    as_of: date | None = None
    explain: bool = False


def _parse_date(value: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(ERR_AS_OF.format(value=value)) from None


def parse_args(argv: list[str]) -> Options:
    options = Options()
    args = iter(argv)
    for arg in args:
        if arg in ("--position", "--as-of", "--jsonl"):
            value = next(args, None)
            if value is None:
                raise UsageError(ERR_VALUE.format(option=arg))
            if arg == "--position":
                try:
                    options.position = position(value)
                except ValueError as error:
                    raise UsageError(f"--position: {error}") from None
            elif arg == "--as-of":
                options.as_of = _parse_date(value)
            else:
                if options.source is not None:
                    raise UsageError(ERR_USAGE)
                options.source, options.jsonl = value, True
        elif arg == "--explain":
            options.explain = True
        elif arg.startswith("-") and arg != "-":
            raise UsageError(ERR_OPTION.format(arg=arg))
        elif options.source is None:
            options.source = arg
        else:
            raise UsageError(ERR_USAGE)
    if options.source is None:
        raise UsageError(ERR_USAGE)
    if options.position is None:
        options.position = position(DEFAULT_POSITION)
    return options


def _read(source: str) -> str:
    try:
        if source == "-":
            return sys.stdin.read()
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = "standard input" if source == "-" else source
        raise UsageError(ERR_READ.format(path=where, reason=reason)) from None


def _loads(text: str, where: str) -> Any:
    if not text.strip():
        raise UsageError(ERR_EMPTY)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(ERR_JSON.format(where=where, reason=error.msg, line=error.lineno,
                                         column=error.colno)) from None


def _validate(obj: Any, where: str) -> dict[str, Any]:
    try:
        return validate_facts(obj)
    except FactsError as error:
        raise UsageError(f"{where}{error.message}") from None


def validate_jsonl(lines: Iterable[str]) -> list[dict[str, Any]]:
    """Parse and validate every line first, so a bad line stops the run before any output."""
    clean = []
    loads, check = json.loads, validate_facts
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # blank lines separate nothing and carry no facts
        try:
            clean.append(check(loads(line)))
        except json.JSONDecodeError as error:
            raise UsageError(ERR_JSON.format(where=f"line {number}: ", reason=error.msg,
                                             line=number, column=error.colno)) from None
        except FactsError as error:
            raise UsageError(f"line {number}: {error.message}") from None
    return clean


def assess_jsonl(lines: Iterable[str], options: Options) -> Iterator[str]:
    """The --jsonl path: parse, validate, assess and serialise one result per line."""
    assert options.position is not None
    run, as_of, pos = assessment_json, options.as_of, options.position
    batch = validate_jsonl(lines)
    # The validated batch lives until the end and holds no cycles: freezing it spares the
    # collector from walking every object again on each full collection.
    gc.freeze()
    try:
        for facts in batch:
            yield run(facts, pos, as_of) + "\n"
    finally:
        gc.unfreeze()


def _objects(text: str) -> tuple[list[dict[str, Any]], list[Any], bool]:
    data = _loads(text, "")
    if isinstance(data, list):
        return [_validate(item, f"object [{i}]: ") for i, item in enumerate(data)], data, True
    if isinstance(data, dict):
        return [_validate(data, "")], [data], False
    raise UsageError(ERR_TOP.format(got=json.dumps(data)[:40]))


def _explained(results: list[dict[str, Any]], raw: list[Any], many: bool) -> str:
    blocks = []
    for index, (result, facts) in enumerate(zip(results, raw, strict=True)):
        heading = f"# [{index}]\n" if many else ""
        blocks.append(heading + "\n".join(explain(result, facts)) + "\n")
    return "\n".join(blocks)


def run(options: Options, stdout: IO[str]) -> None:
    assert options.position is not None
    if options.jsonl:
        if options.source == "-":
            lines: Iterable[str] = sys.stdin
        else:
            lines = _read(options.source or "").splitlines()
        if options.explain:
            clean = validate_jsonl(lines)
            results = [evaluate(f, options.position, options.as_of) for f in clean]
            stdout.write(_explained(results, clean, True))
            return
        stdout.writelines(assess_jsonl(lines, options))
        return
    clean, raw, many = _objects(_read(options.source or "-"))
    results = [evaluate(facts, options.position, options.as_of) for facts in clean]
    if options.explain:
        stdout.write(_explained(results, raw, many))
        return
    out: Any = results if many else results[0]
    stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


def main(argv: list[str]) -> int:
    if any(arg in ("-h", "--help") for arg in argv):
        sys.stdout.write(USAGE + f"positions: {', '.join(POSITIONS)}\n")
        return 0
    try:
        run(parse_args(argv), sys.stdout)
    except UsageError as error:
        message = " ".join(str(error).split())  # one line, whatever the input held
        sys.stderr.write(PREFIX + message + "\n")
        return 2
    except UnicodeDecodeError as error:  # standard input read line by line under --jsonl -
        sys.stderr.write(PREFIX + ERR_READ.format(path="standard input", reason=error) + "\n")
        return 2
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other filters do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
