"""Facts in, determination out: runs the scopes in order and assembles the ASSESS.md output."""

from __future__ import annotations

from datetime import date
from typing import Any

from safepassage.law.derive import derive
from safepassage.law.facts import Facts
from safepassage.law.positions import Position
from safepassage.law.scope import Run
from safepassage.law.scopes.actions import decide_actions
from safepassage.law.scopes.exchange import decide_exchange
from safepassage.law.scopes.pathways import decide_pathways
from safepassage.law.scopes.protection import decide_non_refoulement, decide_refugee_claim
from safepassage.law.scopes.repatriation import decide_repatriation
from safepassage.law.scopes.status import decide_status
from safepassage.law.version import ENGINE_VERSION

Trace = list[tuple[str, str, bool, dict[str, Any], str]]


def determine(clean: dict[str, Any], position: Position, as_of: date | None
              ) -> tuple[dict[str, Any], Trace]:
    """Assess validated facts: the output without its trace, and the trace as tuples.

    The facts' own `as_of` wins over the `as_of` argument (a given fact wins), which wins
    over today's date."""
    given_date = clean.get("as_of")
    when = date.fromisoformat(given_date) if given_date else (as_of or date.today())
    run = Run(Facts(clean, when), position)
    run.trace.append(("POSITION", position.citation, position.verified, {}, position.name))
    derive(run)
    status = decide_status(run)
    repatriation = decide_repatriation(run)
    exchange = decide_exchange(run)
    non_refoulement = decide_non_refoulement(run)
    refugee_claim = decide_refugee_claim(run)
    pathways = decide_pathways(run)
    actions = decide_actions(run)
    return {
        "status": status,
        "repatriation": repatriation,
        "exchange": exchange,
        "non_refoulement": non_refoulement,
        "refugee_claim": refugee_claim,
        "pathways": pathways,
        "actions": actions,
        "missing_facts": list(run.facts.missing),
        "position": position.name,
        "warnings": list(position.warnings),
        "as_of": when.isoformat(),
        "engine_version": ENGINE_VERSION,
    }, run.trace


def evaluate(clean: dict[str, Any], position: Position, as_of: date | None) -> dict[str, Any]:
    """The full output of ASSESS.md for validated facts, trace entries as dicts."""
    result, trace = determine(clean, position, as_of)
    result["trace"] = [{"rule": rule, "citation": citation, "verified": verified, "facts": facts,
                        "result": outcome} for rule, citation, verified, facts, outcome in trace]
    return result
