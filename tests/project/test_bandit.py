"""Bandit finds no medium or high severity issue in the application code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "safepassage"


@pytest.mark.slow
def test_bandit_reports_nothing_of_medium_or_high_severity() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bandit", "-r", str(SRC), "--severity-level", "medium", "-f", "json", "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    assert report["metrics"]["_totals"]["loc"] > 3000
    found = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]
    ]
    assert [] == found
