"""A 50,000-row list imports and reconciles as a job while another user keeps saving interviews."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from safepassage.exchanges import imports, services
from safepassage.exchanges.models import ImportJob, JobStatus
from safepassage.protection import services as protection
from tests.app.security.importkill import RUNNER, subprocess_env

from .hostile import write_csv

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROWS = 50_000
# SQLite's busy timeout: a write that waits longer fails with "database is locked", as every write
# did while the old import held the write lock for its whole length. bench/import.py measures the
# waits themselves.
WAIT_BOUND = 20.0


def carry_out(job: ImportJob) -> subprocess.Popen[bytes]:
    """`safepassage exchange job ID` beside us, as the server starts it, on the test's database."""
    argv = [
        sys.executable,
        "-c",
        RUNNER,
        str(connection.settings_dict["NAME"]),
        "exchange",
        "job",
        str(job.pk),
    ]
    return subprocess.Popen(argv, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603


def test_a_long_import_leaves_another_users_interview_writes_unaffected(
    users: Any, returnee: Any, tmp_path: Path
) -> None:
    round_ = services.round_create(actor=users["nick"], name="Round Long")
    listing = write_csv(tmp_path / "long.csv", ROWS)
    with listing.open("rb") as stream:
        job = imports.import_job_start(
            actor=users["nick"],
            round_=round_,
            direction="outgoing",
            stream=stream,
            source_name=listing.name,
            background=False,
        )
    worker = carry_out(job)
    waits, stages = [], set()
    while worker.poll() is None:
        started = time.monotonic()
        protection.interview_record(
            actor=users["carla"],
            person=returnee,
            held_on=date(2026, 1, 5),
            place="Room 2",
            interviewer_name="C",
            language="ko",
            consent=True,
            wish="undecided",
        )
        waits.append(time.monotonic() - started)
        stages.add(ImportJob.objects.get(pk=job.pk).status)
        time.sleep(0.1)
    out, err = worker.communicate()
    assert 0 == worker.returncode, err.decode()[-2000:]
    done = ImportJob.objects.get(pk=job.pk)
    assert (JobStatus.DONE, ROWS) == (done.status, done.exchange_list.entries.count())
    assert done.exchange_list.reconciled_at is not None and 1 == done.exchange_list.version
    # Every save went through while the import ran, none waiting anywhere near the busy timeout.
    assert len(waits) >= 5 and max(waits) < WAIT_BOUND, (len(waits), sorted(waits)[-5:])
    assert done.exchange_list.entries.filter(row=2).get().full_name == "Ким Чхоль Нам"
    assert {"reading", "saving"} <= stages or {"matching", "saving"} <= stages, stages
