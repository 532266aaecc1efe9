"""This installation's handover keys in the test's own directory, and another installation, Korea,
whose keys the test holds (it sends dossiers to us and receives ours)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from safepassage.crypto.dossier import Identity
from safepassage.handover import services
from safepassage.handover.identity import identity_create
from safepassage.handover.models import TrustedInstallation


@pytest.fixture
def own_keys(settings: Any, tmp_path: Path) -> Identity:
    settings.HANDOVER_IDENTITY_PATH = tmp_path / "keys" / "handover-identity.json"
    settings.HANDOVER_INBOX = tmp_path / "inbox"
    return identity_create("Ukraine (test)")


@pytest.fixture
def korea_keys() -> Identity:
    return Identity.generate("Korea (test)")


@pytest.fixture
def korea(own_keys: Identity, korea_keys: Identity, users: dict[str, Any]) -> TrustedInstallation:
    """Korea, trusted here as sender and recipient (its fingerprint compared out of band)."""
    return services.trust_add(actor=users["lev"], public=korea_keys.public, name="Korea", state="KR")
