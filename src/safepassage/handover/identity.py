"""This installation's handover identity: the key file beside the field keyring, wrapped by its KEK."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from safepassage.crypto.dossier import DossierError, Identity
from safepassage.crypto.kek import KekError, resolve_kek

ERR_NO_IDENTITY = _(
    "This installation has no handover keys yet: run `safepassage handover keys --name NAME` to create them."
)
ERR_NO_KEYRING = _("The field keyring %(path)s does not exist: run `safepassage init` first.")


def identity_path() -> Path:
    return Path(settings.HANDOVER_IDENTITY_PATH)


def identity_exists() -> bool:
    return identity_path().exists()


def _kek_of_keyring() -> tuple[bytes, dict[str, object]]:
    """The field keyring's KEK and its spec: the handover keys are wrapped by the same one."""
    path = Path(settings.FIELD_KEYS_PATH)
    if not path.exists():
        raise DossierError(ERR_NO_KEYRING % {"path": path})
    spec = dict(json.loads(path.read_text(encoding="utf-8")).get("kek") or {})
    try:
        kek = resolve_kek(spec, path)
    except KekError as exc:
        raise DossierError(str(exc)) from exc
    return kek, {k: v for k, v in spec.items()}


def identity_load() -> Identity:
    path = identity_path()
    if not path.exists():
        raise DossierError(ERR_NO_IDENTITY)
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        kek = resolve_kek(dict(data.get("kek") or {}), Path(settings.FIELD_KEYS_PATH))
    except KekError as exc:
        raise DossierError(str(exc)) from exc
    return Identity.from_wrapped(data, kek, str(path))


def identity_create(name: str) -> Identity:
    """New keys under `name`; an existing identity is never replaced (its key file is kept)."""
    path = identity_path()
    kek, spec = _kek_of_keyring()
    identity = Identity.generate(name.strip())
    document = identity.wrapped_document(kek, spec)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return identity
