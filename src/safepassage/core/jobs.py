"""Background jobs beside the server: a `safepassage` command started once a transaction commits.

Work too long for a request (a caseload-wide re-assessment, an exchange list's import) is recorded
as a job row in the request's transaction; once that has committed, the command that carries it
out starts in its own session, so it outlives the request and the worker that started it. Its
output goes to a log file per job under the home's `logs/`.

Work that comes in many small pieces (the duplicate check after each registration) is carried out
by one worker at a time instead of a process per piece: the worker holds `sole_runner(queue)` (an
exclusive lock on a file under the home's `run/`) while it takes the recorded pieces one after
another, and a piece recorded meanwhile starts no second worker (`launch_sole`). A burst of
registrations thus costs one process, not one per registration.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction


def command_argv(*args: str) -> list[str]:
    """`safepassage ARGS...` run by this Python and this package, so the same settings apply."""
    return [sys.executable, "-m", "safepassage", *args]


def log_path(name: str) -> Path:
    return Path(settings.SAFEPASSAGE_HOME) / "logs" / f"{name}.log"


def launch(
    argv: list[str], log_name: str, *, held_lock: tuple[str, int] | None = None
) -> subprocess.Popen[bytes]:
    """Start `argv` in its own session, its output appended to the job's log (and, with `held_lock`,
    the descriptor of a queue's lock handed to it: `launch_sole`)."""
    log = log_path(log_name)
    log.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    env, keep = None, ()
    if held_lock is not None:
        env = {**os.environ, HELD_LOCK_ENV: f"{held_lock[0]}:{held_lock[1]}"}
        keep = (held_lock[1],)
    with log.open("ab") as out:
        # A fixed argument list, no shell: callers pass constants and a job's own id.
        return subprocess.Popen(  # noqa: S603  # nosec B603
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            pass_fds=keep,
            env=env,
        )


HELD_LOCK_ENV = "SAFEPASSAGE_HELD_LOCK"


def lock_path(queue: str) -> Path:
    """The lock file of `queue` for this installation's database (one worker per queue and database)."""
    db = settings.DATABASES["default"]
    where = f"{db['ENGINE']}|{db.get('HOST', '')}|{db.get('PORT', '')}|{db['NAME']}"
    tag = hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]
    return Path(settings.SAFEPASSAGE_HOME) / "run" / f"{queue}-{tag}.lock"


def _lock_open(queue: str) -> int:
    path = lock_path(queue)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


def _inherited(queue: str) -> int | None:
    """The descriptor of `queue`'s lock that the starting process took for this one (`launch_sole`),
    once: after the first use the process takes the lock itself like any other."""
    held = os.environ.get(HELD_LOCK_ENV, "")
    name, _, number = held.rpartition(":")
    if name != queue or not number.isdigit():
        return None
    del os.environ[HELD_LOCK_ENV]
    return int(number)


@contextmanager
def sole_runner(queue: str) -> Iterator[bool]:
    """Try to become the one worker of `queue`, without waiting: yields whether this process is.

    The lock is the operating system's (flock) on a file in the home: it goes with the process, so a
    worker that dies leaves no stale lock behind.
    """
    fd = _inherited(queue)
    if fd is None:
        fd = _lock_open(queue)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            yield False
            return
    try:
        yield True
    finally:
        os.close(fd)  # releases the lock with the last descriptor of it


def launch_sole(argv: list[str], queue: str) -> subprocess.Popen[bytes] | None:
    """Start `argv` as the one worker of `queue`, unless one is running or starting: None then.

    The lock is taken here and handed to the child (its descriptor inherited, named in
    SAFEPASSAGE_HELD_LOCK), so no second worker starts in the seconds the first takes to start.
    A worker that is finishing looks again for recorded work once it has let go of the lock, so
    work recorded before this call is taken by one or the other.
    """
    fd = _lock_open(queue)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        return launch(argv, queue, held_lock=(queue, fd))
    finally:
        os.close(fd)  # the child holds its own copy of the locked descriptor


def launch_after_commit(starter: partial[object] | Callable[[], object]) -> None:
    """Run `starter` (a partial that launches a job) once the current transaction has committed."""
    transaction.on_commit(starter)
