"""The dossier's cryptography without Django: identities, public key files, sealing and opening."""

from __future__ import annotations

import json
import os

import pytest

from safepassage.crypto.dossier import (
    DossierError,
    Identity,
    fingerprint_groups,
    open_payload,
    read_envelope,
    read_public,
    seal_dossier,
    verify_envelope,
)

KEK = bytes(range(32))


def _sealed(sender: Identity, recipient: Identity) -> bytes:
    return seal_dossier(
        payload={"records": [{"name": "한가람"}]},
        sender=sender,
        recipient=recipient.public,
        dossier_id="d-1",
        created_at="2026-12-01T09:00:00+00:00",
    )


def test_a_dossier_opens_only_for_its_recipient_and_verifies_only_under_its_sender() -> None:
    ukraine, korea, third = (Identity.generate(n) for n in ("Ukraine", "Korea", "Third"))
    envelope = read_envelope(_sealed(ukraine, korea))
    verify_envelope(envelope, ukraine.public)
    assert {"records": [{"name": "한가람"}]} == open_payload(envelope, korea)
    with pytest.raises(DossierError) as wrong_key:
        open_payload(envelope, third)
    assert "decrypt" == wrong_key.value.code
    with pytest.raises(DossierError) as wrong_sender:
        verify_envelope(envelope, third.public)
    assert "signature" == wrong_sender.value.code


def test_every_single_byte_changed_is_refused() -> None:
    ukraine, korea = Identity.generate("Ukraine"), Identity.generate("Korea")
    raw = _sealed(ukraine, korea)
    for at in range(0, len(raw), 7):
        changed = bytearray(raw)
        changed[at] ^= 0x20
        with pytest.raises(DossierError):
            envelope = read_envelope(bytes(changed))
            verify_envelope(envelope, ukraine.public)
            open_payload(envelope, korea)


def test_a_file_re_serialised_with_other_spacing_is_refused_as_altered() -> None:
    ukraine, korea = Identity.generate("Ukraine"), Identity.generate("Korea")
    spaced = json.dumps(json.loads(_sealed(ukraine, korea)), indent=1).encode() + b"\n"
    with pytest.raises(DossierError) as refused:
        read_envelope(spaced, "spaced.json")
    assert "not_canonical" == refused.value.code and "spaced.json has been altered" in str(refused.value)


def test_a_public_key_file_whose_fingerprint_does_not_match_its_keys_is_refused() -> None:
    public = Identity.generate("Korea").public
    assert public == read_public(public.file_bytes())
    document = public.document()
    document["fingerprint"] = "0" * 64
    with pytest.raises(DossierError) as refused:
        read_public(json.dumps(document).encode(), "kr.json")
    assert "fingerprint" == refused.value.code
    assert 16 == len(fingerprint_groups(public.fingerprint).split())


def test_the_private_keys_are_kept_wrapped_and_open_only_with_their_kek() -> None:
    identity = Identity.generate("Ukraine")
    document = identity.wrapped_document(KEK, {"kdf": "none"})
    text = json.dumps(document)
    assert identity.public.fingerprint == Identity.from_wrapped(document, KEK, "id.json").public.fingerprint
    with pytest.raises(DossierError) as refused:
        Identity.from_wrapped(document, os.urandom(32), "id.json")
    assert "identity" == refused.value.code
    assert "signing_private" not in text and document["signing_key"] != document["encryption_key"]
