"""Explanations: a determination as numbered sentences, each with its rule, citation and mark."""

from __future__ import annotations

import json
from typing import Any

from safepassage.law.counterfactual import what_would_change
from safepassage.law.positions import POSITION_TABLE
from safepassage.law.rules import REGISTRY

DISPUTED_ACKNOWLEDGEMENT = (
    "Disputed view (STATUS-9): before the deployment was acknowledged, officials and NGOs "
    "questioned whether GC III applied, and it is unsettled whether repatriation means the state "
    "of nationality or the state whose documents he carried; the engine repatriates to the "
    "nationality and never makes status depend on acknowledgement.")


def _facts_text(used: dict[str, Any]) -> str:
    if not used:
        return "no case facts"
    return "; ".join(f"{key}={json.dumps(value, ensure_ascii=False)}"
                     for key, value in used.items())


def _sentence(entry: dict[str, Any]) -> str:
    mark = "V" if entry["verified"] else "U"
    if entry["rule"] == "POSITION":
        p = POSITION_TABLE[entry["result"]]
        return (f"Position {p.name} ({p.label}): {p.summary} [POSITION, {entry['citation']}, "
                f"{mark}]")
    rule = REGISTRY[entry["rule"]]
    return (f"{rule.statement} Here: {entry['result']}. [{rule.id}, {entry['citation']}, {mark}; "
            f"facts used: {_facts_text(entry['facts'])}]")


def _summary(result: dict[str, Any]) -> list[str]:
    pathways = "; ".join(
        f"{p['code']}{' to ' + p['destination'] if p['destination'] else ''}: {p['state']}"
        + (f" ({', '.join(p['blockers'])})" if p["blockers"] else "")
        for p in result["pathways"])
    exchange = result["exchange"]
    refoulement = result["non_refoulement"]
    return [
        f"Status: {result['status']['code']} ({', '.join(result['status']['citations'])}).",
        f"Repatriation: {result['repatriation']['code']} "
        f"({', '.join(result['repatriation']['citations'])}).",
        "Exchange: " + ("eligible." if exchange["eligible"]
                        else f"not eligible ({', '.join(exchange['reasons'])})."),
        "Non-refoulement: " + ("does not apply." if not refoulement["applies"] else
                               ("applies, absolutely" if refoulement["absolute"] else "applies")
                               + f" ({', '.join(refoulement['citations'])})."),
        f"Refugee claim: {result['refugee_claim']['code']} "
        f"({', '.join(result['refugee_claim']['citations'])}).",
        f"Pathways: {pathways}.",
        "Actions: " + (", ".join(a["code"] for a in result["actions"]) or "none") + ".",
    ]


def explain(result: dict[str, Any], facts: dict[str, Any] | None = None) -> list[str]:
    """Numbered sentences: the answer, then every rule that fired with its citation, its
    [V]/[U] mark and the facts it used, then each missing fact and what it would change.

    Pass the `facts` the result came from to learn, for each missing fact, which values would
    change the answer (docassemble style); without them each missing fact is only named."""
    lines = [*_summary(result)]
    lines.extend(f"Warning: {warning}" for warning in result.get("warnings", ()))
    disputed = False
    for entry in result["trace"]:
        lines.append(_sentence(entry))
        if entry["rule"] == "STATUS-9" and not disputed:
            lines.append(DISPUTED_ACKNOWLEDGEMENT)
            disputed = True
    for key in result["missing_facts"]:
        if facts is None:
            lines.append(f"Missing fact {key}: not given; the answer above is the most protective "
                         "one the known facts allow.")
        else:
            lines.append(what_would_change(result, facts, key))
    return [f"{number}. {line}" for number, line in enumerate(lines, start=1)]
