"""Exchange writes: rounds, list imports and reconciliation, review, finalisation under the guard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safepassage.audit.services import audit_record
from safepassage.exchanges import errors, guard, imports
from safepassage.exchanges.imports import check_negotiating, user_or_none
from safepassage.exchanges.models import (
    Direction,
    ExchangeList,
    ExchangeRound,
    GuardOverride,
    JobStatus,
    ListEntry,
    RoundStatus,
)
from safepassage.progress import SILENT, Progress
from safepassage.protection.models import Interview
from safepassage.registry.choices import MatchStatus
from safepassage.registry.models import Person

User = AbstractBaseUser | None
# Where the match threshold is chosen (imports); named here too for the benches that read it.
MATCH_THRESHOLD = imports.MATCH_THRESHOLD


@transaction.atomic
def round_create(*, actor: User, name: str, **values: Any) -> ExchangeRound:
    round_ = ExchangeRound(name=name, created_by=user_or_none(actor), **values)
    round_.full_clean()
    round_.save()
    audit_record(actor=actor, action="exchange.create", obj=round_, fields=["name", *values])
    return round_


def list_import(
    *,
    actor: User,
    round_: ExchangeRound,
    direction: str,
    path: Path,
    encoding: str | None = None,
    reconcile: bool = False,
    progress: Progress = SILENT,
) -> ExchangeList:
    """Import a CSV or XLSX list as the next version of one side, here and now (a job run in-process).

    The command line and the tests use it; the web pages start the same job in the background.
    A refused file raises ValidationError naming the cap, row and column; nothing is left half-written.
    """
    with Path(path).open("rb") as stream:
        job = imports.import_job_start(
            actor=actor,
            round_=round_,
            direction=direction,
            stream=stream,
            source_name=Path(path).name,
            encoding=encoding,
            reconcile=reconcile,
            background=False,
        )
    job = imports.job_run(job, progress=progress)
    if job.status == JobStatus.FAILED:
        raise ValidationError({"file": job.message})
    assert job.exchange_list is not None  # noqa: S101 (a finished import always has its list)
    return job.exchange_list


def list_reconcile(
    *, actor: User, exchange_list: ExchangeList, progress: Progress = SILENT
) -> dict[str, int]:
    """Match each entry to a registry person, one to one; the uncertain band goes to review.

    A reconciliation job run in-process (imports.job_run): the registry's candidates are found
    through blind-indexed keys and linked in a child process, outside any transaction; the results
    are written a batch per transaction.
    """
    job = imports.reconcile_job_start(actor=actor, exchange_list=exchange_list, background=False)
    job = imports.job_run(job, progress=progress)
    if job.status == JobStatus.FAILED:
        raise ValidationError(job.message)
    exchange_list.refresh_from_db()
    return dict(job.counts)


@transaction.atomic
def entry_decide(*, actor: User, entry: ListEntry, accept: bool) -> ListEntry:
    check_negotiating(entry.exchange_list.round)
    if entry.exchange_list.version is None:
        raise ValidationError(errors.ERR_ENTRY_DECIDED)
    if entry.match_status != MatchStatus.REVIEW:
        raise ValidationError(errors.ERR_ENTRY_DECIDED)
    entry.match_status = MatchStatus.ACCEPTED if accept else MatchStatus.REJECTED
    if not accept:
        entry.person = None
    entry.decided_by = user_or_none(actor)
    entry.save()
    audit_record(actor=actor, action="exchange.review", obj=entry, fields=["match_status", "person"])
    return entry


def latest_list(round_: ExchangeRound, direction: str) -> ExchangeList | None:
    """The newest version of one side; a list still being imported has no version and is not shown."""
    return round_.lists.filter(direction=direction, version__isnull=False).order_by("version").last()


def _locked_entries(round_: ExchangeRound, outgoing: ExchangeList) -> list[ListEntry]:
    """The entries, with every listed person's row locked: a wish recorded meanwhile waits for us."""
    entries = list(outgoing.entries.select_related("person"))
    person_ids = sorted(str(e.person_id) for e in entries if e.person_id)
    list(Person.objects.select_for_update().filter(pk__in=person_ids).order_by("pk"))
    return entries


@transaction.atomic
def round_finalize(*, actor: User, round_: ExchangeRound) -> ExchangeRound:
    """Finalise the latest outgoing list as the manifest, if the guard lets every entry through."""
    round_ = ExchangeRound.objects.select_for_update().get(pk=round_.pk)
    check_negotiating(round_)
    # A reconciliation writes its results a batch at a time: the guard waits until it is done.
    if imports.jobs_under_way(round_):
        raise ValidationError(ValidationError(errors.ERR_JOB_UNDER_WAY, params={"name": round_.name}))
    outgoing = latest_list(round_, Direction.OUTGOING)
    if outgoing is None:
        raise ValidationError(ValidationError(errors.ERR_NO_OUTGOING, params={"name": round_.name}))
    blocked = guard.check(round_, _locked_entries(round_, outgoing))
    if blocked:
        raise guard.GuardRefused(blocked)
    round_.status, round_.finalised_list, round_.finalised_at = (
        RoundStatus.FINALISED,
        outgoing,
        timezone.now(),
    )
    round_.save()
    audit_record(actor=actor, action="exchange.finalize", obj=round_, fields=["status", "finalised_list"])
    return round_


@transaction.atomic
def round_execute(*, actor: User, round_: ExchangeRound) -> ExchangeRound:
    """The guard runs again at handover: a refusal recorded after finalisation still wins."""
    round_ = ExchangeRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.FINALISED or round_.finalised_list is None:
        raise ValidationError(ValidationError(errors.ERR_NOT_FINALISED, params={"name": round_.name}))
    blocked = guard.check(round_, _locked_entries(round_, round_.finalised_list))
    if blocked:
        raise guard.GuardRefused(blocked)
    round_.status, round_.executed_at = RoundStatus.EXECUTED, timezone.now()
    round_.save()
    audit_record(actor=actor, action="exchange.execute", obj=round_, fields=["status"])
    return round_


@transaction.atomic
def override_request(
    *, actor: User, round_: ExchangeRound, person: Person, interview: Interview, reason: str
) -> GuardOverride:
    if round_.status == RoundStatus.EXECUTED:
        raise ValidationError(ValidationError(errors.ERR_OVERRIDE_EXECUTED, params={"name": round_.name}))
    if interview.person_id != person.pk:
        raise ValidationError({"interview": errors.ERR_OVERRIDE_OTHER_PERSON})
    if not guard.consent_to_return_is_fresh(interview):
        raise ValidationError({"interview": errors.ERR_OVERRIDE_INTERVIEW})
    override = GuardOverride(
        round=round_, person=person, interview=interview, requested_by=actor, reason=reason
    )
    override.full_clean()
    override.save()
    audit_record(
        actor=actor,
        action="exchange.override.request",
        obj=override,
        fields=["interview", "reason"],
        person_id=person.pk,
    )
    return override


@transaction.atomic
def override_approve(*, actor: User, override: GuardOverride) -> GuardOverride:
    override = GuardOverride.objects.select_for_update().get(pk=override.pk)
    if override.approved_by_id:
        raise ValidationError(errors.ERR_ALREADY_APPROVED)
    if override.requested_by_id == getattr(actor, "pk", None):
        raise ValidationError(errors.ERR_SECOND_APPROVER)
    override.approved_by, override.approved_at = actor, timezone.now()
    override.save()
    audit_record(
        actor=actor,
        action="exchange.override.approve",
        obj=override,
        fields=["approved_by"],
        person_id=override.person_id,
    )
    return override


def list_diff(older: ExchangeList, newer: ExchangeList) -> dict[str, list[str]]:
    """Entries added, removed, or changed (name, birth date or unit) between two versions, by id."""

    def index(lst: ExchangeList) -> dict[str, tuple[str, str, str]]:
        return {e.external_id: (e.full_name, e.birth_date, e.unit) for e in lst.entries.all()}

    a, b = index(older), index(newer)
    return {
        "added": sorted(set(b) - set(a)),
        "removed": sorted(set(a) - set(b)),
        "changed": sorted(k for k in set(a) & set(b) if a[k] != b[k]),
    }
