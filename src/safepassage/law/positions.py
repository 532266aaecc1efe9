"""Positions on the open questions of docs/law.md, read from data/positions.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from safepassage.law.data import load

ERR_POSITION = "unknown position {name!r}; allowed positions: {allowed}"


@dataclass(frozen=True, slots=True)
class Position:
    """How one position answers the open questions; see data/positions.yaml for each field."""

    name: str
    label: str
    summary: str
    reference: str
    citation: str
    verified: bool
    honour_refusal: bool
    refusal_without_risk: str


def _load() -> dict[str, Position]:
    table = {}
    for name, row in load("positions").items():
        table[name] = Position(
            name=name, label=row["label"], summary=row["summary"], reference=row["reference"],
            citation=row["citation"], verified=row["verified"],
            honour_refusal=row["honour_refusal"], refusal_without_risk=row["refusal_without_risk"])
    return table


POSITION_TABLE: dict[str, Position] = _load()
POSITIONS: tuple[str, ...] = tuple(POSITION_TABLE)
DEFAULT_POSITION = "icrc_2020"


def position(name: str) -> Position:
    try:
        return POSITION_TABLE[name]
    except KeyError:
        raise ValueError(ERR_POSITION.format(name=name, allowed=", ".join(POSITIONS))) from None
