"""The duplicate checks after registrations are carried out by one worker at a time: a burst of
registrations starts one process, not one per registration, and no check is left behind."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from safepassage.core import jobs
from safepassage.duplicates import scan
from safepassage.duplicates.models import DuplicatePair, DuplicateScan

from ..homes import Home

# The real function: tests/app/conftest.py replaces it for every test with one that starts nothing.
REAL_WORKER_START = scan.worker_start

pytestmark = pytest.mark.django_db


def unfinished() -> list[int]:
    waiting = DuplicateScan.objects.filter(finished_at__isnull=True).order_by("pk")
    return list(waiting.values_list("pk", flat=True))


def test_the_worker_carries_out_every_recorded_check_oldest_first_and_leaves_a_registry_scan_alone(
    twice: Any, stranger: Any
) -> None:
    first = scan.scan_start(actor=None, persons=[twice[1].pk])
    second = scan.scan_start(actor=None, persons=[stranger.pk])
    whole = scan.scan_start(actor=None)

    done, was_worker = scan.checks_run()

    assert was_worker
    assert [first.pk, second.pk] == [job.pk for job in done]
    assert [whole.pk] == unfinished()  # the operator's scan, left to `duplicates scan --resume`
    pair = DuplicatePair.objects.get()
    assert {p.pk for p in twice} == {pair.person_a_id, pair.person_b_id}


def test_while_a_worker_runs_no_other_starts_and_the_checks_wait_for_it(twice: Any) -> None:
    job = scan.scan_start(actor=None, persons=[twice[1].pk])
    with jobs.sole_runner(scan.CHECKS) as mine:
        assert mine
        # Another worker holds the lock: no process is started, the check stays recorded.
        assert REAL_WORKER_START() is None
        assert ([], False) == scan.checks_run()
        assert [job.pk] == unfinished()
    done, was_worker = scan.checks_run()
    assert was_worker and [job.pk] == [d.pk for d in done]
    assert [] == unfinished()


def test_a_check_that_fails_is_logged_and_left_for_resume_and_the_others_go_on(
    twice: Any, caplog: pytest.LogCaptureFixture
) -> None:
    broken = DuplicateScan.objects.create(persons=["not-a-person-id"], total=1)
    fine = scan.scan_start(actor=None, persons=[twice[1].pk])

    done, was_worker = scan.checks_run()

    assert was_worker and [fine.pk] == [d.pk for d in done]
    assert [broken.pk] == unfinished()
    assert f"Duplicate check {broken.pk} failed" in caplog.text


BURST = """
import json
from django.db import transaction
from safepassage.core.rls import SYSTEM, database_context
from safepassage.duplicates import scan
from safepassage.registry import services

real, started = scan.worker_start, []
scan.worker_start = lambda: started.append(real() is not None)
with database_context(SYSTEM):
    for i in range(6):
        with transaction.atomic():
            person = services.person_create(
                actor=None, sex="male", birth_precision="year", birth_year=1990 + i
            )
            services.name_form_add(
                actor=None, person=person, text=f"김시험{i}", kind="legal", recorder_language="ko"
            )
print(json.dumps(started))
"""
SCANS = (
    "from safepassage.duplicates.models import DuplicateScan; "
    "print(DuplicateScan.objects.exclude(persons=[]).count(), "
    "DuplicateScan.objects.filter(finished_at__isnull=True).count())"
)


@pytest.mark.slow
def test_six_registrations_in_a_row_start_one_worker_that_checks_them_all(initialised_home: Home) -> None:
    started = json.loads(initialised_home.run("shell", "-v", "0", "-c", BURST).stdout)
    # Six commits, six calls; a worker takes seconds to start and check, so the first one started
    # is still running for the others (a second one only if the first had already finished).
    assert 6 == len(started)
    assert 1 <= sum(started) <= 2, started
    deadline = time.monotonic() + 240
    while True:
        checks, running = map(int, initialised_home.run("shell", "-v", "0", "-c", SCANS).stdout.split())
        if running == 0:
            break
        assert time.monotonic() < deadline, f"{running} of {checks} checks unfinished after 240 s"
        time.sleep(1)
    assert 6 == checks
    log = (initialised_home.path / "logs" / f"{scan.CHECKS}.log").read_text()
    assert 6 == log.count("persons checked"), log
