"""Fail CI when the PostgreSQL pass ran no test, or when any browser or database test was skipped."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET  # noqa: S405 (our own pytest report)
from pathlib import Path


def cases(report: Path) -> list[ET.Element]:
    if not report.exists():
        sys.exit(f"CI: {report} is missing: that test pass did not run.")
    return list(ET.parse(report).getroot().iter("testcase"))  # noqa: S314


def main(sqlite_report: str, postgres_report: str) -> None:
    problems = []
    for path in (Path(sqlite_report), Path(postgres_report)):
        found = cases(path)
        if not found:
            problems.append(f"{path}: no test ran")
        for case in found:
            name = f"{case.get('classname')}::{case.get('name')}"
            skipped = case.find("skipped")
            is_required = ".app." in f".{case.get('classname')}." or "browser" in name
            if skipped is not None and is_required:
                problems.append(f"{path}: {name} was skipped: {skipped.get('message')}")
    if problems:
        sys.exit("CI: required tests did not run:\n  " + "\n  ".join(problems))
    print("CI: the PostgreSQL pass and the browser tests all ran.")


if __name__ == "__main__":
    main(*sys.argv[1:3])
