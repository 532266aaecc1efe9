"""Facts in, determination out: runs the scopes in order and assembles the docs/assess.md output."""

from __future__ import annotations

from datetime import date
from typing import Any

from safepassage.law.data import party_on
from safepassage.law.derive import derive
from safepassage.law.facts import Facts
from safepassage.law.instruments import api
from safepassage.law.positions import Position
from safepassage.law.scope import Run
from safepassage.law.scopes.actions import decide_actions
from safepassage.law.scopes.exchange import decide_exchange
from safepassage.law.scopes.pathways import decide_pathways
from safepassage.law.scopes.protection import decide_non_refoulement, decide_refugee_claim
from safepassage.law.scopes.repatriation import decide_repatriation
from safepassage.law.scopes.status import decide_status
from safepassage.law.trace import head
from safepassage.law.version import ENGINE_VERSION


def determine(clean: dict[str, Any], position: Position, as_of: date | None
              ) -> tuple[dict[str, Any], Run]:
    """Assess validated facts: the output without its trace, and the run holding the trace.

    The facts' own `as_of` wins over the `as_of` argument (a given fact wins), which wins
    over today's date."""
    given_date = clean.get("as_of")
    when = date.fromisoformat(given_date) if given_date else (as_of or date.today())
    run = Run(Facts(clean, when), position)
    run.trace.append((head("POSITION", position.citation, position.verified), (), position.name))
    derive(run)
    run.ap1 = api.binds(run)
    run.echr = party_on("echr", run.facts.detaining_power, when)
    status = decide_status(run)
    # Repatriation and exchange read whether non-refoulement applies, so it is decided first.
    non_refoulement = decide_non_refoulement(run)
    repatriation = decide_repatriation(run)
    exchange = decide_exchange(run)
    refugee_claim = decide_refugee_claim(run)
    pathways = decide_pathways(run)
    actions = decide_actions(run, pathways)
    return {
        "status": status,
        "repatriation": repatriation,
        "exchange": exchange,
        "non_refoulement": non_refoulement,
        "refugee_claim": refugee_claim,
        "pathways": pathways,
        "actions": actions,
        "warnings": run.warnings,
        "missing_facts": list(run.facts.missing),
        "position": position.name,
        "as_of": when.isoformat(),
        "engine_version": ENGINE_VERSION,
    }, run


def evaluate(clean: dict[str, Any], position: Position, as_of: date | None) -> dict[str, Any]:
    """The full output of docs/assess.md for validated facts, trace entries as dicts."""
    result, run = determine(clean, position, as_of)
    used = run.facts.used
    result["trace"] = [{"rule": cited.rule, "citation": cited.citation, "verified": cited.verified,
                        "facts": facts if type(facts) is dict else used(facts) if facts else {},
                        "result": outcome} for cited, facts, outcome in run.trace]
    return result
