"""docs/reconcile.md documents the columns, encodings, outputs and guard rules the code has."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from safepassage.exchanges.guard import FRESH_CONSENT, GUARD_REASONS, IDENTITY_UNCONFIRMED
from safepassage.linkage import neutralise
from safepassage.linkage.assign import PAIR_COLUMNS
from safepassage.linkage.cli import EXIT_INPUT, _dedupe_parser, _reconcile_parser
from safepassage.linkage.dedupe import CLUSTER_COLUMNS
from safepassage.linkage.encodings import CANDIDATES
from safepassage.linkage.reconcile import DEFAULT_REVIEW_LOW
from safepassage.linkage.records import OPTIONAL, REQUIRED
from safepassage.linkage.review import REVIEW_COLUMNS

ROOT = next(parent for parent in Path(__file__).parents if (parent / "pyproject.toml").exists())
DOC = (ROOT / "docs" / "reconcile.md").read_text("utf-8")


def section(title: str) -> str:
    """The text under the heading `title`, up to the next heading."""
    match = re.search(rf"^#+ {re.escape(title)}\s*$", DOC, re.MULTILINE)
    assert match, f"docs/reconcile.md has no heading {title!r}"
    rest = DOC[match.end() :]
    end = re.search(r"^#+ ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def prose(text: str) -> str:
    """The text with its line breaks and runs of spaces as single spaces, for finding phrases."""
    return " ".join(text.split())


def csv_headers(text: str) -> list[list[str]]:
    return [block.strip().split(",") for block in re.findall(r"```csv\n(.*?)\n```", text, re.DOTALL)]


def table_keys(text: str) -> list[str]:
    """The backquoted names in the first column of the section's table, in order."""
    return re.findall(r"^\| `([^`]+)` \|", text, re.MULTILINE)


def test_the_input_columns_are_the_ones_the_reader_takes() -> None:
    text = section("Input")
    assert [[*REQUIRED, *OPTIONAL]] == csv_headers(text)[:1]
    assert [*REQUIRED, *OPTIONAL] == table_keys(text)
    required = dict(re.findall(r"^\| `([^`]+)` \| (yes|no) \|", text, re.MULTILINE))
    assert {column: "yes" for column in REQUIRED} | {column: "no" for column in OPTIONAL} == required


def test_the_encodings_are_the_ones_detection_tries_in_its_order() -> None:
    assert list(CANDIDATES) == table_keys(section("Encodings"))


@pytest.mark.parametrize(
    ("title", "columns"),
    [
        ("Matches (`reconcile --out`)", PAIR_COLUMNS),
        ("Review (`reconcile --review`)", REVIEW_COLUMNS),
        ("Clusters (`dedupe --out`)", CLUSTER_COLUMNS),
    ],
)
def test_each_output_header_is_the_one_the_command_writes(title: str, columns: list[str]) -> None:
    assert [list(columns)] == csv_headers(section(title))


def test_every_csv_header_the_page_shows_is_one_the_code_reads_or_writes() -> None:
    known = [[*REQUIRED, *OPTIONAL], list(PAIR_COLUMNS), list(REVIEW_COLUMNS), list(CLUSTER_COLUMNS)]
    assert sorted(known) == sorted(csv_headers(DOC))


def test_every_review_column_is_described_in_its_order() -> None:
    assert list(REVIEW_COLUMNS) == table_keys(section("Review (`reconcile --review`)"))


def test_the_documented_defaults_and_exit_status_are_the_commands() -> None:
    threshold = _reconcile_parser().get_default("threshold")
    assert threshold == _dedupe_parser().get_default("threshold")
    assert f"`--threshold` (default {threshold})" in prose(section("Matches (`reconcile --out`)"))
    assert f"(default {threshold}" in prose(section("Clusters (`dedupe --out`)"))
    assert f"(default {DEFAULT_REVIEW_LOW}" in prose(section("Review (`reconcile --review`)"))
    assert f"exits with status {EXIT_INPUT}" in prose(section("What stops a run, what only warns"))


def test_the_cells_said_to_be_neutralised_are_exactly_the_ones_that_are() -> None:
    text = prose(section("Output"))
    listed = set(re.findall(r"`(.)`", text.split("(one starting with", 1)[1].split(")", 1)[0]))
    listed |= {"\t"} if "a tab" in text else set()
    listed |= {"\r"} if "carriage return" in text else set()
    quoted = {ch for ch in string.printable if neutralise(ch + "1") == "'" + ch + "1"}
    assert quoted == listed


def test_the_guard_reasons_are_the_ones_the_guard_gives() -> None:
    text = section("From a matched list to a manifest: the guard rules")
    assert sorted(GUARD_REASONS | {IDENTITY_UNCONFIRMED}) == sorted(table_keys(text))
    assert f"no more than {FRESH_CONSENT.days} days" in prose(text)
