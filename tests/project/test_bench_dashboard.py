"""bench/dashboard.py runs on the code as it is (it writes the dashboard index the services keep)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "dashboard.py"

pytestmark = pytest.mark.slow


def test_the_dashboard_bench_fills_and_times_a_small_caseload(tmp_path):
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(BENCH), "--one", "--sizes", "40", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    row = json.loads(done.stdout.strip().splitlines()[-1])
    assert row["persons"] == 40
    assert row["database"] == "sqlite"
    for view in ("legal_month", "legal_week", "negotiator", "legal_csv"):
        assert row[f"{view}_queries"] >= 1
        assert row[f"{view}_ms_median"] > 0
