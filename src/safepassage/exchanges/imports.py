"""Exchange list imports and reconciliations as jobs beside the server, under size, row and cell caps.

A list from the other side may be hostile or merely huge. Starting an import checks what can be
checked at once (the file's size; an XLSX workbook's unpacked size and declared rows) and refuses
with the cap's name; otherwise it records an ImportJob holding the file sealed, and the job is
carried out by `safepassage exchange job ID`, started after the request's transaction commits
(core.jobs), like a caseload refresh. The job reads the file as a stream, stopping at the first
row or cell over a cap; stages the entries under a list without a version, BATCH rows per
transaction; matches them against the registry in a child process, outside any transaction
(registry.matching); writes the results BATCH per transaction; and only then gives the list its
version in one short transaction. No transaction lasts longer than one batch, so other users'
reads and writes go on meanwhile (on SQLite a writer waits at most for one batch).
"""

from __future__ import annotations

import io
import json
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safepassage.audit.services import audit_record
from safepassage.core import jobs
from safepassage.core.bulk import insert_rows
from safepassage.core.rls import SYSTEM, database_context
from safepassage.exchanges import errors
from safepassage.exchanges.models import (
    Direction,
    ExchangeList,
    ExchangeRound,
    ImportJob,
    JobKind,
    JobStatus,
    ListEntry,
    RoundStatus,
)
from safepassage.linkage import (
    InputError,
    Limits,
    PersonList,
    PersonRecord,
    check_size,
    is_xlsx,
    people_from_records,
    people_from_rows,
    precheck,
    table_rows,
)
from safepassage.progress import SILENT, Progress
from safepassage.registry import matching
from safepassage.registry.choices import MatchStatus
from safepassage.registry.errors import ERR_EMPTY_REGISTRY
from safepassage.registry.linkage_keys import listed_birth
from safepassage.registry.models import Person

# Rows per transaction while staging entries and writing results: a short hold of the write lock.
BATCH = 500
# How often (rows) a job notes how far it has read.
READ_NOTE_EVERY = 5000
# The linkage core's one-man-per-list probability above which an entry counts as matched without
# review. Below it a person decides; an unconfirmed entry can never pass the exchange guard.
# Chosen on bench/exchange.py: precision stays >= 0.99 (a false match is the costly error).
MATCH_THRESHOLD = 0.35
REVIEW_LOW = 0.1


def import_limits() -> Limits:
    """The caps of SAFEPASSAGE_IMPORT_MAX_MB, _MAX_ROWS, _MAX_CELL and _MAX_UNPACKED_MB."""
    mb = 1024 * 1024
    return Limits(
        max_bytes=settings.SAFEPASSAGE_IMPORT_MAX_MB * mb,
        max_rows=settings.SAFEPASSAGE_IMPORT_MAX_ROWS,
        max_cell=settings.SAFEPASSAGE_IMPORT_MAX_CELL,
        max_unpacked_bytes=settings.SAFEPASSAGE_IMPORT_MAX_UNPACKED_MB * mb,
    )


def user_or_none(actor: Any) -> Any:
    """The user a row records as its author; None for the system (an actor without a row)."""
    return actor if actor is not None and actor.pk else None


def check_negotiating(round_: ExchangeRound) -> None:
    """Lists change only while their round is being negotiated; refuses otherwise."""
    if round_.status != RoundStatus.NEGOTIATING:
        params = {"name": round_.name, "status": round_.get_status_display()}
        raise ValidationError(ValidationError(errors.ERR_NOT_NEGOTIATING, params=params))


def display_name(name: str) -> str:
    """What the user called the file, never a folder of this machine."""
    return Path(name.replace("\\", "/")).name[:255] or "list"


def launch_argv(job_id: Any) -> list[str]:
    return jobs.command_argv("exchange", "job", str(job_id))


def launch(job_id: Any) -> Any:
    return jobs.launch(launch_argv(job_id), f"exchange-job-{job_id}")


def jobs_under_way(round_: ExchangeRound) -> bool:
    return ImportJob.objects.filter(round=round_, finished_at__isnull=True).exists()


@transaction.atomic
def import_job_start(
    *,
    actor: Any,
    round_: ExchangeRound,
    direction: str,
    stream: IO[bytes],
    source_name: str,
    encoding: str | None = None,
    reconcile: bool = True,
    background: bool = True,
) -> ImportJob:
    """Refuse a file over a cap that shows at once; else record the job (and start it after commit).

    `stream` is a seekable binary file; its size is checked before any of it is read.
    """
    round_ = ExchangeRound.objects.select_for_update().get(pk=round_.pk)
    check_negotiating(round_)
    if direction not in Direction.values:
        params = {"value": direction, "allowed": ", ".join(Direction.values)}
        raise ValidationError({"direction": ValidationError(errors.ERR_DIRECTION, params=params)})
    name = display_name(source_name)
    limits = import_limits()
    try:
        stream.seek(0, io.SEEK_END)
        check_size(stream.tell(), name, limits)
        stream.seek(0)
        precheck(stream, name, xlsx=is_xlsx(name), limits=limits)
        stream.seek(0)
        data = stream.read()
    except InputError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    job = ImportJob(
        round=round_,
        kind=JobKind.IMPORT,
        direction=direction,
        reconcile=reconcile,
        source_name=name,
        encoding=encoding or "",
        file=data,
        size=len(data),
        requested_by=user_or_none(actor),
    )
    job.full_clean(exclude=["file"])
    job.save()
    audit_record(
        actor=actor, action="exchange.import.start", obj=job, fields=["direction", "source_name", "size"]
    )
    if background:
        jobs.launch_after_commit(partial(launch, job.pk))
    return job


@transaction.atomic
def reconcile_job_start(*, actor: Any, exchange_list: ExchangeList, background: bool = True) -> ImportJob:
    """Record a reconciliation of a list already imported (and start it after commit)."""
    round_ = ExchangeRound.objects.select_for_update().get(pk=exchange_list.round_id)
    check_negotiating(round_)
    job = ImportJob.objects.create(
        round=round_,
        kind=JobKind.RECONCILE,
        direction=exchange_list.direction,
        source_name=exchange_list.source_name,
        exchange_list=exchange_list,
        requested_by=user_or_none(actor),
    )
    audit_record(actor=actor, action="exchange.reconcile.start", obj=job, fields=["direction"])
    if background:
        jobs.launch_after_commit(partial(launch, job.pk))
    return job


def _note(job: ImportJob, **values: Any) -> None:
    """Record the job's stage and progress in a transaction of its own."""
    for key, value in values.items():
        setattr(job, key, value)
    job.updated_at = timezone.now()
    with transaction.atomic():
        job.save(update_fields=[*values, "updated_at"])


def _drop_staged(exchange_list: ExchangeList | None) -> None:
    """Delete a list that never got its version, BATCH entries per transaction."""
    if exchange_list is None or exchange_list.version is not None:
        return
    while True:
        with transaction.atomic():
            ids = list(exchange_list.entries.order_by().values_list("pk", flat=True)[:BATCH])
            ListEntry.objects.filter(pk__in=ids).delete()
        if len(ids) < BATCH:
            break
    with transaction.atomic():
        ImportJob.objects.filter(exchange_list=exchange_list).update(exchange_list=None)
        exchange_list.delete()


def _fail(job: ImportJob, message: str) -> ImportJob:
    staged = job.exchange_list if job.kind == JobKind.IMPORT else None
    with transaction.atomic():
        job.status, job.message, job.file = JobStatus.FAILED, message, b""
        job.finished_at = job.updated_at = timezone.now()
        job.save(update_fields=["status", "message", "file", "finished_at", "updated_at"])
        audit_record(actor=job.requested_by, action=f"exchange.{job.kind}.fail", obj=job, fields=["message"])
    _drop_staged(staged)
    return job


def _entry_error(name: str, entry: ListEntry, exc: ValidationError) -> str:
    column = {"external_id": "id"}.get(next(iter(exc.message_dict)), next(iter(exc.message_dict)))
    message = "; ".join(next(iter(exc.message_dict.values())))
    return errors.ERR_ENTRY_VALUE.format(file=name, row=entry.row, column=column, message=message)


def _birth(record: dict[str, Any]) -> str:
    year, month, day = (record[k] for k in ("birth_year", "birth_month", "birth_day"))
    birth = "" if year is None or str(year) == "<NA>" else str(year)
    if birth and str(month) != "<NA>" and str(day) != "<NA>" and month is not None and day is not None:
        birth = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return birth


def _read(job: ImportJob, progress: Progress) -> tuple[PersonList, list[ListEntry]]:
    """The file read once: its list, as linkage matches it, and its entries, as they are stored.

    Checked row by row under the caps (InputError names file, row, column).
    """
    name = job.source_name or "list"
    stream = io.BytesIO(bytes(job.file))
    progress.stage(f"reading {name}", unit="row")
    rows: list[tuple[int, list[str]]] = []
    limits = import_limits()
    for row in table_rows(stream, name, xlsx=is_xlsx(name), encoding=job.encoding or None, limits=limits):
        rows.append(row)
        progress.advance()
        if len(rows) % READ_NOTE_EVERY == 0:
            _note(job, done=len(rows))
    people = people_from_rows(rows, name)
    entries = []
    for record in people.frame.to_dict("records"):
        entry = ListEntry(
            row=int(record["row"]),
            external_id=str(record["id"]),
            full_name=record["full_name"],
            birth_date=_birth(record),
            unit=record.get("unit") or "",
        )
        try:
            # Unique checks would cost a query per row: new ids are unique, duplicates were refused.
            entry.full_clean(exclude=["exchange_list"], validate_unique=False)
        except ValidationError as exc:
            raise InputError(_entry_error(name, entry, exc)) from exc
        entries.append(entry)
    return people, entries


def stored_list(entries: list[ListEntry], name: str) -> PersonList:
    """An imported list's stored entries as the list linkage matches: the one it was read as.

    Made of typed records (the stored birth date is the file's, as `_birth` wrote it), not of
    rows written out and parsed again.
    """
    return people_from_records(
        (
            PersonRecord(
                row=e.row,
                id=e.external_id,
                full_name=e.full_name,
                birth=listed_birth(e.birth_date),
                unit=e.unit,
            )
            for e in entries
        ),
        name,
    )


def _stage(job: ImportJob, entries: list[ListEntry], progress: Progress) -> ExchangeList:
    """The entries under a list without a version (not shown anywhere yet), a batch per transaction."""
    with transaction.atomic():
        staged = ExchangeList.objects.create(
            round_id=job.round_id,
            direction=job.direction,
            version=None,
            source_name=job.source_name,
            encoding=job.encoding,
            created_by=job.requested_by,
        )
    _note(job, exchange_list=staged, status=JobStatus.SAVING, done=0, total=len(entries))
    progress.stage("saving entries", total=len(entries))
    for start in range(0, len(entries), BATCH):
        batch = entries[start : start + BATCH]
        for entry in batch:
            entry.exchange_list = staged
        with transaction.atomic():
            insert_rows(ListEntry, batch)
            job.done, job.updated_at = start + len(batch), timezone.now()
            job.save(update_fields=["done", "updated_at"])
        progress.advance(len(batch))
    return staged


def _match(job: ImportJob, people: PersonList, entries: list[ListEntry], progress: Progress) -> bool:
    """Match the list against the registry (child process) and write what changed, BATCH at a time.

    `people` is the list as read (from the file, or from the stored entries), one record per entry.
    False when the registry has nobody to match against yet: the entries stay unmatched.
    """
    _note(job, status=JobStatus.MATCHING, done=0, total=len(entries))
    try:
        outcome = matching.match_registry(
            people,
            threshold=MATCH_THRESHOLD,
            review_low=REVIEW_LOW,
            progress=progress,
        )
    except ValidationError as exc:
        if job.kind == JobKind.IMPORT and str(ERR_EMPTY_REGISTRY) in exc.messages:
            return False
        raise
    by_id = {e.external_id: e for e in entries}
    found = [str(r["right_id"]) for r in outcome["matches"] + outcome["review"]]
    with database_context(SYSTEM):
        by_pk = {str(pk): p for pk, p in Person.objects.in_bulk(found).items()}
    results: dict[str, tuple[Any, float | None, str, str]] = {}
    for match in outcome["matches"]:
        person = by_pk[str(match["right_id"])]
        results[str(match["left_id"])] = (person, float(match["match_probability"]), MatchStatus.MATCHED, "")
    for row in outcome["review"]:
        if str(row["left_id"]) in results:
            continue
        evidence = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False)
        person = by_pk[str(row["right_id"])]
        results[str(row["left_id"])] = (person, float(row["match_probability"]), MatchStatus.REVIEW, evidence)
    changed = []
    for external_id, entry in by_id.items():
        new = results.get(external_id, (None, None, MatchStatus.UNMATCHED, ""))
        if (entry.person_id, entry.match_probability, entry.match_status, entry.evidence) != (
            getattr(new[0], "pk", None),
            new[1],
            new[2],
            new[3],
        ):
            entry.person, entry.match_probability, entry.match_status, entry.evidence = new
            changed.append(entry)
    _note(job, status=JobStatus.SAVING, done=0, total=len(changed))
    progress.stage("saving matches", total=len(changed))
    fields = ["person", "match_probability", "match_status", "evidence"]
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        with transaction.atomic():
            for entry in batch:
                entry.save(update_fields=fields)
            job.done, job.updated_at = start + len(batch), timezone.now()
            job.save(update_fields=["done", "updated_at"])
        progress.advance(len(batch))
    progress.close()
    return True


def _counts(entries: list[ListEntry]) -> dict[str, int]:
    return {s: sum(1 for e in entries if e.match_status == s) for s in MatchStatus.values}


def _finish(job: ImportJob, exchange_list: ExchangeList, entries: list[ListEntry], matched: bool) -> None:
    """One short transaction: the list gets its version (an import) and the job its outcome."""
    with transaction.atomic():
        round_ = ExchangeRound.objects.select_for_update().get(pk=job.round_id)
        if round_.status != RoundStatus.NEGOTIATING:
            raise ValidationError(ValidationError(errors.ERR_ROUND_CLOSED, params={"name": round_.name}))
        fields = []
        if exchange_list.version is None:
            last = round_.lists.filter(direction=job.direction).aggregate(v=Max("version"))["v"] or 0
            exchange_list.version = last + 1
            fields.append("version")
        if matched:
            exchange_list.reconciled_at = timezone.now()
            fields.append("reconciled_at")
        exchange_list.save(update_fields=fields)
        actor = job.requested_by
        if job.kind == JobKind.IMPORT:
            audit_record(
                actor=actor,
                action="exchange.import",
                obj=exchange_list,
                fields=["direction", "version", "entries"],
            )
        if matched:
            audit_record(actor=actor, action="exchange.reconcile", obj=exchange_list, fields=["entries"])
        job.status, job.file, job.counts = JobStatus.DONE, b"", _counts(entries)
        job.done = job.total = len(entries)
        if not matched and job.reconcile:
            job.message = str(ERR_EMPTY_REGISTRY)
        job.finished_at = job.updated_at = timezone.now()
        job.save()
        audit_record(actor=actor, action=f"exchange.{job.kind}.finish", obj=job, fields=["status", "counts"])


def job_run(job: ImportJob, *, progress: Progress = SILENT) -> ImportJob:
    """Carry out (or start again from the top) a job; a refused file ends it as failed, with why."""
    job = ImportJob.objects.get(pk=job.pk)
    if job.finished_at is not None:
        raise ValueError(errors.ERR_JOB_FINISHED.format(job=job.pk, at=job.finished_at.isoformat()))
    try:
        if job.kind == JobKind.IMPORT:
            # A job stopped part-way (a restart, a kill) left a list without a version: start afresh.
            _drop_staged(job.exchange_list)
            _note(
                job, status=JobStatus.READING, started_at=timezone.now(), done=0, total=0, exchange_list=None
            )
            people, entries = _read(job, progress)
            exchange_list = _stage(job, entries, progress)
        else:
            _note(job, status=JobStatus.READING, started_at=timezone.now(), done=0, total=0)
            exchange_list = job.exchange_list
            if exchange_list is None:
                raise ValidationError(errors.ERR_JOB_CANCELLED)
            entries = list(exchange_list.entries.all())
            people = stored_list(entries, exchange_list.source_name or "list")
        matched = _match(job, people, entries, progress) if job.reconcile else False
        _finish(job, exchange_list, entries, matched)
    except InputError as exc:
        return _fail(job, str(exc))
    except ValidationError as exc:
        return _fail(job, "; ".join(str(m) for m in exc.messages))
    except Exception:
        _fail(job, str(errors.ERR_JOB_UNEXPECTED % {"job": job.pk}))
        raise
    finally:
        progress.close()
    return job


def job_cancel(*, actor: Any, job: ImportJob) -> ImportJob:
    """Give up a job that stopped (its process killed): its staged entries go, the round is free."""
    if job.finished_at is not None:
        raise ValueError(errors.ERR_JOB_FINISHED.format(job=job.pk, at=job.finished_at.isoformat()))
    return _fail(job, str(errors.ERR_JOB_CANCELLED))
