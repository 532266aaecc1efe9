"""The handover dossier's cryptography: installation identities, HPKE sealing and Ed25519 signing.

Plain Python (no Django), so another implementation's author can read the whole format in one
place beside docs/handover.md. The encryption is RFC 9180 HPKE in base mode, DHKEM(X25519,
HKDF-SHA256), HKDF-SHA256, AES-256-GCM, from the `cryptography` package; the signature Ed25519 over
the canonical JSON of the envelope. Nothing here is home-made beyond the framing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

FORMAT = "safepassage-handover"
VERSION = 1
PUBLIC_FORMAT = "safepassage-installation"
IDENTITY_FORMAT = "safepassage-handover-identity"
SUITE = "HPKE-base/DHKEM(X25519,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM"
SIGNATURE = "Ed25519"
# Prefixes that bind each signature and hash to its purpose: a signature over one never passes for another.
SIGNING_CONTEXT = b"safepassage-handover/1 envelope\n"
FINGERPRINT_CONTEXT = b"safepassage-installation/1\n"
MAX_FILE_BYTES = 256 * 1024 * 1024

ERR_NOT_JSON = "{name} is not a handover dossier, or was altered: it is not UTF-8 JSON ({detail})."
ERR_NOT_CANONICAL = (
    "{name} has been altered: its bytes are not those its sender wrote (the file must be the canonical "
    "JSON of docs/handover.md, byte for byte)."
)
ERR_SHAPE = "{name} is not a handover dossier: {detail}."
ERR_VERSION = (
    "{name} is format {found!r} version {version!r}; this installation reads {format!r} version {ours}."
)
ERR_SIGNATURE = (
    "{name} has been altered or was not signed by the sender it names: the signature does not verify."
)
ERR_DECRYPT = (
    "{name} cannot be opened with this installation's key: the ciphertext was altered or is not for us."
)
ERR_PUBLIC = "{name} is not an installation's public key file: {detail}."
ERR_FINGERPRINT = "{name}: the fingerprint written in it does not match its keys; the file was altered."
ERR_IDENTITY = "The handover identity {path} is not valid: {detail}."
ERR_TOO_BIG = "{name} is larger than {limit} bytes: not a dossier this installation reads."


class DossierError(Exception):
    """A dossier, public key file or identity is malformed, altered, or not for this installation.

    `code` names the fault (the ERR_ constant's name, lower case, without ERR_) and `params` its
    values, so an application can say it in its user's language.
    """

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template.format(**params) if params else template)
        self.template, self.params = template, params
        self.code = next(
            (k[4:].lower() for k, v in globals().items() if k.startswith("ERR_") and v == template), ""
        )


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: Any, what: str) -> bytes:
    """Strict base64: the text must be exactly the encoding of what it decodes to."""
    if not isinstance(text, str):
        raise ValueError(f"{what} must be a base64 string")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not valid base64") from None
    if b64(raw) != text:
        raise ValueError(f"{what} is not in canonical base64")
    return raw


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value: keys sorted, no spaces, UTF-8 (docs/handover.md)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def record_hash(record_type: str, record_id: str, data: dict[str, Any]) -> str:
    """A record's hash: SHA-256 over the canonical JSON of its type, id and data."""
    return sha256_hex(canonical({"type": record_type, "id": record_id, "data": data}))


def _raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def fingerprint(signing_public: bytes, encryption_public: bytes) -> str:
    """SHA-256 over a context line and both raw public keys, as 64 hex digits."""
    return sha256_hex(FINGERPRINT_CONTEXT + signing_public + encryption_public)


def fingerprint_groups(value: str) -> str:
    """The fingerprint as people compare it on a call: groups of four."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


@dataclass(frozen=True)
class PublicIdentity:
    """What another installation knows of this one: its name and two public keys."""

    name: str
    signing_public: bytes
    encryption_public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_public, self.encryption_public)

    def document(self) -> dict[str, Any]:
        return {
            "format": PUBLIC_FORMAT,
            "version": VERSION,
            "name": self.name,
            "signing_key": b64(self.signing_public),
            "encryption_key": b64(self.encryption_public),
            "fingerprint": self.fingerprint,
        }

    def file_bytes(self) -> bytes:
        return json.dumps(self.document(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def read_public(raw: bytes, name: str = "the public key file") -> PublicIdentity:
    """A public key file, its fingerprint checked against its keys."""
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("format") != PUBLIC_FORMAT or data.get("version") != VERSION:
            raise ValueError(f"expected format {PUBLIC_FORMAT!r} version {VERSION}")
        label = data.get("name")
        if not isinstance(label, str) or not label.strip():
            raise ValueError("it names no installation")
        found = PublicIdentity(
            label.strip(),
            unb64(data.get("signing_key"), "signing_key"),
            unb64(data.get("encryption_key"), "encryption_key"),
        )
        Ed25519PublicKey.from_public_bytes(found.signing_public)
        X25519PublicKey.from_public_bytes(found.encryption_public)
    except (UnicodeDecodeError, ValueError) as exc:
        raise DossierError(ERR_PUBLIC, name=name, detail=exc) from None
    if data.get("fingerprint") != found.fingerprint:
        raise DossierError(ERR_FINGERPRINT, name=name)
    return found


@dataclass(frozen=True)
class Identity:
    """This installation's private keys: Ed25519 to sign what it sends, X25519 to open what it receives."""

    name: str
    signing_key: Ed25519PrivateKey
    encryption_key: X25519PrivateKey

    @classmethod
    def generate(cls, name: str) -> Identity:
        return cls(name, Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @classmethod
    def from_raw(cls, name: str, signing: bytes, encryption: bytes) -> Identity:
        return cls(
            name,
            Ed25519PrivateKey.from_private_bytes(signing),
            X25519PrivateKey.from_private_bytes(encryption),
        )

    @property
    def public(self) -> PublicIdentity:
        return PublicIdentity(
            self.name,
            _raw_public(self.signing_key.public_key()),
            _raw_public(self.encryption_key.public_key()),
        )

    def wrapped_document(self, kek: bytes, kek_spec: dict[str, Any]) -> dict[str, Any]:
        """The file kept beside the field keyring: the private keys under AES-256-GCM by the KEK."""
        return {
            "format": IDENTITY_FORMAT,
            "version": VERSION,
            "name": self.name,
            "kek": kek_spec,
            "signing_key": _wrap(kek, "handover:signing", _raw_private(self.signing_key)),
            "encryption_key": _wrap(kek, "handover:encryption", _raw_private(self.encryption_key)),
            "public": self.public.document(),
        }

    @classmethod
    def from_wrapped(cls, data: dict[str, Any], kek: bytes, path: str) -> Identity:
        try:
            if data.get("format") != IDENTITY_FORMAT or data.get("version") != VERSION:
                raise ValueError(f"expected format {IDENTITY_FORMAT!r} version {VERSION}")
            identity = cls.from_raw(
                str(data["name"]),
                _unwrap(kek, "handover:signing", data["signing_key"]),
                _unwrap(kek, "handover:encryption", data["encryption_key"]),
            )
        except (KeyError, ValueError, InvalidTag) as exc:
            raise DossierError(ERR_IDENTITY, path=path, detail=exc or type(exc).__name__) from None
        return identity


def _wrap(kek: bytes, label: str, key: bytes) -> str:
    nonce = os.urandom(12)
    return b64(nonce + AESGCM(kek).encrypt(nonce, key, label.encode()))


def _unwrap(kek: bytes, label: str, text: str) -> bytes:
    raw = unb64(text, label)
    return AESGCM(kek).decrypt(raw[:12], raw[12:], label.encode())


def _suite() -> Suite:
    return Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)


def hpke_info(dossier_id: str, recipient_fingerprint: str) -> bytes:
    """HPKE's `info`: binds the ciphertext to one dossier id and one recipient."""
    return f"safepassage-handover/1|{dossier_id}|{recipient_fingerprint}".encode("ascii")


def seal_dossier(
    *,
    payload: dict[str, Any],
    sender: Identity,
    recipient: PublicIdentity,
    dossier_id: str,
    created_at: str,
) -> bytes:
    """The file's bytes: the payload encrypted for `recipient`, the envelope signed by `sender`."""
    info = hpke_info(dossier_id, recipient.fingerprint)
    ciphertext = _suite().encrypt(
        canonical(payload), X25519PublicKey.from_public_bytes(recipient.encryption_public), info=info
    )
    me = sender.public
    envelope = {
        "format": FORMAT,
        "version": VERSION,
        "dossier_id": dossier_id,
        "created_at": created_at,
        "sender": {"name": me.name, "fingerprint": me.fingerprint, "signing_key": b64(me.signing_public)},
        "recipient": {"name": recipient.name, "fingerprint": recipient.fingerprint},
        "suite": SUITE,
        "ciphertext": b64(ciphertext),
    }
    signature = sender.signing_key.sign(SIGNING_CONTEXT + canonical(envelope))
    return canonical({"envelope": envelope, "signature": b64(signature), "signature_alg": SIGNATURE}) + b"\n"


@dataclass(frozen=True)
class Envelope:
    """A dossier's outer, signed part, read but not yet verified against a trusted sender."""

    dossier_id: str
    created_at: str
    sender_name: str
    sender_fingerprint: str
    sender_signing_key: bytes
    recipient_name: str
    recipient_fingerprint: str
    ciphertext: bytes
    signed: bytes
    signature: bytes


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where}{key} is missing or not a string")
    return value


def read_envelope(raw: bytes, name: str = "the dossier") -> Envelope:
    """The envelope of a dossier file, checked for form only: nothing is trusted yet."""
    if len(raw) > MAX_FILE_BYTES:
        raise DossierError(ERR_TOO_BIG, name=name, limit=MAX_FILE_BYTES)
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DossierError(ERR_NOT_JSON, name=name, detail=exc) from None
    if not isinstance(document, dict) or not isinstance(document.get("envelope"), dict):
        raise DossierError(ERR_SHAPE, name=name, detail="it has no envelope")
    envelope = document["envelope"]
    if envelope.get("format") != FORMAT or envelope.get("version") != VERSION:
        raise DossierError(
            ERR_VERSION,
            name=name,
            found=envelope.get("format"),
            version=envelope.get("version"),
            format=FORMAT,
            ours=VERSION,
        )
    if canonical(document) + b"\n" != raw:
        raise DossierError(ERR_NOT_CANONICAL, name=name)
    try:
        if (
            set(document) != {"envelope", "signature", "signature_alg"}
            or document["signature_alg"] != SIGNATURE
        ):
            raise ValueError("unexpected top-level fields or signature algorithm")
        if envelope.get("suite") != SUITE:
            raise ValueError(f"suite {envelope.get('suite')!r} is not {SUITE!r}")
        sender, recipient = envelope.get("sender"), envelope.get("recipient")
        if not isinstance(sender, dict) or not isinstance(recipient, dict):
            raise ValueError("sender or recipient missing")
        return Envelope(
            dossier_id=_text(envelope, "dossier_id", ""),
            created_at=_text(envelope, "created_at", ""),
            sender_name=_text(sender, "name", "sender."),
            sender_fingerprint=_text(sender, "fingerprint", "sender."),
            sender_signing_key=unb64(sender.get("signing_key"), "sender.signing_key"),
            recipient_name=_text(recipient, "name", "recipient."),
            recipient_fingerprint=_text(recipient, "fingerprint", "recipient."),
            ciphertext=unb64(envelope.get("ciphertext"), "ciphertext"),
            signed=SIGNING_CONTEXT + canonical(envelope),
            signature=unb64(document.get("signature"), "signature"),
        )
    except ValueError as exc:
        raise DossierError(ERR_SHAPE, name=name, detail=exc) from None


def verify_envelope(envelope: Envelope, sender: PublicIdentity, name: str = "the dossier") -> None:
    """The signature, under the trusted sender's own key (never the key the file carries)."""
    try:
        Ed25519PublicKey.from_public_bytes(sender.signing_public).verify(envelope.signature, envelope.signed)
    except (InvalidSignature, ValueError):
        raise DossierError(ERR_SIGNATURE, name=name) from None


def open_payload(envelope: Envelope, identity: Identity, name: str = "the dossier") -> dict[str, Any]:
    """Decrypt the payload with this installation's key; its canonical form is checked too."""
    info = hpke_info(envelope.dossier_id, identity.public.fingerprint)
    try:
        plain = _suite().decrypt(envelope.ciphertext, identity.encryption_key, info=info)
    except (InvalidTag, ValueError):
        raise DossierError(ERR_DECRYPT, name=name) from None
    try:
        payload = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DossierError(ERR_SHAPE, name=name, detail=f"the payload is not JSON ({exc})") from None
    if not isinstance(payload, dict) or canonical(payload) != plain:
        raise DossierError(ERR_SHAPE, name=name, detail="the payload is not canonical JSON")
    return payload
