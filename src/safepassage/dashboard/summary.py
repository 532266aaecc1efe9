"""The codes a stored determination is counted by: its status and the best state of each pathway."""

from __future__ import annotations

from typing import Any

PATHWAY_KINDS = ("repatriation", "third_state_transfer", "asylum_in_detaining_power", "neutral_internment")
PATHWAY_STATES = ("open", "conditional", "blocked")
# Several third states may each offer a transfer: the person counts once, under the best state.
_RANK = {state: rank for rank, state in enumerate(PATHWAY_STATES)}
ERR_RESULT = "A stored determination has no {what}: it cannot be counted on the dashboard."


def summary_values(result: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """(status code, {pathway kind: best state}) of one determination result (shared/spec/ASSESS.md)."""
    try:
        status = str(result["status"]["code"])
    except (KeyError, TypeError):
        raise ValueError(ERR_RESULT.format(what="status code")) from None
    best: dict[str, str] = {}
    for pathway in result.get("pathways", []):
        kind, state = pathway.get("code"), pathway.get("state")
        if kind not in PATHWAY_KINDS or state not in _RANK:
            continue
        if kind not in best or _RANK[state] < _RANK[best[kind]]:
            best[kind] = state
    return status, best
