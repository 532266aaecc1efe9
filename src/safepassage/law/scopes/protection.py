"""`non_refoulement` and `refugee_claim`: the human-rights bar on return and the refugee route."""

from __future__ import annotations

from typing import Any

from safepassage.law.instruments import refugee
from safepassage.law.instruments.human_rights import (
    ABSOLUTE_KINDS,
    ECHR_CITATIONS,
    IHL_LIMIT,
    KIND_CITATIONS,
    REPAT_4,
    UNKNOWN_KINDS_CITATIONS,
)
from safepassage.law.scope import Clause, Run, determination, first_applicable


def destinations(run: Run) -> list[str]:
    """Where he must not be sent: his nationality, the Power he served, and every third state
    that may send him on (indirect refoulement: HRC General Comment 31 §12)."""
    f = run.facts
    found: list[str] = []
    for state in (f.nationality, f.forces_of,
                  *(row["state"] for row in f.third_states if row.get("onward_removal_risk"))):
        if state is not None and state not in found:
            found.append(state)
    return found


def _citations(run: Run, kinds: list[str]) -> list[str]:
    cited: list[str] = []
    for kind in kinds:
        for citation in (*KIND_CITATIONS.get(kind, ()),
                         *(ECHR_CITATIONS.get(kind, ()) if run.echr else ())):
            if citation not in cited:
                cited.append(citation)
    if "persecution" in kinds:
        # An excluded person has no RC Art. 33 protection at all; IHL's limit has no exclusion.
        if run.facts.exclusion_reasons:
            cited.append(IHL_LIMIT)
        elif ABSOLUTE_KINDS.intersection(kinds):
            cited.append("RC Art. 33(1)")
        else:
            cited.extend(("RC Art. 33(1)", refugee.RC_33_2[0]))
    if not cited:
        cited.append(IHL_LIMIT)
    return cited


def decide_non_refoulement(run: Run) -> dict[str, Any]:
    f = run.facts
    f.need("risk_on_return")
    risk = f.risk_on_return
    assessed = risk != "not_assessed"
    if risk != "substantial":
        where = [] if assessed else destinations(run)
        if not assessed:
            run.note(REPAT_4, ("risk_on_return",), "not yet known: the risk is not assessed, so "
                     "every pathway to " + (", ".join(where) or "his state") + " waits for it")
        run.refoulement = {"applies": False, "absolute": False, "assessed": assessed,
                           "destinations": where, "rules": [], "citations": []}
        return run.refoulement
    kinds = f.risk_kinds
    if not kinds:
        f.need("risk_kinds")
        citations = list(UNKNOWN_KINDS_CITATIONS)
        if run.echr:
            citations.extend(("ECHR Art. 2", "ECHR Art. 3"))
        absolute = True
    else:
        citations = _citations(run, kinds)
        absolute = not ABSOLUTE_KINDS.isdisjoint(kinds)
    where = destinations(run)
    if absolute:
        run.note(REPAT_4, ("risk_on_return", "risk_kinds"), "applies, absolute: no security "
                 "exception under " + ", ".join(citations), (citations[0], True))
    elif f.exclusion_reasons and set(kinds) == {"persecution"}:
        run.note(refugee.RC_2, ("exclusion_reasons", "risk_kinds"), "excluded: no RC Art. 33 "
                 "protection, but IHL's limit on Art. 118 has no exclusion clause and still applies")
        run.warn("refugee_law_protection_excluded", ("exclusion_reasons", "risk_kinds"),
                 (refugee.RC_2.id,))
    elif "persecution" in kinds:
        # Persecution engages refugee law, whose Art. 33(2) admits an exception.
        run.note(REPAT_4, ("risk_on_return", "risk_kinds"), "applies, subject to RC Art. 33(2)",
                 refugee.RC_33_2)
    else:
        run.note(REPAT_4, ("risk_on_return", "risk_kinds"), "applies, not absolute: "
                 + ", ".join(citations), (citations[0], True))
    run.note(REPAT_4, ("nationality", "forces_of", "third_states"),
             "must not be sent to " + (", ".join(where) or "his state (not yet named)"),
             ("HRC General Comment 31 §12", True))
    run.refoulement = {"applies": True, "absolute": absolute, "assessed": True,
                       "destinations": where, "rules": [REPAT_4.id], "citations": citations}
    return run.refoulement


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
