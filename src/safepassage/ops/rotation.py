"""Key rotation: a new active data key, then every sealed value re-encrypted under it, in batches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from safepassage.core.fields import EncryptedMixin, Sealed, row_key_of, sealed_label_of
from safepassage.core.keys import keyring
from safepassage.crypto.kek import resolve_kek
from safepassage.crypto.keyring import Keyring, write_keyring
from safepassage.crypto.seal import key_id_of, open_sealed, seal
from safepassage.progress import SILENT, Progress

ERR_PLAIN = (
    "The field keyring is in the old unwrapped format: run `safepassage keys wrap` first, "
    "so the new key is never written to disk in the clear."
)


def sealed_fields() -> Iterator[tuple[type[models.Model], list[Any]]]:
    """Every model with encrypted columns, and those columns."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        if fields:
            yield model, fields


def key_usage() -> Counter[str]:
    """How many stored values each key id seals."""
    usage: Counter[str] = Counter()
    for model, fields in sealed_fields():
        for field in fields:
            for value in model._base_manager.exclude(**{f"{field.attname}__isnull": True}).values_list(
                field.attname, flat=True
            ):
                usage[key_id_of(value.text if isinstance(value, Sealed) else value)] += 1
    return usage


def _reseal_batch(model: type[models.Model], fields: list[Any], pks: list[Any], ring: Keyring) -> int:
    changed = 0
    with transaction.atomic():
        # Row locks: a concurrent edit of the same row waits, then seals its own fresh value.
        rows = (
            model._base_manager.select_for_update()
            .filter(pk__in=pks)
            .values_list("pk", row_key_of(model), *[f.attname for f in fields])
        )
        for pk, key, *values in rows:
            updates = {}
            for field, value in zip(fields, values, strict=True):
                if value is None or key_id_of(value.text) == ring.active:
                    continue
                aad = f"{sealed_label_of(model)}.{field.name}:{key}"
                updates[field.attname] = seal(ring, open_sealed(ring, value.text, aad), aad)
            if updates:
                model._base_manager.filter(pk=pk).update(**updates)
                changed += 1
    return changed


def reencrypt_all(batch: int = 200, progress: Progress = SILENT) -> int:
    """Re-seal every value not under the active key; repeat until a full pass finds none left.

    Safe to stop at any point and run again: rows already under the active key are skipped, and
    a process that sealed with the old key just before it saw the new file is caught by the next pass.
    """
    total, sweep = 0, 1
    while True:
        ring = keyring()
        changed = 0
        work = [
            (model, fields, list(model._base_manager.order_by("pk").values_list("pk", flat=True)))
            for model, fields in sealed_fields()
        ]
        progress.stage(f"re-encrypting, pass {sweep}", total=sum(len(pks) for _, _, pks in work))
        for model, fields, pks in work:
            progress.describe(f"re-encrypting {model._meta.label}, pass {sweep}")
            for start in range(0, len(pks), batch):
                chunk = pks[start : start + batch]
                changed += _reseal_batch(model, fields, chunk, ring)
                progress.advance(len(chunk))
        progress.close()
        sweep += 1
        total += changed
        if changed == 0:
            return total


def rotate(batch: int = 200, progress: Progress = SILENT) -> tuple[str, int]:
    """Add a new active key (unless an earlier rotation was cut short), then re-encrypt everything."""
    path = Path(settings.FIELD_KEYS_PATH)
    ring = keyring()
    if not ring.kek_spec:
        raise ValueError(ERR_PLAIN)
    unfinished = any(kid != ring.active for kid in key_usage())
    if not unfinished:
        kek = resolve_kek(ring.kek_spec, path)
        ring = ring.with_new_active_key()
        write_keyring(path, ring.to_document(kek, {k: v for k, v in ring.kek_spec.items() if k != "check"}))
    return ring.active, reencrypt_all(batch=batch, progress=progress)


def wrap_plain_keyring(kek: bytes, spec: dict[str, Any]) -> None:
    """Convert an old unwrapped keyring (format 1) to the wrapped format; key ids stay.

    It gains the audit and context keys; `init` then fixes how many old events stay unkeyed.
    """
    path = Path(settings.FIELD_KEYS_PATH)
    ring = keyring().with_trust_keys(legacy_until=None)
    write_keyring(path, ring.to_document(kek, spec))


def _rewrite(ring: Keyring) -> None:
    path = Path(settings.FIELD_KEYS_PATH)
    if not ring.kek_spec:
        raise ValueError(ERR_PLAIN)
    kek = resolve_kek(ring.kek_spec, path)
    write_keyring(path, ring.to_document(kek, {k: v for k, v in ring.kek_spec.items() if k != "check"}))


def rotate_audit_key() -> int:
    """A new audit key epoch for every event from now on; the older keys stay to verify the chain.

    Under the chain's head lock, so no append is half-way between the old epoch and the new one.
    """
    from safepassage.audit.chain import GENESIS_HASH
    from safepassage.audit.models import AuditHead

    with transaction.atomic():
        AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        ring = keyring().with_new_audit_epoch()
        _rewrite(ring)
    return ring.audit_epoch


def settle_legacy_audit_events() -> int | None:
    """After an upgrade: the events already written stay under the old unkeyed rule, no later one.

    Returns the number fixed in the keyring, or None when it was fixed already.
    """
    from safepassage.audit.chain import GENESIS_HASH
    from safepassage.audit.models import AuditHead

    ring = keyring()
    if ring.audit_legacy_until is not None or not ring.audit_keys:
        return None
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        _rewrite(ring.with_legacy_until(head.seq))
    return int(head.seq)
