"""Background jobs beside the server: a `safepassage` command started once a transaction commits.

Work too long for a request (a caseload-wide re-assessment, an exchange list's import) is recorded
as a job row in the request's transaction; once that has committed, the command that carries it
out starts in its own session, so it outlives the request and the worker that started it. Its
output goes to a log file per job under the home's `logs/`.
"""

from __future__ import annotations

import subprocess
import sys
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction


def command_argv(*args: str) -> list[str]:
    """`safepassage ARGS...` run by this Python and this package, so the same settings apply."""
    return [sys.executable, "-m", "safepassage", *args]


def log_path(name: str) -> Path:
    return Path(settings.SAFEPASSAGE_HOME) / "logs" / f"{name}.log"


def launch(argv: list[str], log_name: str) -> subprocess.Popen[bytes]:
    """Start `argv` in its own session, its output appended to the job's log."""
    log = log_path(log_name)
    log.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with log.open("ab") as out:
        # A fixed argument list, no shell: callers pass constants and a job's own id.
        return subprocess.Popen(  # noqa: S603  # nosec B603
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )


def launch_after_commit(starter: partial[object]) -> None:
    """Run `starter` (a partial that launches a job) once the current transaction has committed."""
    transaction.on_commit(starter)
