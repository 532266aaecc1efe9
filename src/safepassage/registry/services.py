"""Registry writes: validate, save, and append an audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from safepassage.accounts.models import Unit
from safepassage.audit.services import PendingEvent, audit_record, audit_record_many
from safepassage.core.fields import opened_rows
from safepassage.core.keys import keyring
from safepassage.crypto import blind_index, normalise_for_index
from safepassage.names import detect_script
from safepassage.registry import errors, signals
from safepassage.registry.choices import DatePrecision, NameScript
from safepassage.registry.linkage_keys import compared_names_and_units, keys_of_persons
from safepassage.registry.models import (
    NAME_FIELDS,
    PERSON_FIELDS,
    Capture,
    CaseCounter,
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
from safepassage.registry.scans import sniff_content_type
from safepassage.registry.search_keys import search_key_values, searched_names_and_numbers

NAME_TOKEN_PURPOSE = "registry.nametoken"  # noqa: S105 (a key label)


def _apply(instance: models.Model, changes: dict[str, Any]) -> list[str]:
    """Set the given attributes; return the names of those whose value changed."""
    changed = []
    for name, value in changes.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _save(instance: models.Model) -> None:
    instance.full_clean()
    instance.save()


def _check_not_future(field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: errors.ERR_FUTURE_DATE})


def _check_icrc_access(access: str, on: date | None) -> None:
    """ICRC access granted or refused is a dated fact: both halves or neither."""
    if access and on is None:
        raise ValidationError({"icrc_access_on": errors.ERR_ICRC_DATE_NEEDED})
    if on is not None and not access:
        raise ValidationError({"icrc_access": errors.ERR_ICRC_DATE_WITHOUT_ACCESS})
    _check_not_future("icrc_access_on", on)


def _check_birth(person: Person) -> None:
    precision = person.birth_precision
    if precision == DatePrecision.FULL:
        if person.birth_date is None:
            raise ValidationError({"birth_date": errors.ERR_FULL_DATE_NEEDED})
        _check_not_future("birth_date", person.birth_date)
        person.birth_year = person.birth_date.year
    elif precision == DatePrecision.YEAR:
        if person.birth_year is None:
            raise ValidationError({"birth_year": errors.ERR_YEAR_NEEDED})
        if not 1900 <= person.birth_year <= timezone.localdate().year:
            raise ValidationError({"birth_year": errors.ERR_YEAR_RANGE})
        person.birth_date = None
    elif person.birth_date is not None or person.birth_year is not None:
        raise ValidationError({"birth_precision": errors.ERR_DATE_WITHOUT_PRECISION})


def _next_case_number() -> str:
    year = timezone.localdate().year
    counter, _ = CaseCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"SP-{year}-{counter.last:06d}"


def name_search_tokens(text: str) -> set[str]:
    """The normalised forms a search may use for one name: whole, each word, and compact."""
    normal = normalise_for_index(text)
    words = normal.split()
    tokens = {normal, "".join(words), *words}
    return {t for t in tokens if t}


def name_token_values(texts: Iterable[str]) -> set[str]:
    """The blind-indexed name tokens stored for a person with these name forms."""
    ring = keyring()
    return {blind_index(ring, NAME_TOKEN_PURPOSE, t) for text in texts for t in name_search_tokens(text)}


def _reindex_names(person: Person) -> None:
    values = name_token_values(form.text for form in person.name_forms.all())
    NameToken.objects.filter(person=person).exclude(value__in=values).delete()
    existing = set(NameToken.objects.filter(person=person).values_list("value", flat=True))
    NameToken.objects.bulk_create([NameToken(person=person, value=v) for v in values - existing])


def _reindex_linkage(person: Person) -> None:
    """Keep the person's blocking and search keys in step with his names, birth facts, unit, numbers.

    Read back from the database, not from `person`: a caller's instance may predate a change.
    """
    ring = keyring()
    rows = Person.objects.filter(pk=person.pk).values_list("pk", "birth_date", "birth_year")
    people = opened_rows(Person, rows, "birth_date", "")
    names, units = compared_names_and_units(NameForm, ServiceRecord, [person.pk], ring)
    keys = keys_of_persons(people, names, units, ring).get(person.pk, set())
    # The search keys (given names, parts of numbers) live beside them, from the same records.
    forms, numbers = searched_names_and_numbers(NameForm, IdentityDocument, ServiceRecord, [person.pk], ring)
    keys |= search_key_values(ring, forms.get(person.pk, []), numbers.get(person.pk, []))
    stored = LinkageKey.objects.filter(person_id=person.pk)
    if set(stored.values_list("kind", "value")) != keys:
        stored.delete()
        LinkageKey.objects.bulk_create(LinkageKey(person_id=person.pk, kind=k, value=v) for k, v in keys)


def person_keys_refresh(*, actor: AbstractBaseUser | None, person: Person) -> None:
    """Rebuild a person's name tokens, blocking and search keys from his stored records, and ask
    for the duplicate check his identity's other changes ask for (it runs once the write commits).

    For an app that writes a person's records in one go (a received handover dossier) rather than
    one service call each; call it inside that write's transaction.
    """
    _reindex_names(person)
    _reindex_linkage(person)
    _identity_recorded(actor, person)


def _bump(person: Person, expected_version: int | None) -> None:
    """Optimistic locking: a stale form must not overwrite a newer change."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(errors.ERR_STALE, code="stale")
    Person.objects.filter(pk=person.pk).update(version=locked.version + 1, updated_at=timezone.now())
    person.version = locked.version + 1


def _unit_for(actor: AbstractBaseUser | None, unit: Unit | None) -> Unit | None:
    """The unit a person is kept in: a caseworker's own, whatever he asked for or left out.

    A caseworker sees only his unit's persons (registry.querysets.person_scope): a person he
    registers without a unit, or in another unit, would vanish from his view at once.
    """
    from safepassage.core.policy import role_of
    from safepassage.core.roles import Role

    if role_of(actor) is not Role.CASEWORKER:
        return unit
    own = getattr(getattr(actor, "membership", None), "unit", None)
    if own is None:
        raise ValidationError({"unit": errors.ERR_NO_UNIT})
    if unit is not None and unit.pk != own.pk:
        raise ValidationError({"unit": ValidationError(errors.ERR_OWN_UNIT, params={"unit": own.name})})
    return own


@transaction.atomic
def person_create(
    *,
    actor: AbstractBaseUser | None,
    sex: str = "unknown",
    birth_precision: str = DatePrecision.UNKNOWN,
    birth_date: date | None = None,
    birth_year: int | None = None,
    birth_date_text: str = "",
    unit: Unit | None = None,
    notes: str = "",
    case_number: str | None = None,
) -> Person:
    unit = _unit_for(actor, unit)
    person = Person(
        case_number=case_number or _next_case_number(),
        sex=sex,
        birth_precision=birth_precision,
        birth_date=birth_date,
        birth_year=birth_year,
        birth_date_text=birth_date_text,
        unit=unit,
        notes=notes,
    )
    _check_birth(person)
    _save(person)
    fields = ["case_number", "sex", "birth_precision", "birth_date", "birth_year"]
    fields += [f for f, v in (("birth_date_text", birth_date_text), ("unit", unit), ("notes", notes)) if v]
    audit_record(actor=actor, action="person.create", obj=person, fields=fields, person_id=person.pk)
    return person


@transaction.atomic
def person_update(
    *,
    actor: AbstractBaseUser | None,
    person: Person,
    expected_version: int | None = None,
    **changes: Any,
) -> Person:
    allowed = set(PERSON_FIELDS)
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"person_update does not change {', '.join(sorted(unknown))}")
    if "unit" in changes:
        changes["unit"] = _unit_for(actor, changes["unit"])
    _bump(person, expected_version)
    was_in = Person.objects.filter(pk=person.pk).values_list("unit_id", flat=True).first()
    changed = _apply(person, changes)
    _check_birth(person)
    _save(person)
    _reindex_linkage(person)
    _identity_recorded(actor, person)
    if person.unit_id != was_in:
        _unit_changed(person, was_in)
    audit_record(actor=actor, action="person.update", obj=person, fields=changed, person_id=person.pk)
    if changed and {"birth_precision", "birth_date", "birth_year", "birth_date_text"} & set(changed):
        # The age at capture is derived from the birth date (protection.facts).
        _facts_changed(actor, person)
    return person


@transaction.atomic
def name_form_add(
    *,
    actor: AbstractBaseUser | None,
    person: Person,
    text: str,
    kind: str,
    recorder_language: str,
    source: str = "",
) -> NameForm:
    text = text.strip()
    if not text:
        raise ValidationError({"text": errors.ERR_EMPTY_NAME})
    _bump(person, None)
    position = person.name_forms.count()
    form = NameForm(
        person=person,
        text=text,
        kind=kind,
        recorder_language=recorder_language,
        source=source,
        recorded_by=_user(actor),
        position=position,
        script=script_of(text),
    )
    _save(form)
    _reindex_names(person)
    _reindex_linkage(person)
    _identity_recorded(actor, person)
    audit_record(
        actor=actor,
        action="name_form.add",
        obj=form,
        fields=[*NAME_FIELDS, "script"],
        person_id=person.pk,
    )
    return form


@transaction.atomic
def name_form_update(*, actor: AbstractBaseUser | None, name_form: NameForm, **changes: Any) -> NameForm:
    if "text" in changes:
        changes["text"] = changes["text"].strip()
        if not changes["text"]:
            raise ValidationError({"text": errors.ERR_EMPTY_NAME})
    _bump(name_form.person, None)
    changed = _apply(name_form, changes)
    if "text" in changed:
        name_form.script = script_of(name_form.text)
    _save(name_form)
    _reindex_names(name_form.person)
    _reindex_linkage(name_form.person)
    _identity_recorded(actor, name_form.person)
    audit_record(
        actor=actor,
        action="name_form.update",
        obj=name_form,
        fields=changed,
        person_id=name_form.person_id,
    )
    return name_form


def script_of(text: str) -> str:
    detected = detect_script(text).value
    return detected if detected in NameScript.values else NameScript.OTHER


def _user(actor: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return actor if actor is not None and actor.pk else None


def _unit_changed(person: Person, was_in: Any) -> None:
    """Figures counted under a person's unit move with him (the dashboard's receiver)."""
    signals.unit_changed.send(sender=Person, person_id=person.pk, from_unit=was_in, to_unit=person.unit_id)


def _identity_recorded(actor: AbstractBaseUser | None, person: Person) -> None:
    """Names, documents, service and birth facts are what the duplicate check compares (its receiver)."""
    signals.identity_recorded.send(sender=Person, actor=actor, person=person)


def person_reindex(person: Person) -> None:
    """Rebuild the person's blind-indexed name tokens and linkage keys from his records as they are now.

    For a service that moved records from one person to another (a merge of duplicates and its
    undo): the caller holds the transaction and the locks.
    """
    _reindex_names(person)
    _reindex_linkage(person)


def _facts_changed(actor: AbstractBaseUser | None, person: Person) -> None:
    """Capture, service and nationality records feed the legal determination (protection's receiver)."""
    signals.facts_changed.send(sender=Person, actor=actor, person=person)


def _record_add(
    model: type[models.Model],
    action: str,
    *,
    actor: AbstractBaseUser | None,
    person: Person,
    **values: Any,
) -> Any:
    _bump(person, None)
    record = model(person=person, recorded_by=_user(actor), **values)
    _save(record)
    audit_record(actor=actor, action=action, obj=record, fields=list(values), person_id=person.pk)
    return record


def _record_update(
    record: Any, action: str, *, actor: AbstractBaseUser | None, changes: dict[str, Any]
) -> Any:
    _bump(record.person, None)
    changed = _apply(record, changes)
    _save(record)
    audit_record(actor=actor, action=action, obj=record, fields=changed, person_id=record.person_id)
    return record


@transaction.atomic
def nationality_claim_add(
    *, actor: AbstractBaseUser | None, person: Person, **values: Any
) -> NationalityClaim:
    record = _record_add(NationalityClaim, "nationality_claim.add", actor=actor, person=person, **values)
    _facts_changed(actor, record.person)
    return record


@transaction.atomic
def identity_document_add(
    *, actor: AbstractBaseUser | None, person: Person, **values: Any
) -> IdentityDocument:
    document = _record_add(IdentityDocument, "identity_document.add", actor=actor, person=person, **values)
    _reindex_linkage(person)
    _identity_recorded(actor, person)
    return document


@transaction.atomic
def identity_document_update(
    *, actor: AbstractBaseUser | None, document: IdentityDocument, **changes: Any
) -> IdentityDocument:
    document = _record_update(document, "identity_document.update", actor=actor, changes=changes)
    _reindex_linkage(document.person)
    _identity_recorded(actor, document.person)
    return document


@transaction.atomic
def nationality_claim_update(
    *, actor: AbstractBaseUser | None, claim: NationalityClaim, **changes: Any
) -> NationalityClaim:
    record = _record_update(claim, "nationality_claim.update", actor=actor, changes=changes)
    _facts_changed(actor, record.person)
    return record


@transaction.atomic
def service_record_add(*, actor: AbstractBaseUser | None, person: Person, **values: Any) -> ServiceRecord:
    record = _record_add(ServiceRecord, "service_record.add", actor=actor, person=person, **values)
    _reindex_linkage(record.person)
    _identity_recorded(actor, record.person)
    _facts_changed(actor, record.person)
    return record


@transaction.atomic
def service_record_update(
    *, actor: AbstractBaseUser | None, record: ServiceRecord, **changes: Any
) -> ServiceRecord:
    record = _record_update(record, "service_record.update", actor=actor, changes=changes)
    _reindex_linkage(record.person)
    _identity_recorded(actor, record.person)
    _facts_changed(actor, record.person)
    return record


@transaction.atomic
def custody_event_add(*, actor: AbstractBaseUser | None, person: Person, **values: Any) -> CustodyEvent:
    """A new custody event; the Information Bureau must then hear of it (GC III Art. 122)."""
    _check_not_future("occurred_on", values.get("occurred_on"))
    _check_icrc_access(values.get("icrc_access") or "", values.get("icrc_access_on"))
    event = _record_add(CustodyEvent, "custody_event.add", actor=actor, person=person, **values)
    # ICRC access is a custody fact the legal engine reads (protection.facts).
    _facts_changed(actor, person)
    # Only a new event reopens: a correction keeps its recording time, which the notification
    # state is computed from (protection.work.notified_since_custody).
    signals.custody_event_recorded.send(sender=CustodyEvent, person=person)
    return event


@transaction.atomic
def custody_event_update(
    *, actor: AbstractBaseUser | None, event: CustodyEvent, **changes: Any
) -> CustodyEvent:
    _check_not_future("occurred_on", changes.get("occurred_on"))
    _check_icrc_access(
        changes.get("icrc_access", event.icrc_access) or "",
        changes.get("icrc_access_on", event.icrc_access_on),
    )
    record = _record_update(event, "custody_event.update", actor=actor, changes=changes)
    _facts_changed(actor, record.person)
    return record


@transaction.atomic
def capture_set(*, actor: AbstractBaseUser | None, person: Person, **values: Any) -> Capture:
    """Record the capture, or correct it: one capture per person."""
    _check_not_future("captured_on", values.get("captured_on"))
    existing = Capture.objects.filter(person=person).first()
    if existing is None:
        record = _record_add(Capture, "capture.record", actor=actor, person=person, **values)
    else:
        record = _record_update(existing, "capture.update", actor=actor, changes=values)
    _facts_changed(actor, record.person)
    return record


@transaction.atomic
def document_scan_add(
    *,
    actor: AbstractBaseUser | None,
    document: IdentityDocument,
    filename: str,
    data: bytes,
    source: str = "",
) -> DocumentScan:
    limit = settings.SCAN_MAX_BYTES
    params = {"name": filename, "size": len(data), "limit": limit}
    if not data:
        raise ValidationError({"file": ValidationError(errors.ERR_SCAN_EMPTY, params=params)})
    if len(data) > limit:
        raise ValidationError({"file": ValidationError(errors.ERR_SCAN_SIZE, params=params)})
    content_type = sniff_content_type(data)
    if content_type is None:
        raise ValidationError({"file": ValidationError(errors.ERR_SCAN_TYPE, params=params)})
    _bump(document.person, None)
    scan = DocumentScan(
        document=document,
        filename=filename[:255],
        content_type=content_type,
        size=len(data),
        data=data,
        source=source,
        recorded_by=_user(actor),
    )
    _save(scan)
    audit_record(
        actor=actor,
        action="document_scan.add",
        obj=scan,
        fields=["filename", "content_type", "size", "data"],
        person_id=document.person_id,
    )
    return scan


@transaction.atomic
def person_search_record(
    *, actor: AbstractBaseUser | None, kind: str, query_index: str, refused: bool
) -> None:
    """Audit one search by name or number: its kind and the query's blind index, never its text.

    The index proves, to whoever holds the key, which query was made (the same query gives the
    same index) without the trail itself saying a name. A refused search is recorded too.
    """
    audit_record_many([person_search_event(actor=actor, kind=kind, query_index=query_index, refused=refused)])


def person_search_event(
    *, actor: AbstractBaseUser | None, kind: str, query_index: str, refused: bool
) -> PendingEvent:
    """`person_search_record`'s event, not yet appended (a page appends it with its reads)."""
    fields = [kind, "refused"] if refused else [kind]
    return PendingEvent(actor, "person.search", None, fields, object_ref=("registry.search", query_index))
