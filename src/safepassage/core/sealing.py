"""Sealing columns that held plaintext before they were encrypted: in batches, resumable, with progress.

An upgrade turns a clear column (a wish, a procedure, a birth date) into an encrypted one in two
steps: a schema migration changes the column to text, then a data migration calls `seal_rows`,
which seals every value that is not sealed yet, one short transaction per batch. A run cut short
(a crash, Ctrl-C) leaves some rows sealed and some not; running `safepassage migrate` (or
`safepassage init`) again finishes the job, as sealed values are recognised and skipped. The
reverse (`unseal_rows`) writes each value back in the clear column's own format.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import models, transaction

from safepassage.core.fields import (
    EncryptedBooleanField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedMixin,
    Sealed,
    sealed_label_of,
)
from safepassage.crypto.seal import PREFIX, open_sealed, seal
from safepassage.progress import Progress, wanted

BATCH = 500
ERR_LEGACY = "{label}.{field} of row {pk}: the stored value {value!r} cannot be read as {kind}."
_TRUE, _FALSE = {"1", "t", "true"}, {"0", "f", "false"}


def is_sealed(text: str) -> bool:
    return text.startswith(f"{PREFIX}:")


def legacy_value(field: Any, text: str, where: tuple[str, Any]) -> Any:
    """The plaintext a clear column held, as read back through the text column it became."""
    label, pk = where
    if isinstance(field, EncryptedBooleanField):
        folded = text.strip().lower()
        if folded in _TRUE or folded in _FALSE:
            return folded in _TRUE
        raise ValueError(ERR_LEGACY.format(label=label, field=field.name, pk=pk, value=text, kind="yes/no"))
    if isinstance(field, EncryptedDateField):
        try:
            return date.fromisoformat(text.strip()[:10])
        except ValueError:
            kind = "a date"
            raise ValueError(
                ERR_LEGACY.format(label=label, field=field.name, pk=pk, value=text, kind=kind)
            ) from None
    if isinstance(field, EncryptedJSONField):
        return json.loads(text)
    return text


def clear_text(field: Any, value: Any, vendor: str) -> Any:
    """A value in the format of the clear column it goes back to (the reverse migration)."""
    if value is None:
        return None
    if isinstance(field, EncryptedBooleanField):
        # SQLite's boolean columns hold 1/0; PostgreSQL casts 'true'/'false' back to boolean.
        return ("1" if value else "0") if vendor == "sqlite" else ("true" if value else "false")
    if isinstance(field, EncryptedDateField):
        return value.isoformat()
    if isinstance(field, EncryptedJSONField):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _progress(total: int) -> Progress:
    return Progress(enabled=total > BATCH and wanted(None))


def seal_rows(
    model: type[models.Model],
    names: list[str],
    ring: Callable[[], Any],
    *,
    key: str = "pk",
    also_set: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None,
    batch: int = BATCH,
) -> int:
    """Seal every value of these columns still in the clear; returns the rows changed.

    `key` is the attribute the values are bound to (the primary key, or the model's
    `sealed_row_key`); `also_set(row key, plaintexts)` may return more clear columns to set on the
    row in the same update (a work item's lane). The keyring is read only when a row needs it,
    so a fresh database migrates without one.
    """
    fields = [model._meta.get_field(n) for n in names]
    label = sealed_label_of(model)
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    progress = _progress(len(pks))
    progress.stage(f"sealing {model._meta.label}", total=len(pks))
    opened, changed = None, 0
    for start in range(0, len(pks), batch):
        chunk = pks[start : start + batch]
        with transaction.atomic():
            rows = model._base_manager.select_for_update().filter(pk__in=chunk)
            for pk, row_key, *values in rows.values_list("pk", key, *[f.attname for f in fields]):
                texts = {
                    f.name: (v.text if isinstance(v, Sealed) else v)
                    for f, v in zip(fields, values, strict=True)
                }
                plain = {n: t for n, t in texts.items() if t is not None and not is_sealed(str(t))}
                if not plain:
                    continue
                opened = opened or ring()
                updates: dict[str, Any] = {}
                values_of: dict[str, Any] = {}
                if key != "pk" and row_key is None:
                    # A row stored before it had a key to bind to (work items): it gets one now.
                    row_key = updates[key] = uuid.uuid4()
                elif key == "pk":
                    row_key = pk
                for field in fields:
                    if field.name not in plain:
                        continue
                    value = legacy_value(field, str(plain[field.name]), (label, pk))
                    values_of[field.name] = value
                    aad = f"{label}.{field.name}:{row_key}"
                    updates[field.attname] = seal(opened, field.encode(value), aad)
                    if getattr(field, "index_field", None):
                        index = field.index_value(field.index_text(value)) if value not in (None, "") else ""
                        updates[field.index_field] = index
                if also_set is not None:
                    updates |= also_set(row_key, values_of)
                model._base_manager.filter(pk=pk).update(**updates)
                changed += 1
        progress.advance(len(chunk))
    progress.close()
    return changed


def unseal_rows(
    model: type[models.Model], names: list[str], ring: Callable[[], Any], vendor: str, *, key: str = "pk"
) -> int:
    """Write every sealed value of these columns back in the clear (the reverse migration)."""
    fields = [model._meta.get_field(n) for n in names]
    label = sealed_label_of(model)
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    opened, changed = None, 0
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        with transaction.atomic():
            rows = model._base_manager.select_for_update().filter(pk__in=chunk)
            for pk, row_key, *values in rows.values_list("pk", key, *[f.attname for f in fields]):
                updates = {}
                for field, value in zip(fields, values, strict=True):
                    text = value.text if isinstance(value, Sealed) else value
                    if text is None or not is_sealed(str(text)):
                        continue
                    opened = opened or ring()
                    aad = f"{label}.{field.name}:{row_key if row_key is not None else pk}"
                    plain = field.decode(open_sealed(opened, str(text), aad))
                    updates[field.attname] = clear_text(field, plain, vendor)
                if updates:
                    model._base_manager.filter(pk=pk).update(**updates)
                    changed += 1
    return changed


def sealed_columns(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
