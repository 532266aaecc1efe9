"""Exchange writes: rounds, list imports and reconciliation, review, finalisation under the guard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safepassage.audit.services import audit_record
from safepassage.core.redact import without_server_paths
from safepassage.core.rls import SYSTEM, database_context
from safepassage.exchanges import errors, guard, registry_candidates
from safepassage.exchanges.models import (
    Direction,
    ExchangeList,
    ExchangeRound,
    GuardOverride,
    ListEntry,
    MatchStatus,
    RoundStatus,
)
from safepassage.linkage.errors import InputError
from safepassage.linkage.records import read_people
from safepassage.progress import SILENT, Progress
from safepassage.protection.models import Interview
from safepassage.registry.models import Person

User = AbstractBaseUser | None
# The linkage core's one-man-per-list probability above which an entry counts as matched without
# review. Below it a person decides; an unconfirmed entry can never pass the exchange guard.
# Chosen on bench/exchange.py: precision stays >= 0.99 (a false match is the costly error).
MATCH_THRESHOLD = 0.35


def _user(actor: User) -> User:
    return actor if actor is not None and actor.pk else None


def _negotiating(round_: ExchangeRound) -> None:
    if round_.status != RoundStatus.NEGOTIATING:
        params = {"name": round_.name, "status": round_.get_status_display()}
        raise ValidationError(ValidationError(errors.ERR_NOT_NEGOTIATING, params=params))


@transaction.atomic
def round_create(*, actor: User, name: str, **values: Any) -> ExchangeRound:
    round_ = ExchangeRound(name=name, created_by=_user(actor), **values)
    round_.full_clean()
    round_.save()
    audit_record(actor=actor, action="exchange.create", obj=round_, fields=["name", *values])
    return round_


@transaction.atomic
def list_import(
    *,
    actor: User,
    round_: ExchangeRound,
    direction: str,
    path: Path,
    encoding: str | None = None,
    progress: Progress = SILENT,
) -> ExchangeList:
    """Read a CSV or XLSX list (any encoding RECONCILE.md allows) as the next version of one side."""
    round_ = ExchangeRound.objects.select_for_update().get(pk=round_.pk)
    _negotiating(round_)
    if direction not in Direction.values:
        params = {"value": direction, "allowed": ", ".join(Direction.values)}
        raise ValidationError({"direction": ValidationError(errors.ERR_DIRECTION, params=params)})
    progress.stage(f"reading {Path(path).name}", total=1, unit="file")
    try:
        people = read_people(path, encoding=encoding)
    except InputError as exc:
        # The reader names the file as it was given: here a server-side temporary copy.
        raise ValidationError({"file": without_server_paths(str(exc), path)}) from exc
    progress.advance()
    last = round_.lists.filter(direction=direction).aggregate(v=Max("version"))["v"] or 0
    version = ExchangeList.objects.create(
        round=round_,
        direction=direction,
        version=last + 1,
        source_name=Path(path).name,
        encoding=encoding or "",
        created_by=_user(actor),
    )
    entries = []
    records = people.frame.to_dict("records")
    for record in progress.each(records, "checking rows", total=len(records)):
        year, month, day = (record[k] for k in ("birth_year", "birth_month", "birth_day"))
        birth = "" if year is None or str(year) == "<NA>" else str(year)
        if birth and str(month) != "<NA>" and str(day) != "<NA>" and month is not None and day is not None:
            birth = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        entry = ListEntry(
            exchange_list=version,
            row=int(record["row"]),
            external_id=str(record["id"]),
            full_name=record["full_name"],
            birth_date=birth,
            unit=record.get("unit") or "",
        )
        entry.full_clean(exclude=["exchange_list"])
        entries.append(entry)
    for entry in progress.each(entries, "saving entries", total=len(entries)):
        entry.save()
    progress.close()
    audit_record(
        actor=actor, action="exchange.import", obj=version, fields=["direction", "version", "entries"]
    )
    return version


def list_reconcile(
    *,
    actor: User,
    exchange_list: ExchangeList,
    threshold: float = MATCH_THRESHOLD,
    review_low: float = 0.1,
    progress: Progress = SILENT,
) -> dict[str, int]:
    """Match each entry to a registry person, one to one; the uncertain band goes to review.

    Only the registry persons a block of the linkage can pair with an entry are read: they are
    found through their blind-indexed keys (registry_candidates), and the whole registry's
    counts keep the scores what the whole registry gives. The linking runs in a short-lived
    child process, so the web worker does not keep the engine's memory. All of it happens before
    the transaction: holding a write transaction that long would make every other writer wait
    (on SQLite, every audited page view). The results are written in one short transaction,
    after checking again that the round is still being negotiated.
    """
    _negotiating(exchange_list.round)
    entries = {e.external_id: e for e in exchange_list.entries.all()}
    rows = [(1, ["id", "full_name", "birth_date", "unit"])] + [
        (e.row, [e.external_id, e.full_name, e.birth_date, e.unit]) for e in entries.values()
    ]
    outcome = registry_candidates.match_registry(
        rows,
        exchange_list.source_name or "list",
        threshold=threshold,
        review_low=review_low,
        progress=progress,
    )
    found = [str(r["right_id"]) for r in outcome["matches"] + outcome["review"]]
    with database_context(SYSTEM):
        by_pk = {str(pk): p for pk, p in Person.objects.in_bulk(found).items()}
    for entry in entries.values():
        entry.person, entry.match_probability, entry.match_status, entry.evidence = (
            None,
            None,
            "unmatched",
            "",
        )
    for match in outcome["matches"]:
        entry = entries[str(match["left_id"])]
        entry.person, entry.match_probability = (
            by_pk[str(match["right_id"])],
            float(match["match_probability"]),
        )
        entry.match_status = MatchStatus.MATCHED
    for row in outcome["review"]:
        entry = entries[str(row["left_id"])]
        if entry.match_status != MatchStatus.UNMATCHED:
            continue
        entry.person, entry.match_probability = by_pk[str(row["right_id"])], float(row["match_probability"])
        entry.match_status = MatchStatus.REVIEW
        entry.evidence = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False)
    with transaction.atomic():
        _negotiating(ExchangeRound.objects.select_for_update().get(pk=exchange_list.round_id))
        for entry in progress.each(entries.values(), "saving matches", total=len(entries)):
            entry.save()
        progress.close()
        exchange_list.reconciled_at = timezone.now()
        exchange_list.save(update_fields=["reconciled_at"])
        audit_record(actor=actor, action="exchange.reconcile", obj=exchange_list, fields=["entries"])
    return {
        status: sum(1 for e in entries.values() if e.match_status == status) for status in MatchStatus.values
    }


@transaction.atomic
def entry_decide(*, actor: User, entry: ListEntry, accept: bool) -> ListEntry:
    _negotiating(entry.exchange_list.round)
    if entry.match_status != MatchStatus.REVIEW:
        raise ValidationError(errors.ERR_ENTRY_DECIDED)
    entry.match_status = MatchStatus.ACCEPTED if accept else MatchStatus.REJECTED
    if not accept:
        entry.person = None
    entry.decided_by = _user(actor)
    entry.save()
    audit_record(actor=actor, action="exchange.review", obj=entry, fields=["match_status", "person"])
    return entry


def latest_list(round_: ExchangeRound, direction: str) -> ExchangeList | None:
    return round_.lists.filter(direction=direction).order_by("version").last()


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
    _negotiating(round_)
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
    if interview.person_id != person.pk:
        raise ValidationError({"interview": errors.ERR_OVERRIDE_OTHER_PERSON})
    fresh = interview.held_on >= (timezone.now() - guard.FRESH_CONSENT).date()
    if not (interview.verified_private and interview.wish == "return" and fresh):
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
