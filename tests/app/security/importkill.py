"""Kill -9 during a real `safepassage exchange import` subprocess, then count what survived.

Shared by tests/app/security/test_import_crash.py and bench/security.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# The real command line, pointed at a given database name (a test database has its own name).
RUNNER = (
    "import sys\n"
    "from django.conf import settings\n"
    "settings.DATABASES['default']['NAME'] = sys.argv[1]\n"
    "from safepassage.cli import main\n"
    "raise SystemExit(main(sys.argv[2:]))\n"
)
# Fictional names only, in the other side's script.
SURNAMES = ["Ким", "Пак", "Ли", "Чхве", "Чон", "Кан", "Чо", "Юн", "Чан", "Лим"]
GIVEN = ["Чхоль Нам", "Ён Су", "Мён Хак", "Сон Иль", "Гым Чхоль", "Хё Рин", "Ун Гиль", "Тхэ Сон"]


def write_big_list(path: Path, rows: int) -> Path:
    lines = ["id,full_name,birth_date,unit"]
    for n in range(rows):
        name = f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n // len(SURNAMES)) % len(GIVEN)]}"
        lines.append(f"KX-{n:06d},{name},{1990 + n % 15},Unit {n % 40}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class ImportRun:
    completed: bool
    seconds: float
    returncode: int


def subprocess_env() -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "safepassage.config.settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def startup_seconds(database_name: str, listing: Path) -> float:
    """How long the command takes to start and refuse a round that does not exist: no import at all."""
    argv = [sys.executable, "-c", RUNNER, str(database_name)]
    argv += ["exchange", "import", "no such round", str(listing), "--side", "outgoing"]
    started = time.monotonic()
    subprocess.run(argv, env=subprocess_env(), capture_output=True, check=False, timeout=600)  # noqa: S603
    return time.monotonic() - started


def kill_points(startup: float, whole: float, fractions: tuple[float, ...]) -> list[float]:
    """Seconds after launch to kill: past start-up, at these fractions of the import itself."""
    return [startup + f * max(whole - startup, 0.0) for f in fractions]


def run_import(
    database_name: str, round_name: str, listing: Path, *, kill_after: float | None = None
) -> ImportRun:
    """Import `listing` into `round_name` in a subprocess; with `kill_after` seconds, SIGKILL it then."""
    argv = [sys.executable, "-c", RUNNER, str(database_name)]
    argv += ["exchange", "import", round_name, str(listing), "--side", "outgoing"]
    started = time.monotonic()
    process = subprocess.Popen(argv, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    if kill_after is None:
        out, err = process.communicate(timeout=600)
        if process.returncode != 0:
            raise RuntimeError(f"import failed ({process.returncode}): {err.decode()[-2000:]}")
        return ImportRun(True, time.monotonic() - started, 0)
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return ImportRun(False, time.monotonic() - started, process.returncode)
    # It finished before the kill: not a crash run at all; the caller must kill earlier.
    return ImportRun(True, time.monotonic() - started, process.returncode)


@dataclass(frozen=True)
class CrashSeries:
    acknowledged: int
    killed: int


def crash_series(
    database_name: str, round_name: str, listing: Path, fractions: tuple[float, ...]
) -> CrashSeries:
    """One whole import (acknowledged), then one kill per fraction of the import's time.

    An import that finished before its kill is acknowledged and the kill is tried again earlier, so
    every fraction ends in a real kill inside the import (imports speed up once caches are warm).
    The times are taken again from such a finished import: on a busy machine the first measures
    can be slower than every later run, and a kill timed by them would always come too late.
    """
    startup = startup_seconds(database_name, listing)
    whole = run_import(database_name, round_name, listing).seconds
    acknowledged, killed = 1, 0
    for fraction in fractions:
        while fraction > 0.01:
            (seconds,) = kill_points(startup, whole, (fraction,))
            result = run_import(database_name, round_name, listing, kill_after=seconds)
            if not result.completed:
                killed += 1
                break
            acknowledged, fraction = acknowledged + 1, fraction / 2
            whole = min(whole, result.seconds)
            startup = min(startup, whole * 0.8)
    return CrashSeries(acknowledged, killed)
