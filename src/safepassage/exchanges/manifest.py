"""Manifests of a round's outgoing list, as CSV or PDF, with names only for readers who may see them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from safepassage.exchanges.models import ExchangeList, ExchangeRound
from safepassage.exchanges.notify import spreadsheet_safe
from safepassage.registry.models import NameForm, Person
from safepassage.registry.querysets import persons_scoped


@dataclass(frozen=True)
class ManifestRow:
    number: str
    case_number: str
    listed_name: str
    registry_names: str
    birth_date: str
    # Not printed: whom the row discloses, for the download's audit events.
    person_id: Any = None


def persons_shown(reader: Any, person_ids: list[Any]) -> set[Any]:
    """Which of these persons `reader` may see on an exchange output (None: the system, all).

    The person page's rule (registry.querysets.person_scope): a caseworker sees his unit's
    persons only; the negotiator, who may not open a person, still sees their pseudonymous
    case numbers on the lists he builds.
    """
    if reader is None:
        return set(person_ids)
    found = persons_scoped(Person.objects.filter(pk__in=person_ids), reader, permission="exchange.view")
    return set(found.values_list("pk", flat=True))


def manifest_rows(round_: ExchangeRound, lst: ExchangeList, *, names: bool, reader: Any) -> list[ManifestRow]:
    """The rows `reader` may see, numbered as on the full manifest so every edition agrees.

    An entry matched to a person outside the reader's scope is left out whole: its listed name
    is that person's name. `reader` None is the system (the operator's command line).
    """
    rows = []
    entries = list(lst.entries.select_related("person"))
    person_ids = [e.person_id for e in entries if e.person_id]
    shown = persons_shown(reader, person_ids)
    forms: dict[object, list[str]] = {}
    visible_ids = [pk for pk in person_ids if pk in shown]
    for form in NameForm.objects.filter(person__in=visible_ids, kind__in=("legal", "transliteration")):
        forms.setdefault(form.person_id, []).append(form.text)
    for index, entry in enumerate(entries, start=1):
        person = entry.person
        if person is not None and person.pk not in shown:
            continue
        rows.append(
            ManifestRow(
                number=f"{round_.name[:12]}-{index:04d}",
                case_number=person.case_number if person else "",
                listed_name=entry.full_name if names else "",
                registry_names=" · ".join(forms.get(entry.person_id, [])) if names else "",
                birth_date=entry.birth_date if names else "",
                person_id=entry.person_id,
            )
        )
    return rows


def manifest_persons(rows: list[ManifestRow]) -> list[Person]:
    """The persons the rows disclose (already scoped by manifest_rows), for the audit events."""
    return list(Person.objects.filter(pk__in=[r.person_id for r in rows if r.person_id]).only("pk"))


def manifest_csv(rows: list[ManifestRow], *, names: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["manifest_no", "case_number"] + (
        ["name_as_listed", "registry_names", "birth_date"] if names else []
    )
    writer.writerow(header)
    for row in rows:
        cells = [row.number, row.case_number]
        if names:
            cells += [row.listed_name, row.registry_names, row.birth_date]
        writer.writerow([spreadsheet_safe(c) for c in cells])
    return out.getvalue()


def manifest_pdf(round_: ExchangeRound, lst: ExchangeList, rows: list[ManifestRow], *, names: bool) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "exchanges/manifest.html",
        {"round": round_, "list": lst, "rows": rows, "names": names, "printed": timezone.now()},
    )
    return bytes(HTML(string=html).write_pdf())
