"""Data keys are stored wrapped by a key-encryption key that is not in the keyring file."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from safepassage.crypto import Keyring, KeyringError, open_sealed, seal
from safepassage.crypto.kek import new_kek_text
from safepassage.home import FIELD_KEYS_FILE, KEK_FILE, ensure_home


@pytest.fixture(autouse=True)
def _no_kek_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SAFEPASSAGE_KEK",
        "SAFEPASSAGE_KEK_FILE",
        "SAFEPASSAGE_PASSPHRASE",
        "SAFEPASSAGE_PASSPHRASE_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


def document(home: Path) -> dict:
    return json.loads((home / FIELD_KEYS_FILE).read_text())


def test_a_new_home_wraps_its_keys_with_a_kek_kept_in_a_separate_file(tmp_path: Path) -> None:
    ensure_home(tmp_path)
    doc = document(tmp_path)
    assert (2, "none") == (doc["format"], doc["kek"]["kdf"])
    ring = Keyring.from_file(tmp_path / FIELD_KEYS_FILE)
    raw_keys = [base64.b64encode(k).decode() for k in (*ring.keys.values(), ring.index_key)]
    text = (tmp_path / FIELD_KEYS_FILE).read_text()
    assert [] == [k for k in raw_keys if k in text]
    assert (tmp_path / KEK_FILE).stat().st_mode & 0o077 == 0


def test_the_keyring_without_its_kek_opens_nothing(tmp_path: Path) -> None:
    ensure_home(tmp_path)
    (tmp_path / KEK_FILE).unlink()
    with pytest.raises(KeyringError, match="No key-encryption key"):
        Keyring.from_file(tmp_path / FIELD_KEYS_FILE)


def test_a_wrong_kek_from_the_environment_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_home(tmp_path)
    monkeypatch.setenv("SAFEPASSAGE_KEK", new_kek_text())
    with pytest.raises(KeyringError, match="does not open the field keyring"):
        Keyring.from_file(tmp_path / FIELD_KEYS_FILE)


def test_a_kek_from_the_environment_leaves_no_kek_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kek_file = tmp_path / "elsewhere"
    kek_file.write_text(new_kek_text())
    monkeypatch.setenv("SAFEPASSAGE_KEK_FILE", str(kek_file))
    ensure_home(tmp_path / "home")
    assert not (tmp_path / "home" / KEK_FILE).exists()
    ring = Keyring.from_file(tmp_path / "home" / FIELD_KEYS_FILE)
    monkeypatch.delenv("SAFEPASSAGE_KEK_FILE")
    with pytest.raises(KeyringError, match="SAFEPASSAGE_KEK"):
        Keyring.from_file(tmp_path / "home" / FIELD_KEYS_FILE)
    assert "k1" == ring.active


def test_a_passphrase_derives_the_kek_with_argon2id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEPASSAGE_PASSPHRASE", "a single user's long passphrase")
    ensure_home(tmp_path)
    spec = document(tmp_path)["kek"]
    assert ("argon2id", 65536, 3) == (spec["kdf"], spec["memory_cost"], spec["time_cost"])
    assert not (tmp_path / KEK_FILE).exists()
    ring = Keyring.from_file(tmp_path / FIELD_KEYS_FILE)
    sealed = seal(ring, b"secret", "a:1")
    monkeypatch.setenv("SAFEPASSAGE_PASSPHRASE", "a wrong passphrase")
    with pytest.raises(KeyringError, match="does not open"):
        Keyring.from_file(tmp_path / FIELD_KEYS_FILE)
    monkeypatch.delenv("SAFEPASSAGE_PASSPHRASE")
    with pytest.raises(KeyringError, match="SAFEPASSAGE_PASSPHRASE"):
        Keyring.from_file(tmp_path / FIELD_KEYS_FILE)
    monkeypatch.setenv("SAFEPASSAGE_PASSPHRASE", "a single user's long passphrase")
    assert b"secret" == open_sealed(Keyring.from_file(tmp_path / FIELD_KEYS_FILE), sealed, "a:1")


def test_a_wrapped_key_moved_to_another_key_id_is_refused(tmp_path: Path) -> None:
    ensure_home(tmp_path)
    doc = document(tmp_path)
    doc["keys"]["k1"] = doc["index_key"]
    (tmp_path / FIELD_KEYS_FILE).write_text(json.dumps(doc))
    with pytest.raises(KeyringError, match="not valid"):
        Keyring.from_file(tmp_path / FIELD_KEYS_FILE)


def test_an_old_unwrapped_keyring_is_still_read(tmp_path: Path) -> None:
    key, index = base64.b64encode(b"k" * 32).decode(), base64.b64encode(b"i" * 32).decode()
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"format": 1, "active": "k1", "keys": {"k1": key}, "index_key": index}))
    ring = Keyring.from_file(path)
    assert (b"k" * 32, b"i" * 32, {}) == (ring.keys["k1"], ring.index_key, ring.kek_spec)


def test_a_new_active_key_keeps_the_old_ones(tmp_path: Path) -> None:
    ensure_home(tmp_path)
    ring = Keyring.from_file(tmp_path / FIELD_KEYS_FILE)
    sealed = seal(ring, b"old", "a:1")
    newer = ring.with_new_active_key()
    assert ("k2", ring.index_key) == (newer.active, newer.index_key)
    assert b"old" == open_sealed(newer, sealed, "a:1")
    assert seal(newer, b"new", "a:1").startswith("v1:k2:")
