"""Registry reads, always scoped to what the user may see."""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, overload

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from safepassage.core.keys import keyring
from safepassage.core.policy import can
from safepassage.crypto import blind_index, normalise_for_index
from safepassage.linkage import KEY, BirthDate, blocking_tokens
from safepassage.names.keys import given_only_keys
from safepassage.names.similarity import given_name_similarity, name_similarity
from safepassage.registry.linkage_keys import form_rank, token_digest
from safepassage.registry.models import (
    Capture,
    CustodyEvent,
    DocumentScan,
    IdentityDocument,
    LinkageKey,
    NameForm,
    NameToken,
    NationalityClaim,
    Person,
    ServiceRecord,
)
from safepassage.registry.search_keys import (
    DOC_PART,
    DOC_PART_LENGTH,
    GIVEN,
    number_digits,
    number_parts,
    searched_names_and_numbers,
)
from safepassage.registry.search_reasons import name_reason, spells_exactly
from safepassage.registry.services import NAME_TOKEN_PURPOSE

# Seeing who is registered under a name or a number: the permission the person page shows names by.
IDENTITY = "person.identity.read"

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


# A search uses at most this many words: enough for any name, and a bound on the query's size.
MAX_SEARCH_WORDS = 8
# Persons opened and scored per name search: the best by how many of the query's keys they
# share. Enough for a page and the next; a bound on the work of one request at any registry size.
CANDIDATES = 120
# Key rows read per lookup at most (a very common given name alone meets thousands of men).
KEY_ROWS = 4000
# A name search shows persons at least this alike (names.name_similarity) to the query.
MIN_SCORE = 0.55
# A given name alone is a weaker match than the whole name: it ranks below a full name as alike.
GIVEN_ALONE = 0.95
# Numbers found win over names: exactly, then by a part of them.
EXACT_NUMBER = 3.0
PART_NUMBER = 2.0
# A document number may carry a series of a few letters (ВК 4417093, KP-77-1001).
MAX_NUMBER_LETTERS = 3
SEARCH_AUDIT_PURPOSE = "registry.search"


class QueryKind(enum.StrEnum):
    NONE = "none"
    CASE = "case"
    DOCUMENT = "document"
    NAME = "name"


def query_kind(q: str) -> QueryKind:
    """What a search box query is: a case number, a document number (or 4+ of its digits), a name."""
    q = q.strip()
    if not q:
        return QueryKind.NONE
    if CASE_NUMBER.match(q):
        return QueryKind.CASE
    letters = sum(ch.isalpha() for ch in q)
    if len(number_digits(q)) >= DOC_PART_LENGTH and letters <= MAX_NUMBER_LETTERS:
        return QueryKind.DOCUMENT
    return QueryKind.NAME


@dataclass
class Found:
    """A search's persons, best first, with why each was found; `refused` when not allowed."""

    kind: QueryKind
    people: QuerySet[Person] | Sequence[Person]
    reasons: dict[Any, str] = field(default_factory=dict)
    scores: dict[Any, float] = field(default_factory=dict)
    refused: bool = False


def query_index(q: str) -> str:
    """The blind index of a query, for the audit trail: it proves what was searched, never says it."""
    return blind_index(keyring(), SEARCH_AUDIT_PURPOSE, normalise_for_index(q))


def _document_index(value: str) -> list[str]:
    purposes = ("registry.identitydocument.number", "registry.servicerecord.serial_number")
    normal = normalise_for_index(value)
    return [blind_index(keyring(), p, normal) for p in purposes]


def _token_match(q: str, scope: QuerySet[Person]) -> QuerySet[Any]:
    """Ids of persons in `scope` with the whole name (or its compact form) or every word of it as
    recorded.

    One UNION of lookups on the indexed blind-index columns, each row's person tested against the
    scope by its key: the database starts from the matching rows instead of testing every person
    of the registry against each branch. (Written as `person IN (union)`, PostgreSQL hashed the
    union and read all 100,000 persons for a common given name: 40 ms.)
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
    ids = [_in_scope(part, scope).values_list("person_id", flat=True) for part in parts]
    return ids[0].union(*ids[1:])


def _in_scope(rows: QuerySet[Any], scope: QuerySet[Person]) -> QuerySet[Any]:
    """`rows` of persons in `scope`, tested row by row (EXISTS on the person's key).

    Written as `person IN (scope)`, SQLite may drive the lookup from every person of the scope
    (300 ms at 100,000 persons for a key nobody has) instead of from the few matching rows.
    """
    return rows.filter(Exists(scope.order_by().filter(pk=OuterRef("person_id"))))


def _exact_documents(q: str, scope: QuerySet[Person]) -> set[Any]:
    number_doc, number_serial = _document_index(q)
    documents = _in_scope(IdentityDocument.objects.filter(number_index=number_doc), scope)
    serials = _in_scope(ServiceRecord.objects.filter(serial_index=number_serial), scope)
    found = set(documents.values_list("person_id", flat=True))
    return found | set(serials.values_list("person_id", flat=True))


def _keys_of(kind: str, values: set[str], scope: QuerySet[Person]) -> list[Any]:
    if not values:
        return []
    rows = _in_scope(LinkageKey.objects.filter(kind=kind, value__in=sorted(values)), scope).order_by()
    return list(rows.values_list("person_id", flat=True)[:KEY_ROWS])


def _search_hits(q: str, scope: QuerySet[Person]) -> tuple[Counter[Any], set[Any], set[Any]]:
    """Persons sharing a key with the query, by how strongly; those found by the given name; and
    those with the query's words as recorded."""
    ring = keyring()
    hits: Counter[Any] = Counter()
    # The blocking keys reconciliation uses (every reading of the name, in any script and
    # order, typos repaired): the person's compared name meets the query's in one of them.
    tokens = blocking_tokens(q, BirthDate(), None)
    keys = {token_digest(ring, kind, value) for kind, value in tokens if kind == KEY}
    for person_id in _keys_of(KEY, keys, scope):
        hits[person_id] += 2
    givens = {token_digest(ring, GIVEN, code) for code in given_only_keys(q)}
    by_given = set(_keys_of(GIVEN, givens, scope))
    for person_id in by_given:
        hits[person_id] += 1
    # Unordered: a common surname alone (Kim) has thousands; sorting them first to take KEY_ROWS costs.
    by_words = set(_token_match(q, scope)[:KEY_ROWS])
    for person_id in by_words:
        hits[person_id] += 3
    return hits, by_given, by_words


def _repairs(q: str) -> list[str]:
    """The query with one slip undone: a letter dropped (a doubled or stray one), or a word left out.

    A misspelt word has no Korean reading and the query's keys then miss the person; one of
    these spellings usually reads again (Kim Chhol Nam as Kim Chol Nam), and a word left out
    leaves the rest of the name to find him by (Km Chol Nam by Chol Nam).
    """
    words = q.split()
    found = [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words))] if len(words) > 1 else []
    letters = [i for i, ch in enumerate(q) if ch.isalpha()]
    found += [q[:i] + q[i + 1 :] for i in letters[:MAX_REPAIRED_LETTERS]]
    return list(dict.fromkeys(v for v in found if v.strip() and v != q))


# A query longer than this is not repaired letter by letter (each repair is a few key lookups).
MAX_REPAIRED_LETTERS = 24


def _add_repaired_hits(q: str, scope: QuerySet[Person], hits: Counter[Any]) -> None:
    ring = keyring()
    keys: set[str] = set()
    givens: set[str] = set()
    for variant in _repairs(q):
        tokens = blocking_tokens(variant, BirthDate(), None)
        keys |= {token_digest(ring, kind, value) for kind, value in tokens if kind == KEY}
        givens |= {token_digest(ring, GIVEN, code) for code in given_only_keys(variant)}
    for person_id in _keys_of(KEY, keys, scope):
        hits[person_id] += 1
    for person_id in _keys_of(GIVEN, givens, scope):
        hits[person_id] += 0.5


def _opened_names(user: Any, ids: list[Any]) -> dict[Any, list[tuple[str, str]]]:
    """(text, script) of each person's name forms the user may see, legal Hangul first."""
    ring = keyring()
    text = NameForm._meta.get_field("text")
    forms = NameForm.objects.for_user(user).filter(person__in=ids).order_by()
    rows = sorted(
        forms.values_list("pk", "person_id", "text", "script", "kind", "position"),
        key=lambda r: (form_rank(r[3], r[4]), r[5]),
    )
    names: dict[Any, list[tuple[str, str]]] = {}
    for pk, person_id, sealed, script, _kind, _position in rows:
        names.setdefault(person_id, []).append((text.open_raw(pk, sealed, ring), script))
    return names


def _find_by_name(user: Any, q: str, scope: QuerySet[Person]) -> Found:
    hits, by_given, by_words = _search_hits(q, scope)
    scores, reasons = _scored(user, q, hits, by_given, by_words, MIN_SCORE)
    if max(scores.values(), default=0.0) < WELL_FOUND:
        # Nobody alike enough: perhaps a slip of the pen. Look again with it undone.
        _add_repaired_hits(q, scope, hits)
        scores, reasons = _scored(user, q, hits, by_given, by_words, MIN_REPAIRED_SCORE)
    # A name typed with a number in it (a list's "Kim Chol 7701234"): the number wins, as alone.
    # Without a digit it is no document's or service number: nothing to look up.
    for pid in _exact_documents(q, scope) if any(ch.isdigit() for ch in q) else ():
        scores[pid] = EXACT_NUMBER
        reasons[pid] = _("Document number")
    return _ranked(QueryKind.NAME, scope, scores, reasons)


# The edge of a name a system spells exactly as the query over one it only reads alike.
EXACT_SPELLING = 0.02
# A name search that finds someone this alike (or more) is not tried again with repairs.
WELL_FOUND = 0.9
# After repairs, a typo costs similarity: a lower bar, still well above chance.
MIN_REPAIRED_SCORE = 0.4


def _scored(
    user: Any, q: str, hits: Counter[Any], by_given: set[Any], by_words: set[Any], floor: float
) -> tuple[dict[Any, float], dict[Any, str]]:
    best = [pid for pid, _n in sorted(hits.items(), key=lambda kv: -kv[1])[:CANDIDATES]]
    names = _opened_names(user, best)
    scores: dict[Any, float] = {}
    reasons: dict[Any, str] = {}
    for pid in best:
        forms = names.get(pid, [])
        whole = max((name_similarity(q, text) for text, _s in forms), default=0.0)
        given = 0.0
        if pid in by_given:
            given = GIVEN_ALONE * max((given_name_similarity(q, text) for text, _s in forms), default=0.0)
        score = max(whole, given)
        if score >= floor and spells_exactly(q, forms):
            # Of two names the query reads as equally alike (Song: 성 or 송), the one a system
            # spells exactly as the query comes first.
            score += EXACT_SPELLING
        if score >= floor:
            scores[pid] = score
            reasons[pid] = name_reason(q, forms, given_only=given > whole)
        elif pid in by_words:
            # A word of a recorded form, written as recorded (a surname alone): shown, below the names.
            scores[pid] = score
            reasons[pid] = _("A word of a recorded name")
    return scores, reasons


def _find_by_document(q: str, scope: QuerySet[Person]) -> Found:
    scores: dict[Any, float] = dict.fromkeys(_exact_documents(q, scope), EXACT_NUMBER)
    reasons = dict.fromkeys(scores, _("Document number"))
    ring = keyring()
    values = {token_digest(ring, DOC_PART, part) for part in number_parts(q)}
    shared = Counter(_keys_of(DOC_PART, values, scope))
    # Every run of four digits of the query must be in the number; then the number is opened.
    having = [pid for pid, n in shared.items() if n == len(values) and pid not in scores][:CANDIDATES]
    if having:
        wanted = number_digits(q)
        _names, numbers = searched_names_and_numbers(NameForm, IdentityDocument, ServiceRecord, having, ring)
        for pid in having:
            found = [n for n in numbers.get(pid, []) if wanted in number_digits(n)]
            if found:
                scores[pid] = PART_NUMBER
                reasons[pid] = _("Part of document number %(number)s") % {"number": found[0]}
    return _ranked(QueryKind.DOCUMENT, scope, scores, reasons)


class RankedPersons(Sequence[Person]):
    """Persons in a search's order, read from the database a page at a time.

    A search ranks up to CANDIDATES persons but a page shows 25: only the slice asked for is
    loaded (one query, with the capture), the rest stay ids.
    """

    def __init__(self, scope: QuerySet[Person], ids: list[Any]) -> None:
        self._scope = scope
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    def count(self, value: Any = None) -> int:  # type: ignore[override]
        """Django's Paginator asks `count()` first: the number of persons found."""
        return len(self._ids) if value is None else super().count(value)

    @overload
    def __getitem__(self, index: int) -> Person: ...
    @overload
    def __getitem__(self, index: slice) -> list[Person]: ...
    def __getitem__(self, index: int | slice) -> Person | list[Person]:
        if isinstance(index, slice):
            return self._load(self._ids[index])
        return self._load([self._ids[index]])[0]

    def _load(self, ids: list[Any]) -> list[Person]:
        loaded = self._scope.select_related("capture").in_bulk(ids)
        return [loaded[pk] for pk in ids if pk in loaded]


def _ranked(
    kind: QueryKind, scope: QuerySet[Person], scores: dict[Any, float], reasons: dict[Any, str]
) -> Found:
    # Only persons of the scope, best first, then by case number; loaded page by page.
    numbers = dict(scope.filter(pk__in=list(scores)).order_by().values_list("pk", "case_number"))
    ids = sorted(numbers, key=lambda pk: (-scores[pk], numbers[pk]))
    return Found(kind, RankedPersons(scope, ids), reasons, scores)


def _filtered(user: Any, filters: PersonFilters) -> QuerySet[Person]:
    # A registration merged into another is shown as the survivor, never beside him.
    people = Person.objects.for_user(user).filter(merged_into__isnull=True)
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
    return people


def person_find(*, user: Any, filters: PersonFilters) -> Found:
    """The persons the user may see that match the filters, best first, each with why.

    A name is found in any spelling (its readings meet the registry's blind-indexed keys; the
    candidates are ranked by `names.name_similarity`); a document or serial number exactly or
    by four or more of its digits; a case number exactly. Searching by a name or a number
    discloses who is registered under it, so it needs `person.identity.read` (a monitor: after
    step-up); a case number search needs only the list permission.
    """
    q = filters.q.strip()
    kind = query_kind(q)
    people = _filtered(user, filters)
    if kind is QueryKind.NONE:
        return Found(kind, people.select_related("capture").order_by("case_number"))
    if kind is QueryKind.CASE:
        # Case numbers are issued in capitals; an exact match uses the unique index, iexact would not.
        numbers = sorted({q, q.upper()})
        found = people.filter(case_number__in=numbers).select_related("capture")
        reasons = dict.fromkeys(found.values_list("pk", flat=True), _("Case number"))
        # The case number of a registration merged into another leads to the survivor.
        merged = Person.objects.for_user(user).filter(case_number__in=numbers, merged_into__isnull=False)
        for old, survivor in merged.values_list("case_number", "merged_into"):
            reasons[survivor] = _("Case number %(number)s, merged into this person") % {"number": old}
        if merged:
            found = people.filter(pk__in=list(reasons)).select_related("capture")
        return Found(kind, found.order_by("case_number"), reasons)
    if not can(user, IDENTITY):
        return Found(kind, Person.objects.none(), refused=True)
    if kind is QueryKind.DOCUMENT:
        return _find_by_document(q, people)
    return _find_by_name(user, q, people)


def person_search(*, user: Any, filters: PersonFilters) -> QuerySet[Person] | Sequence[Person]:
    """The persons of `person_find`, best first."""
    return person_find(user=user, filters=filters).people


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
    return Person.objects.for_user(user).select_related("unit").get(pk=pk)


def person_current(person: Person) -> Person:
    """The person a registration stands for now: himself, or the survivor he was merged into."""
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def person_or_404(user: Any, pk: Any) -> Person:
    """The person for a page or an API call: Http404 when absent, malformed or not the user's to see."""
    try:
        return person_get(user=user, pk=pk)
    except (Person.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


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
