"""The encryption core: sealing round trips, binding to its row, and blind indexes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safepassage.crypto import (
    CipherError,
    Keyring,
    KeyringError,
    blind_index,
    normalise_for_index,
    open_sealed,
    seal,
)
from safepassage.home import FIELD_KEYS_FILE, SECRET_KEY_FILE, ensure_home


@pytest.fixture
def ring(tmp_path: Path) -> Keyring:
    ensure_home(tmp_path)
    return Keyring.from_file(tmp_path / FIELD_KEYS_FILE)


def test_a_sealed_value_opens_to_the_same_text(ring: Keyring) -> None:
    sealed = seal(ring, "리명학".encode(), "registry.nameform.text:1")
    assert "리명학".encode() == open_sealed(ring, sealed, "registry.nameform.text:1")


def test_a_sealed_value_does_not_contain_the_plaintext_and_differs_each_time(ring: Keyring) -> None:
    first = seal(ring, b"Kim Chol Nam", "a:1")
    second = seal(ring, b"Kim Chol Nam", "a:1")
    assert first != second
    assert "Kim" not in first
    assert first.startswith("v1:k1:")


def test_a_value_moved_to_another_row_fails_authentication(ring: Keyring) -> None:
    sealed = seal(ring, b"secret", "registry.nameform.text:1")
    with pytest.raises(CipherError, match="moved to another row"):
        open_sealed(ring, sealed, "registry.nameform.text:2")


def test_a_flipped_byte_fails_authentication(ring: Keyring) -> None:
    sealed = seal(ring, b"secret", "x:1")
    prefix, body = sealed.rsplit(":", 1)
    tampered = prefix + ":" + ("A" if body[5] != "A" else "B").join([body[:5], body[6:]])
    with pytest.raises(CipherError):
        open_sealed(ring, tampered, "x:1")


def test_a_malformed_value_is_refused_with_its_expected_shape(ring: Keyring) -> None:
    with pytest.raises(CipherError, match="expected 'v1:<key id>:<base64>'"):
        open_sealed(ring, "plain text", "x:1")


def test_ensure_home_never_overwrites_existing_keys(tmp_path: Path) -> None:
    ensure_home(tmp_path)
    before = (tmp_path / FIELD_KEYS_FILE).read_text(), (tmp_path / SECRET_KEY_FILE).read_text()
    ensure_home(tmp_path)
    assert before == ((tmp_path / FIELD_KEYS_FILE).read_text(), (tmp_path / SECRET_KEY_FILE).read_text())
    assert (tmp_path / FIELD_KEYS_FILE).stat().st_mode & 0o077 == 0


def test_a_keyring_whose_active_key_is_missing_is_refused(tmp_path: Path) -> None:
    ensure_home(tmp_path)
    path = tmp_path / FIELD_KEYS_FILE
    data = json.loads(path.read_text())
    data["active"] = "k9"
    path.write_text(json.dumps(data))
    with pytest.raises(KeyringError, match="active key 'k9'"):
        Keyring.from_file(path)


def test_a_missing_keyring_tells_to_run_init(tmp_path: Path) -> None:
    with pytest.raises(KeyringError, match="safepassage init"):
        Keyring.from_file(tmp_path / "nope.json")


def test_normalisation_folds_case_spacing_and_hyphens() -> None:
    assert normalise_for_index("  Jong-Un  KIM ") == normalise_for_index("jong un kim")


def test_blind_indexes_differ_per_purpose_and_agree_for_equal_values(ring: Keyring) -> None:
    a = blind_index(ring, "registry.nameform.text", "kim")
    assert a == blind_index(ring, "registry.nameform.text", "kim")
    assert a != blind_index(ring, "registry.identitydocument.number", "kim")
    assert len(a) == 16
