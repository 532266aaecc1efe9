"""The dated data files under law/data, loaded once and shaped for fast look-ups."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Parse law/data/<name>.yaml once; YAML dates arrive as `datetime.date`."""
    text = resources.files("safepassage.law").joinpath("data", f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def _parties(treaty: str) -> dict[str, date]:
    return {state: row["since"] for state, row in load("parties")[treaty]["states"].items()}


@cache
def _left(treaty: str) -> dict[str, date]:
    return {state: row["until"] for state, row in load("parties")[treaty]["states"].items()
            if "until" in row}


def party_since(treaty: str, state: str) -> date | None:
    """The date `state` became bound by `treaty` (`gc`, `ap1`, `echr`), None when not recorded."""
    return _parties(treaty).get(state)


def party_on(treaty: str, state: str | None, when: date) -> bool:
    """Whether `state` was bound by `treaty` on `when` (a state that left is not, from `until`)."""
    if state is None:
        return False
    since = _parties(treaty).get(state)
    if since is None or since > when:
        return False
    until = _left(treaty).get(state)
    return until is None or when < until


@cache
def deployment_for(nationality: str | None, forces_of: str | None, detaining_power: str | None
                   ) -> dict[str, Any] | None:
    """The recorded deployment this person belongs to, matched on nationality and adversary."""
    for deployment in load("acknowledgements")["deployments"]:
        if nationality != deployment["nationality"]:
            continue
        if detaining_power not in deployment["against"]:
            continue
        if forces_of is not None and forces_of not in deployment["forces_of"]:
            continue
        return deployment  # type: ignore[no-any-return]
    return None


@cache
def nationality_laws_for(nationality: str) -> tuple[dict[str, Any], ...]:
    return tuple(law for law in load("states")["nationality_laws"]
                 if nationality in law["treats_as_nationals"])


@cache
def statements() -> tuple[dict[str, Any], ...]:
    """Stated positions of states, in date order."""
    return tuple(sorted(load("states")["statements"], key=lambda row: row["date"]))


@cache
def willing_statements(nationality: str) -> tuple[dict[str, Any], ...]:
    """Statements, in date order, of states willing to receive nationals of `nationality`."""
    return tuple(row for row in statements()
                 if nationality in row.get("willing_for_nationals_of", ()))


@cache
def channel_between(a: str | None, b: str | None) -> dict[str, Any] | None:
    for channel in load("exchanges")["channels"]:
        if a in channel["parties"] and b in channel["parties"]:
            return channel  # type: ignore[no-any-return]
    return None


@cache
def exchanges_between(a: str | None, b: str | None) -> tuple[dict[str, Any], ...]:
    return tuple(row for row in load("exchanges")["exchanges"]
                 if a in row["parties"] and b in row["parties"])


def procedure(name: str) -> dict[str, Any]:
    return load("procedures")[name]  # type: ignore[no-any-return]
