"""The filtered trail as CSV (formula-safe) or JSON (with each event's chain hashes), streamed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from safepassage.audit.models import AuditEvent
from safepassage.linkage import neutralise

FORMAT = "safepassage-audit-events/1"
COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "person_id",
    "fields",
    "purpose",
    "key_epoch",
    "prev_hash",
    "hash",
)
CHUNK = 2000


def event_values(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(timespec="microseconds"),
        "actor": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "person_id": event.person_id,
        "fields": list(event.fields),
        "purpose": event.purpose,
        "key_epoch": event.key_epoch,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    """A header, then one row per event; every cell neutralised so no spreadsheet runs it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in cells])
        return buffer.getvalue()

    yield line(list(COLUMNS))
    for event in events.iterator(chunk_size=CHUNK):
        values = event_values(event)
        values["fields"] = " ".join(values["fields"])
        yield line([values[c] for c in COLUMNS])


def json_chunks(events: QuerySet[AuditEvent], *, filters: dict[str, str], up_to: int) -> Iterator[str]:
    """One JSON document: the format, the filters, the head it was cut at, and the events (hash, prev_hash).

    Consecutive events of an unfiltered export chain to each other (prev_hash is the hash before);
    filtered, each event's hash is still checked against the database's chain by `audit verify`.
    """
    head = {"format": FORMAT, "filters": filters, "up_to_seq": up_to}
    yield json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "events": ['
    first = True
    for event in events.iterator(chunk_size=CHUNK):
        yield (
            ("" if first else ",")
            + "\n"
            + json.dumps(event_values(event), ensure_ascii=False, sort_keys=True)
        )
        first = False
    yield "\n]}\n"
