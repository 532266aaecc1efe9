"""Scan uploads: the type is read from the file's first bytes, never trusted from the client."""

from __future__ import annotations

# Magic numbers of the accepted formats, longest first where they share a prefix.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def sniff_content_type(data: bytes) -> str | None:
    """The accepted content type whose signature starts `data`, or None."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None
