"""The witness's copies: each signed checkpoint written once to a directory the operator chooses,
and the chain checked against those copies (`safepassage audit verify --witness DIR`)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from safepassage.audit.checkpoints import chain_leaves, checkpoint_message, signing_key
from safepassage.audit.models import AuditCheckpoint, AuditHead
from safepassage.crypto.merkle import frontier_extend, frontier_root
from safepassage.crypto.signing import public_key_b64, signature_valid

WITNESS_FORMAT = "safepassage-witness-checkpoint/1"
FILE_PATTERN = "checkpoint-{size:012d}.json"
ERR_DIR = "The witness directory {path} does not exist or is not a directory."
ERR_FILE = "witness copy {name}: not a checkpoint ({detail})"
ERR_SIGNATURE = "witness copy of {size} events: its signature does not verify"
ERR_FOREIGN = "witness copy of {size} events: signed by a key that is not this installation's"
ERR_SHORT = "witness copy of {size} events: the chain holds only {count} events"
ERR_ROOT = "witness copy of {size} events: the events no longer hash to the root the witness holds"
ERR_ABSENT = "witness copy of {size} events: the database has no such checkpoint (removed?)"
ERR_DIFFERS = "witness copy of {size} events: the database's checkpoint differs from it"


def witness_dir() -> Path | None:
    value = str(getattr(settings, "SAFEPASSAGE_AUDIT_WITNESS_DIR", "") or "")
    return Path(value) if value else None


def witness_document(cp: AuditCheckpoint) -> dict[str, Any]:
    return {
        "format": WITNESS_FORMAT,
        "public_key_ed25519": cp.public_key,
        "size": cp.size,
        "root": cp.root,
        "at": cp.at.isoformat(timespec="microseconds"),
        "signed_message": checkpoint_message(size=cp.size, root=cp.root, at=cp.at).decode(),
        "signature": cp.signature,
    }


def export_to_witness(directory: Path | None = None) -> int:
    """Write every checkpoint the directory does not hold yet; never overwrite a copy. Returns how many."""
    directory = directory or witness_dir()
    if directory is None:
        return 0
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for cp in AuditCheckpoint.objects.order_by("size"):
        path = directory / FILE_PATTERN.format(size=cp.size)
        if path.exists():
            continue
        text = json.dumps(witness_document(cp), indent=2) + "\n"
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            # A hard link fails if the name exists: a copy once written is never replaced.
            os.link(tmp, path)
            written += 1
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return written


@dataclass(frozen=True)
class WitnessCopy:
    size: int
    root: str
    at: str
    signed_message: str
    signature: str
    public_key: str


def read_witness(directory: Path) -> tuple[list[WitnessCopy], list[str]]:
    """The copies in `directory`, smallest first, and the files that are not copies."""
    if not directory.is_dir():
        raise FileNotFoundError(ERR_DIR.format(path=directory))
    copies, problems = [], []
    for path in sorted(directory.glob("checkpoint-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != WITNESS_FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            copies.append(
                WitnessCopy(
                    int(data["size"]),
                    str(data["root"]),
                    str(data["at"]),
                    str(data["signed_message"]),
                    str(data["signature"]),
                    str(data["public_key_ed25519"]),
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(ERR_FILE.format(name=path.name, detail=exc))
    return sorted(copies, key=lambda c: c.size), problems


@dataclass(frozen=True)
class WitnessReport:
    ok: bool
    checked: int
    latest_size: int | None
    latest_at: str
    head: int
    problems: tuple[str, ...] = ()

    @property
    def gap(self) -> int:
        """Events appended since the latest checkpoint the witness holds."""
        return self.head - (self.latest_size or 0)


def verify_against_witness(directory: Path) -> WitnessReport:
    """Every witness copy: signed by our key, its root rebuilt from today's events, kept by the database."""
    copies, problems = read_witness(directory)
    public = public_key_b64(signing_key())
    stored = {cp.size: cp for cp in AuditCheckpoint.objects.all()}
    head = AuditHead.objects.filter(pk=1).first()
    head_seq = head.seq if head else 0
    frontier, done = [], 0
    for copy in copies:
        size = copy.size
        if copy.public_key != public:
            problems.append(ERR_FOREIGN.format(size=size))
        if not signature_valid(copy.public_key, copy.signed_message.encode(), copy.signature):
            problems.append(ERR_SIGNATURE.format(size=size))
        elif json.loads(copy.signed_message).get("root") != copy.root:
            problems.append(ERR_SIGNATURE.format(size=size))
        leaves = chain_leaves(size, after=done)
        frontier, done = frontier_extend(frontier, leaves), done + len(leaves)
        if done < size:
            problems.append(ERR_SHORT.format(size=size, count=done))
        elif frontier_root(frontier).hex() != copy.root:
            problems.append(ERR_ROOT.format(size=size))
        mine = stored.get(size)
        if mine is None:
            problems.append(ERR_ABSENT.format(size=size))
        elif (mine.root, mine.signature) != (copy.root, copy.signature):
            problems.append(ERR_DIFFERS.format(size=size))
    latest = copies[-1] if copies else None
    return WitnessReport(
        not problems,
        len(copies),
        latest.size if latest else None,
        latest.at if latest else "",
        head_seq,
        tuple(problems),
    )
