"""Notifications to the Information Bureau and the Central Agency (GC III Arts. 122-123).

The one export function. It reads only the fields listed here: capture-card and Art. 17 data,
and health. Wishes, interviews, applications, risk assessments and any sign of intent are never
read, so they cannot leave (Art. 123: information detrimental to the person or his relatives).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from safepassage.audit.models import AuditEvent
from safepassage.audit.services import LIST_ID, audit_record
from safepassage.protection.models import CaseFacts
from safepassage.protection.work import notifications_record
from safepassage.registry.models import Capture, CustodyEvent, NameForm, Person, ServiceRecord

COLUMNS = (
    "case_number",
    "name",
    "name_latin",
    "rank",
    "serial_number",
    "forces_of",
    "birth_date",
    "captured_on",
    "detaining_power",
    "place_of_internment",
    "seriously_sick_or_wounded",
)
# The list an export is audited against (the page's read event names the same).
EXPORT_REF = "notification.export"
# Only the name he gave and its transliterations: aliases and names on false papers may be
# other, real people's.
NAME_KINDS = ("legal", "transliteration")


# Persons per batch of reads: a few queries per batch, whatever the size of the caseload.
CHUNK = 500


def _names(forms: list[NameForm]) -> tuple[str, str]:
    """His own name (the legal form, else the first) and its Latin form, from forms in their order."""
    own = next((f.text for f in forms if f.kind == "legal"), forms[0].text if forms else "")
    latin = next((f.text for f in forms if f.script == "latin"), "")
    return own, latin


def _last_by_person(rows: Iterable[Any]) -> dict[Any, Any]:
    """The last row of each person from rows ordered by person, then by the order that counts."""
    return {row.person_id: row for row in rows}


def notification_rows(persons: Iterable[Person]) -> list[dict[str, str]]:
    """One row per person with the listed fields only; read in batches (five queries per 500)."""
    people = list(persons)
    rows = []
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        ids = [p.pk for p in chunk]
        forms: dict[Any, list[NameForm]] = {}
        for form in NameForm.objects.filter(person_id__in=ids, kind__in=NAME_KINDS).order_by(
            "person_id", "position"
        ):
            forms.setdefault(form.person_id, []).append(form)
        services = _last_by_person(
            ServiceRecord.objects.filter(person_id__in=ids).order_by("person_id", "recorded_at")
        )
        captures = {c.person_id: c for c in Capture.objects.filter(person_id__in=ids)}
        custody_events = _last_by_person(
            CustodyEvent.objects.filter(person_id__in=ids).order_by("person_id", "occurred_on", "recorded_at")
        )
        case_facts = {f.person_id: f for f in CaseFacts.objects.filter(person_id__in=ids)}
        for person in chunk:
            service, capture = services.get(person.pk), captures.get(person.pk)
            custody, facts = custody_events.get(person.pk), case_facts.get(person.pk)
            name, latin = _names(forms.get(person.pk, []))
            born = person.birth_date.isoformat() if person.birth_date else (str(person.birth_year or ""))
            sick = facts.seriously_sick_or_wounded if facts else None
            rows.append(
                {
                    "case_number": person.case_number,
                    "name": name,
                    "name_latin": latin,
                    "rank": service.rank if service else "",
                    "serial_number": service.serial_number if service else "",
                    "forces_of": service.forces_of if service else "",
                    "birth_date": born,
                    "captured_on": capture.captured_on.isoformat() if capture and capture.captured_on else "",
                    "detaining_power": capture.detaining_power if capture else "",
                    "place_of_internment": custody.facility if custody and custody.kind != "released" else "",
                    "seriously_sick_or_wounded": "" if sick is None else ("yes" if sick else "no"),
                }
            )
    return rows


def spreadsheet_safe(value: str) -> str:
    """The cell as a spreadsheet shows it as text: never starting with = + - @ (or a tab/CR)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export(persons: Iterable[Person], fmt: str = "csv") -> str:
    rows = notification_rows(persons)
    if fmt == "json":
        return json.dumps({"columns": list(COLUMNS), "records": rows}, ensure_ascii=False, indent=2)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue()


def export_all(fmt: str = "csv") -> str:
    persons: Any = Person.objects.order_by("case_number")
    return export(persons, fmt)


@transaction.atomic
def export_record(*, actor: Any, persons: Sequence[Person], event: AuditEvent | None = None) -> int:
    """Record that these persons were notified now, which clears their Art. 122 work item.

    `event` is the export's audit event (a page's read event); without one, as from the command
    line, the export is audited here as the system's.
    """
    if event is None:
        event = audit_record(
            actor=actor,
            action="notification.export",
            object_ref=(EXPORT_REF, LIST_ID),
            fields=["notification"],
        )
    return notifications_record(actor=actor, person_ids=[p.pk for p in persons], event=event)
