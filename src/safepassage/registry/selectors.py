"""Registry reads, always scoped to what the user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from safepassage.core.keys import keyring
from safepassage.crypto import blind_index, normalise_for_index
from safepassage.registry.models import (
    Capture,
    CustodyEvent,
    DocumentScan,
    IdentityDocument,
    NameForm,
    NameToken,
    NationalityClaim,
    Person,
    ServiceRecord,
)
from safepassage.registry.services import NAME_TOKEN_PURPOSE

CASE_NUMBER = re.compile(r"^\s*SP-[\w-]+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class PersonFilters:
    q: str = ""
    sex: str = ""
    nationality: str = ""
    forces_of: str = ""
    false_document: bool = False
    captured_from: date | None = None
    captured_to: date | None = None


def _document_index(value: str) -> list[str]:
    from safepassage.crypto import normalise_for_index

    purposes = ("registry.identitydocument.number", "registry.servicerecord.serial_number")
    normal = normalise_for_index(value)
    return [blind_index(keyring(), p, normal) for p in purposes]


# A search uses at most this many words: enough for any name, and a bound on the query's size.
MAX_SEARCH_WORDS = 8


def _text_match(q: str) -> QuerySet[Any]:
    """Ids of persons with the whole name (or its compact form), every word of it, or the number.

    One UNION of lookups on the indexed blind-index columns: the database starts from the few
    matching rows instead of testing every person of the registry against each branch.
    """
    ring = keyring()
    normal = normalise_for_index(q)
    words = list(dict.fromkeys(normal.split()))[:MAX_SEARCH_WORDS]
    whole = sorted({normal, "".join(normal.split())} - {""})
    tokens = NameToken.objects.order_by()
    parts = [tokens.filter(value__in=[blind_index(ring, NAME_TOKEN_PURPOSE, t) for t in whole])]
    if len(words) > 1:
        # Start from the rarest word (a given name, not "kim"), then keep the persons who also
        # have each other word: one probe of the (person, value) key each. A word nobody has
        # rules the branch out.
        value = {word: blind_index(ring, NAME_TOKEN_PURPOSE, word) for word in words}
        counts = dict(tokens.filter(value__in=value.values()).values_list("value").annotate(n=Count("pk")))
        if all(counts.get(v) for v in value.values()):
            ordered = sorted(words, key=lambda word: counts[value[word]])
            every = tokens.filter(value=value[ordered[0]])
            for word in ordered[1:]:
                every = every.filter(
                    Exists(NameToken.objects.filter(person_id=OuterRef("person_id"), value=value[word]))
                )
            parts.append(every)
    number_doc, number_serial = _document_index(q)
    parts.append(IdentityDocument.objects.order_by().filter(number_index=number_doc))
    parts.append(ServiceRecord.objects.order_by().filter(serial_index=number_serial))
    ids = [part.values("person_id") for part in parts]
    return ids[0].union(*ids[1:])


def person_search(*, user: Any, filters: PersonFilters) -> QuerySet[Person]:
    people = Person.objects.for_user(user)
    if filters.q.strip():
        q = filters.q.strip()
        if CASE_NUMBER.match(q):
            # Case numbers are issued in capitals; an exact match uses the unique index, iexact would not.
            people = people.filter(case_number__in=sorted({q, q.upper()}))
        else:
            people = people.filter(pk__in=_text_match(q))
    if filters.sex:
        people = people.filter(sex=filters.sex)
    if filters.nationality:
        people = people.filter(
            Exists(NationalityClaim.objects.filter(person=OuterRef("pk"), state=filters.nationality))
        )
    if filters.forces_of:
        people = people.filter(
            Exists(ServiceRecord.objects.filter(person=OuterRef("pk"), forces_of=filters.forces_of))
        )
    if filters.false_document:
        false_docs = IdentityDocument.objects.filter(
            person=OuterRef("pk"), assessment__in=["forged", "issued_to_another"]
        )
        people = people.filter(Exists(false_docs))
    if filters.captured_from:
        people = people.filter(capture__captured_on__gte=filters.captured_from)
    if filters.captured_to:
        people = people.filter(capture__captured_on__lte=filters.captured_to)
    return people.select_related("capture").order_by("case_number")


def primary_names(persons: list[Person], user: Any) -> dict[Any, list[str]]:
    """The first recorded name form in each script, per person, for list display."""
    shown: dict[Any, list[str]] = {p.pk: [] for p in persons}
    seen: set[tuple[Any, str]] = set()
    forms = NameForm.objects.for_user(user).filter(person__in=[p.pk for p in persons])
    for form in forms.order_by("person_id", "position"):
        if (form.person_id, form.script) not in seen:
            seen.add((form.person_id, form.script))
            shown[form.person_id].append(form.text)
    return shown


def person_get(*, user: Any, pk: Any) -> Person:
    """The person, or Person.DoesNotExist when absent or outside what the user may see."""
    return Person.objects.for_user(user).get(pk=pk)


@dataclass(frozen=True)
class TimelineEntry:
    when: date | datetime
    kind: str
    title: str
    detail: str


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def person_timeline(
    *, user: Any, person: Person, records: dict[str, Any] | None = None
) -> list[TimelineEntry]:
    """Everything recorded about a person that the user may see, oldest first.

    Built from `person_records` (pass them when already read, so the page reads each record once).
    """
    records = records if records is not None else person_records(user=user, person=person)
    entries = [TimelineEntry(person.created_at, "registered", _("Registered"), person.case_number)]
    for form in records["names"]:
        entries.append(
            TimelineEntry(
                form.recorded_at,
                "name",
                _("Name form recorded"),
                f"{form.text} ({form.get_kind_display()}, {form.get_script_display()})",
            )
        )
    for claim in records["nationality_claims"]:
        entries.append(
            TimelineEntry(
                claim.recorded_at,
                "nationality",
                _("Nationality claim"),
                f"{claim.state} ({claim.get_basis_display()})",
            )
        )
    for doc in records["documents"]:
        entries.append(
            TimelineEntry(
                doc.recorded_at,
                "document",
                _("Identity document recorded"),
                f"{doc.get_doc_type_display()} {doc.issuing_state} — {doc.get_assessment_display()}",
            )
        )
        for scan in doc.scans.all():
            entries.append(TimelineEntry(scan.recorded_at, "scan", _("Scan attached"), scan.filename))
    for record in records["service_records"]:
        entries.append(
            TimelineEntry(
                record.recorded_at,
                "service",
                _("Service facts recorded"),
                f"{record.forces_of} {record.unit_designation} {record.rank}".strip(),
            )
        )
    capture = records["capture"]
    if capture is not None:
        entries.append(
            TimelineEntry(
                capture.captured_on or capture.recorded_at,
                "capture",
                _("Captured"),
                f"{capture.place} ({capture.detaining_power})",
            )
        )
    for event in records["custody_events"]:
        entries.append(TimelineEntry(event.occurred_on, "custody", event.get_kind_display(), event.facility))
    return entries


def sort_timeline(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    return sorted(entries, key=lambda e: (_day(e.when), e.kind != "capture"))


def current_custody(*, user: Any, person: Person) -> CustodyEvent | None:
    return (
        CustodyEvent.objects.for_user(user)
        .filter(person=person)
        .order_by("-occurred_on", "-recorded_at")
        .first()
    )


def person_records(*, user: Any, person: Person) -> dict[str, Any]:
    """The records shown on a person's page, each list already scoped to the user."""
    records = {
        "names": list(NameForm.objects.for_user(user).filter(person=person)),
        "nationality_claims": list(NationalityClaim.objects.for_user(user).filter(person=person)),
        "documents": list(
            IdentityDocument.objects.for_user(user)
            .filter(person=person)
            .prefetch_related(Prefetch("scans", queryset=DocumentScan.objects.defer("data")))
        ),
        "service_records": list(ServiceRecord.objects.for_user(user).filter(person=person)),
        "capture": Capture.objects.for_user(user).filter(person=person).first(),
    }
    events = list(CustodyEvent.objects.for_user(user).filter(person=person))
    # The latest event, as current_custody orders them; from the list already read.
    latest = max(events, key=lambda e: (e.occurred_on, e.recorded_at), default=None)
    return {**records, "custody_events": events, "custody": latest}
