"""`non_refoulement` and `refugee_claim`: the human-rights bar on return and the refugee route."""

from __future__ import annotations

from typing import Any

from safepassage.law.instruments import refugee
from safepassage.law.instruments.human_rights import (
    ABSOLUTE_CITATIONS,
    REPAT_4,
    UNKNOWN_KINDS_CITATIONS,
)
from safepassage.law.scope import Clause, Run, determination, first_applicable

_RELATIVE = ["RC Art. 33(1)", refugee.RC_33_2[0]]


def decide_non_refoulement(run: Run) -> dict[str, Any]:
    f = run.facts
    f.need("risk_on_return")
    if f.risk_on_return != "substantial":
        if f.risk_on_return == "not_assessed":
            run.note(REPAT_4, ("risk_on_return",), "not yet known: the risk is not assessed")
        return {"applies": False, "absolute": False, "rules": [], "citations": []}
    kinds = f.risk_kinds
    if not kinds:
        f.need("risk_kinds")
        citations = list(UNKNOWN_KINDS_CITATIONS)
        absolute = True
    else:
        citations = []
        for kind in kinds:
            for cited in ABSOLUTE_CITATIONS.get(kind, ()):
                if cited not in citations:
                    citations.append(cited)
        absolute = bool(citations)
        if "persecution" in kinds:
            citations.extend(["RC Art. 33(1)"] if absolute else _RELATIVE)
    if absolute:
        run.note(REPAT_4, ("risk_on_return", "risk_kinds"), "applies, absolute: no security "
                 "exception under CAT/ICCPR", (citations[0], True))
    else:
        # Persecution alone engages refugee law only, whose Art. 33(2) admits an exception.
        run.note(REPAT_4, ("risk_on_return", "risk_kinds"), "applies, subject to RC Art. 33(2)",
                 refugee.RC_33_2)
    return {"applies": True, "absolute": absolute, "rules": [REPAT_4.id], "citations": citations}


REFUGEE_PRECEDENCE: tuple[Clause, ...] = (
    refugee.ART_1F,          # excluded
    refugee.EXCOM_94,        # combatant without verified renunciation
    refugee.ART_1A2_OTHER,   # another nationality's protection is available
    refugee.ART_1A2,         # may claim
)


def decide_refugee_claim(run: Run) -> dict[str, Any]:
    code, clause = first_applicable(run, REFUGEE_PRECEDENCE)
    run.refugee = code
    if code == "excluded" and run.facts.risk_on_return == "substantial":
        run.note(refugee.RC_2, ("exclusion_reasons", "risk_on_return"),
                 "exclusion does not lift the CAT/ICCPR bar on return")
    return determination(code, clause)
