"""Chunked AES-256-GCM for large files: each chunk bound to the header, its index and the end mark."""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"SAFEPASSAGE-BACKUP-1\n"
CHUNK = 1024 * 1024
ERR_MAGIC = "This is not a SafePassage backup (its first bytes are wrong)."
ERR_TAMPERED = "The backup is damaged, truncated or was made with another key-encryption key."


class StreamError(Exception):
    """An encrypted stream cannot be opened: wrong key, altered, reordered or cut short."""


def stream_key(kek: bytes, salt: bytes) -> bytes:
    """A key for this one file, derived from the KEK and a random salt stored in its header."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"safepassage-backup").derive(kek)


def _aad(header_digest: bytes, index: int, last: bool) -> bytes:
    return header_digest + struct.pack(">Q?", index, last)


def encrypt_stream(src: BinaryIO, dst: BinaryIO, kek: bytes, header: bytes) -> None:
    """Write MAGIC, the clear header (length-prefixed), a salt, then sealed chunks; the last is marked."""
    salt = os.urandom(16)
    dst.write(MAGIC + struct.pack(">I", len(header)) + header + salt)
    aead = AESGCM(stream_key(kek, salt))
    digest = hashlib.sha256(MAGIC + header + salt).digest()
    index, chunk = 0, src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        last = not following
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, chunk, _aad(digest, index, last))
        dst.write(struct.pack(">I", len(sealed)) + nonce + sealed)
        if last:
            return
        index, chunk = index + 1, following


def read_header(src: BinaryIO) -> bytes:
    if src.read(len(MAGIC)) != MAGIC:
        raise StreamError(ERR_MAGIC)
    (length,) = struct.unpack(">I", src.read(4))
    return src.read(length)


def decrypt_stream(src: BinaryIO, kek: bytes, header: bytes) -> Iterator[bytes]:
    """Yield plaintext chunks of a stream positioned after its header; raise on any fault."""
    salt = src.read(16)
    aead = AESGCM(stream_key(kek, salt))
    digest = hashlib.sha256(MAGIC + header + salt).digest()
    index = 0
    while True:
        prefix = src.read(4)
        if len(prefix) != 4:
            raise StreamError(ERR_TAMPERED)
        (length,) = struct.unpack(">I", prefix)
        nonce, sealed = src.read(12), src.read(length)
        for last in (False, True):
            try:
                plain = aead.decrypt(nonce, sealed, _aad(digest, index, last))
            except InvalidTag:
                continue
            yield plain
            if last:
                if src.read(1):
                    raise StreamError(ERR_TAMPERED)
                return
            break
        else:
            raise StreamError(ERR_TAMPERED)
        index += 1
