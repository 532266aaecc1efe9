"""Checkpoint signatures: a round trip verifies; another message, key or signature does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepassage.crypto.signing import (
    SigningKeyError,
    load_signing_key,
    new_signing_key_pem,
    public_key_b64,
    sign_b64,
    signature_valid,
)


def key_at(tmp_path: Path, name: str = "k.pem") -> object:
    path = tmp_path / name
    path.write_text(new_signing_key_pem())
    return load_signing_key(path)


def test_a_signature_verifies_with_the_public_key_alone(tmp_path: Path) -> None:
    key = key_at(tmp_path)
    signature = sign_b64(key, b"size=3 root=abc")
    assert signature_valid(public_key_b64(key), b"size=3 root=abc", signature)


def test_another_message_key_or_garbled_signature_is_refused(tmp_path: Path) -> None:
    key, other = key_at(tmp_path), key_at(tmp_path, "other.pem")
    signature = sign_b64(key, b"size=3")
    assert not signature_valid(public_key_b64(key), b"size=4", signature)
    assert not signature_valid(public_key_b64(other), b"size=3", signature)
    assert not signature_valid(public_key_b64(key), b"size=3", "not base64!")
    assert not signature_valid("short", b"size=3", signature)


def test_a_missing_key_file_says_to_run_init(tmp_path: Path) -> None:
    with pytest.raises(SigningKeyError, match="safepassage init"):
        load_signing_key(tmp_path / "absent.pem")
