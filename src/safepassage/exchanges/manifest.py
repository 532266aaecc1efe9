"""Manifests of a round's outgoing list, as CSV or PDF, with names only for readers who may see them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from safepassage.exchanges.models import ExchangeList, ExchangeRound
from safepassage.exchanges.notify import _safe_cell
from safepassage.registry.models import NameForm


@dataclass(frozen=True)
class ManifestRow:
    number: str
    case_number: str
    listed_name: str
    registry_names: str
    birth_date: str


def manifest_rows(round_: ExchangeRound, lst: ExchangeList, *, names: bool) -> list[ManifestRow]:
    rows = []
    entries = list(lst.entries.select_related("person"))
    forms: dict[object, list[str]] = {}
    person_ids = [e.person_id for e in entries if e.person_id]
    for form in NameForm.objects.filter(person__in=person_ids, kind__in=("legal", "transliteration")):
        forms.setdefault(form.person_id, []).append(form.text)
    for index, entry in enumerate(entries, start=1):
        person = entry.person
        rows.append(
            ManifestRow(
                number=f"{round_.name[:12]}-{index:04d}",
                case_number=person.case_number if person else "",
                listed_name=entry.full_name if names else "",
                registry_names=" · ".join(forms.get(entry.person_id, [])) if names else "",
                birth_date=entry.birth_date if names else "",
            )
        )
    return rows


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
        writer.writerow([_safe_cell(c) for c in cells])
    return out.getvalue()


def manifest_pdf(round_: ExchangeRound, lst: ExchangeList, rows: list[ManifestRow], *, names: bool) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "exchanges/manifest.html",
        {"round": round_, "list": lst, "rows": rows, "names": names, "printed": timezone.now()},
    )
    return bytes(HTML(string=html).write_pdf())
