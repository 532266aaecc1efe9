"""A caseload-wide state position applied to every stored determination, in resumable batches.

A position about the whole caseload (a state now acknowledging the deployment, say) changes the
derived facts of everyone with a stored determination. For a few hundred persons the request
that records it refreshes them all itself. Past SAFEPASSAGE_REFRESH_INLINE_LIMIT that would hold
one transaction for minutes (on SQLite, every other writer waits), so the request records a
CaseloadRefresh and, once its transaction has committed, starts `safepassage determinations
refresh --job ID` beside the server. That process takes the persons in primary-key order, BATCH
to a transaction, notes the last one done, and can be run again to finish a job that stopped
(`--resume`).

An engine upgrade changes every answer the same way: `safepassage init` (which upgrades the
database) then starts one job for the persons whose determinations an older engine stored
(`engine_refresh_start`) and runs it; `--no-refresh` leaves it to `determinations refresh --resume`.
"""

from __future__ import annotations

import subprocess
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from safepassage import law
from safepassage.audit.services import audit_record
from safepassage.core import jobs
from safepassage.core.rls import SYSTEM, database_context
from safepassage.progress import SILENT, Progress
from safepassage.protection.determinations import determination_refresh, person_lock
from safepassage.protection.models import CaseloadRefresh, Determination, StatePosition
from safepassage.registry.models import Person

# Persons per transaction in a background refresh: a short hold of the write lock each time.
BATCH = 100
ERR_FINISHED = "Caseload refresh {job} finished at {at}: there is nothing left to do."


def persons_to_refresh() -> QuerySet[Person]:
    """Everyone with a stored determination, in the order a refresh takes them."""
    # A registration merged into another is not re-assessed: his records are the survivor's now.
    stored = Exists(Determination.objects.filter(person=OuterRef("pk")))
    return Person.objects.filter(stored, merged_into__isnull=True).order_by("pk")


def persons_behind_engine(version: str) -> QuerySet[Person]:
    """Everyone whose stored determinations all come from another engine version than `version`."""
    current = Determination.objects.filter(person=OuterRef("pk"), engine_version=version)
    return persons_to_refresh().exclude(Exists(current))


@transaction.atomic
def engine_refresh_start() -> CaseloadRefresh | None:
    """After an engine upgrade: the job that re-assesses every determination stored by an older
    engine (an unfinished one is picked up again), or None when all are current."""
    version = law.ENGINE_VERSION
    job = (
        CaseloadRefresh.objects.filter(engine_version=version, finished_at__isnull=True)
        .order_by("started_at")
        .first()
    )
    if job is not None:
        return job
    # A job nobody asked for and nothing has started (the one migration 0008_engine_v2_refresh
    # records for engine 2) is this job: it is given the version rather than run twice.
    unclaimed = CaseloadRefresh.objects.filter(
        engine_version="", position__isnull=True, requested_by__isnull=True, done=0, finished_at__isnull=True
    ).first()
    with database_context(SYSTEM):
        behind = persons_behind_engine(version).count()
    if unclaimed is not None:
        unclaimed.engine_version, unclaimed.total = version, behind
        unclaimed.save(update_fields=["engine_version", "total"])
        return unclaimed
    if not behind:
        return None
    job = CaseloadRefresh.objects.create(total=behind, engine_version=version)
    audit_record(actor=None, action="caseload_refresh.start", obj=job, fields=["total", "engine_version"])
    return job


def caseload_refresh_start(*, actor: Any, position: StatePosition) -> CaseloadRefresh | None:
    """Inside the transaction that stored `position`: refresh now, or record a job for afterwards."""
    persons = persons_to_refresh()
    total = persons.count()
    if total <= settings.SAFEPASSAGE_REFRESH_INLINE_LIMIT:
        for person in persons:
            determination_refresh(actor=actor, person=person)
        return None
    job = CaseloadRefresh.objects.create(
        position=position, requested_by=actor if actor is not None and actor.pk else None, total=total
    )
    audit_record(actor=actor, action="caseload_refresh.start", obj=job, fields=["total"])
    jobs.launch_after_commit(partial(launch, job.pk))
    return job


def launch_argv(job_id: int) -> list[str]:
    """The command that carries a job out: this Python, this package, the same settings."""
    return jobs.command_argv("determinations", "refresh", "--job", str(job_id))


def log_path(job_id: int) -> Path:
    return jobs.log_path(f"caseload-refresh-{job_id}")


def launch(job_id: int) -> subprocess.Popen[bytes]:
    """Start the job in its own session, so it outlives the request and the worker that started it."""
    return jobs.launch(launch_argv(job_id), f"caseload-refresh-{job_id}")


def caseload_refresh_run(
    job: CaseloadRefresh, *, batch: int = BATCH, progress: Progress = SILENT
) -> CaseloadRefresh:
    """Refresh every person after the job's last one, a batch per transaction; then mark it finished."""
    if job.finished_at is not None:
        raise ValueError(ERR_FINISHED.format(job=job.pk, at=job.finished_at.isoformat()))
    # The job reads and re-assesses every case, whoever asked: the system's context (core.rls).
    with database_context(SYSTEM):
        # An engine upgrade's job takes only those still behind: a resumed one skips the done.
        persons = persons_behind_engine(job.engine_version) if job.engine_version else persons_to_refresh()
        if job.last_person is not None:
            persons = persons.filter(pk__gt=job.last_person)
        ids = list(persons.values_list("pk", flat=True))
        actor = job.requested_by
        progress.stage(f"re-assessing after caseload refresh {job.pk}", total=len(ids), unit="person")
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with transaction.atomic():
                locked = CaseloadRefresh.objects.select_for_update().get(pk=job.pk)
                stored = 0
                for person in Person.objects.filter(pk__in=chunk).order_by("pk"):
                    person_lock(person)
                    stored += determination_refresh(actor=actor, person=person) is not None
                locked.done += len(chunk)
                locked.stored += stored
                locked.last_person = chunk[-1]
                locked.save(update_fields=["done", "stored", "last_person"])
            progress.advance(len(chunk))
        progress.close()
        with transaction.atomic():
            job = CaseloadRefresh.objects.select_for_update().get(pk=job.pk)
            job.finished_at = timezone.now()
            job.save(update_fields=["finished_at"])
            audit_record(actor=actor, action="caseload_refresh.finish", obj=job, fields=["done", "stored"])
    return job


def open_refresh() -> CaseloadRefresh | None:
    """The oldest caseload refresh still under way, if any (shown on the persons it has not reached)."""
    return CaseloadRefresh.objects.filter(finished_at__isnull=True).order_by("started_at").first()
