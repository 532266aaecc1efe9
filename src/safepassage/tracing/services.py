"""Family tracing writes: a request, its names in any script matched against the registry, review, reply."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safepassage.audit.services import audit_record
from safepassage.linkage import PersonRecord, people_from_records
from safepassage.registry.choices import MatchStatus
from safepassage.registry.linkage_keys import listed_birth
from safepassage.registry.matching import match_registry
from safepassage.registry.models import Person
from safepassage.tracing import errors
from safepassage.tracing.models import TracingMatch, TracingRequest

User = AbstractBaseUser | None
REVIEW_LOW = 0.1


def _names(request: TracingRequest) -> list[str]:
    return [line.strip() for line in request.sought_names.splitlines() if line.strip()]


@transaction.atomic
def tracing_request_create(*, actor: User, **values: Any) -> TracingRequest:
    request = TracingRequest(created_by=actor if actor is not None and actor.pk else None, **values)
    if not _names(request):
        raise ValidationError({"sought_names": errors.ERR_NO_NAMES})
    request.full_clean()
    request.save()
    audit_record(actor=actor, action="tracing.create", obj=request, fields=list(values))
    return request


def tracing_match(*, actor: User, request: TracingRequest) -> list[TracingMatch]:
    """Every registry person any of the sought names may be, strongest first, all for review.

    Like an exchange list: each name one typed record of one list, candidates through the
    blind-indexed keys, linked in a child process before the transaction
    (registry.matching.match_registry); the matches written in one short transaction.
    """
    born = listed_birth(request.birth_date)
    sought = [
        PersonRecord(row=n + 2, id=f"name-{n}", full_name=name, birth=born)
        for n, name in enumerate(_names(request))
    ]
    people = people_from_records(sought, request.reference)
    outcome = match_registry(people, threshold=0.5, review_low=REVIEW_LOW)
    best: dict[str, tuple[float, dict[str, Any]]] = {}
    for row in outcome["matches"] + outcome["review"]:
        prob = float(row["match_probability"])
        if row["right_id"] not in best or prob > best[row["right_id"]][0]:
            best[row["right_id"]] = (prob, row)
    with transaction.atomic():
        persons = {str(pk): p for pk, p in Person.objects.in_bulk(list(best)).items()}
        request.matches.filter(status=MatchStatus.REVIEW).delete()
        made = []
        for person_id, (prob, row) in sorted(best.items(), key=lambda item: -item[1][0]):
            evidence = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False)
            made.append(
                TracingMatch.objects.create(
                    request=request, person=persons[person_id], match_probability=prob, evidence=evidence
                )
            )
        audit_record(actor=actor, action="tracing.match", obj=request, fields=["matches"])
    return made


@transaction.atomic
def tracing_match_decide(*, actor: User, match: TracingMatch, accept: bool) -> TracingMatch:
    if match.status != MatchStatus.REVIEW:
        raise ValidationError(errors.ERR_MATCH_DECIDED)
    match.status = MatchStatus.ACCEPTED if accept else MatchStatus.REJECTED
    match.decided_by = actor
    match.save()
    audit_record(
        actor=actor, action="tracing.review", obj=match, fields=["status"], person_id=match.person_id
    )
    return match


@transaction.atomic
def tracing_reply(
    *, actor: User, request: TracingRequest, withhold: bool, reason: str = ""
) -> TracingRequest:
    """Reply, or withhold the reply where telling the family would endanger the person (reason kept)."""
    if withhold and not reason.strip():
        raise ValidationError({"withheld_reason": errors.ERR_WITHHOLD_REASON})
    request.reply_withheld, request.withheld_reason = withhold, reason
    request.replied_on = timezone.localdate()
    request.save()
    audit_record(
        actor=actor, action="tracing.reply", obj=request, fields=["reply_withheld", "withheld_reason"]
    )
    return request
