"""Finding possible duplicates: the linkage model run over registry persons against the registry.

The persons checked and every registration their blocking tokens reach through the registry's
blind-indexed keys (registry.matching: no plaintext index; only the persons a block
can pair with are decrypted) are deduplicated as one list by the linkage model; any pair it
scores at or above PROPOSE_AT that names a checked person is proposed.

A scan of the whole registry runs as a job beside the server, BATCH persons per linking and
per transaction, resumable (`safepassage duplicates scan --resume`); the check
after a registration is such a job too, for the persons just registered or changed, and the
recorded checks are carried out by one worker at a time (`checks_run`, started by `worker_start`
unless one is running): a burst of registrations starts one process, not one each.
"""

from __future__ import annotations

import logging
import subprocess
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from safepassage.audit.services import audit_record
from safepassage.core import jobs
from safepassage.core.rls import SYSTEM, database_context
from safepassage.duplicates.models import DuplicateScan
from safepassage.duplicates.services import Found, pairs_propose
from safepassage.linkage import Model, backend_named, people_from_records, record_features, score_dedupe
from safepassage.progress import SILENT, Progress
from safepassage.registry.matching import (
    candidate_ids,
    candidate_records,
    population,
    registry_records,
    registry_size,
)
from safepassage.registry.models import Person

# The linkage model's probability from which two registrations are put to a legal officer.
PROPOSE_AT = 0.5
# Persons linked at once and recorded per transaction in a scan.
BATCH = 500
# The model's evidence kept with a pair: levels per field, never a name.
EVIDENCE = ("name", "birth_date", "unit")
ERR_FINISHED = "Duplicate scan {job} finished at {at}: there is nothing left to do."
# The queue of the checks after registrations: one worker at a time (core.jobs.sole_runner).
CHECKS = "duplicate-checks"
ERR_CHECK_FAILED = "Duplicate check %s failed; `safepassage duplicates scan --resume` retries it."
logger = logging.getLogger(__name__)


def _evidence(model: Model, row: dict[str, Any]) -> dict[str, str]:
    """The model's evidence of one pair, level by field (no name: the rows stay unopened here)."""
    evidence = {
        f"{field}_evidence": model.level_for_weight(field, float(row[f"mw_{field}"]))
        for field in EVIDENCE
        if f"mw_{field}" in row
    }
    return evidence


def proposals(ids: list[Any]) -> Found:
    """Pairs (smaller id first) the model takes for one man, each with at least one of these persons.

    The persons' own blocking tokens find, through the blind-indexed keys, every registration a
    block could pair them with (registry.matching); only those are opened, and the
    linkage model scores every pair among them as one list is deduplicated. Pairs between two
    candidates that are neither of these persons are left to their own check.
    """
    records = registry_records(Person.objects.filter(pk__in=ids, merged_into__isnull=True).order_by("pk"))
    if not records:
        return {}
    checked = {record.id for record in records}
    with database_context(SYSTEM):
        size = registry_size()
        incoming = people_from_records(records, "registry")
        candidates = candidate_ids(incoming, population(incoming, size)) | set(ids)
        together = candidate_records({pk for pk in candidates})
    if len(together) <= 1:
        return {}
    model = Model.default()
    features = record_features(people_from_records(together, "registry").frame)
    duckdb = backend_named("duckdb")
    pairs, _clusters = score_dedupe(features, model=model, backend=duckdb, threshold=PROPOSE_AT)
    found: Found = {}
    for row in pairs.to_dict("records"):
        left, right = str(row["left_id"]), str(row["right_id"])
        if left == right or not {left, right} & checked:
            continue
        key = (left, right) if uuid.UUID(left) < uuid.UUID(right) else (right, left)
        probability = float(row["match_probability"])
        if key not in found or probability > found[key][0]:
            found[key] = (probability, _evidence(model, row))
    return found


@transaction.atomic
def scan_start(*, actor: Any, persons: list[Any] | None = None) -> DuplicateScan:
    """A scan of these persons (None: the whole registry), recorded to be run."""
    ids = sorted({str(p) for p in persons or []}, key=uuid.UUID)
    total = len(ids) if persons else Person.objects.filter(merged_into__isnull=True).count()
    job = DuplicateScan.objects.create(
        requested_by=actor if actor is not None and actor.pk else None, persons=ids, total=total
    )
    audit_record(actor=actor, action="duplicate_scan.start", obj=job, fields=["total"])
    return job


def worker_argv() -> list[str]:
    return jobs.command_argv("duplicates", "scan", "--checks")


def worker_start() -> subprocess.Popen[bytes] | None:
    """Start the worker that carries out the recorded checks, unless one is running: that one takes
    the check just recorded too (`checks_run`). None when no process was started."""
    return jobs.launch_sole(worker_argv(), CHECKS)


def check_after_commit(*, actor: Any, person_ids: list[Any]) -> None:
    """Once the registration has committed: record a check of these persons and see it carried out."""
    scan_start(actor=actor, persons=person_ids)
    jobs.launch_after_commit(worker_start)


def _next_check(skipped: set[int]) -> DuplicateScan | None:
    """The oldest unfinished check of given persons (a whole-registry scan is started and resumed
    by the operator's command, never by the worker)."""
    waiting = (
        DuplicateScan.objects.filter(finished_at__isnull=True).exclude(persons=[]).exclude(pk__in=skipped)
    )
    return waiting.order_by("pk").first()


def checks_run(*, batch: int = BATCH, progress: Progress = SILENT) -> tuple[list[DuplicateScan], bool]:
    """As the one worker of the checks (jobs.sole_runner), carry out every recorded check, oldest
    first, until none is left; returns the checks done and whether this process was the worker.

    A check recorded while the worker runs starts no second worker (`worker_start`): after letting
    go of the lock the worker looks once more and, finding one, becomes the worker again (unless
    another has meanwhile). A check that fails is logged and left unfinished for
    `safepassage duplicates scan --resume`; the others go on.
    """
    done: list[DuplicateScan] = []
    skipped: set[int] = set()
    was_worker = False
    while True:
        with jobs.sole_runner(CHECKS) as mine:
            if not mine:
                return done, was_worker
            was_worker = True
            while (job := _next_check(skipped)) is not None:
                try:
                    done.append(scan_run(job, batch=batch, progress=progress))
                except Exception:
                    logger.exception(ERR_CHECK_FAILED, job.pk)
                    skipped.add(job.pk)
        if _next_check(skipped) is None:
            return done, was_worker


def _remaining(job: DuplicateScan) -> list[Any]:
    if job.persons:
        ids = [uuid.UUID(p) for p in job.persons]
        if job.last_person is not None:
            ids = [p for p in ids if p > job.last_person]
        return sorted(ids)
    persons = Person.objects.filter(merged_into__isnull=True).order_by("pk")
    if job.last_person is not None:
        persons = persons.filter(pk__gt=job.last_person)
    return list(persons.values_list("pk", flat=True))


def scan_run(job: DuplicateScan, *, batch: int = BATCH, progress: Progress = SILENT) -> DuplicateScan:
    """Link every person after the job's last one, a batch at a time; then mark the job finished."""
    if job.finished_at is not None:
        raise ValueError(ERR_FINISHED.format(job=job.pk, at=job.finished_at.isoformat()))
    actor = job.requested_by
    # The scan reads every registration, whoever asked: the system's context (core.rls).
    with database_context(SYSTEM):
        ids = _remaining(job)
        progress.stage(f"looking for duplicates, scan {job.pk}", total=len(ids), unit="person")
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            found = proposals(chunk)
            with transaction.atomic():
                locked = DuplicateScan.objects.select_for_update().get(pk=job.pk)
                locked.found += pairs_propose(found)
                locked.done += len(chunk)
                locked.last_person = chunk[-1]
                locked.save(update_fields=["found", "done", "last_person"])
            progress.advance(len(chunk))
        progress.close()
        with transaction.atomic():
            job = DuplicateScan.objects.select_for_update().get(pk=job.pk)
            job.finished_at = timezone.now()
            job.save(update_fields=["finished_at"])
            audit_record(actor=actor, action="duplicate_scan.finish", obj=job, fields=["done", "found"])
    return job
