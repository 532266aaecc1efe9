"""`status`: the docs/assess.md precedence as a list of named rules, highest priority first."""

from __future__ import annotations

from typing import Any

from safepassage.law.data import party_on
from safepassage.law.instruments import api, gc3, gc4
from safepassage.law.scope import Clause, Run, determination, first_applicable


def _undetermined(run: Run) -> str:
    f = run.facts
    f.need("affiliation")
    f.need("belligerent_act")
    return "undetermined"


# Base rule: without facts of actual service no status can be given (STATUS-8).
UNDETERMINED = Clause("gc3.art_17_facts_of_service", gc3.STATUS_8, ("affiliation",),
                      _undetermined)

# docs/assess.md steps 1-9, in order; each later rule yields to every earlier one.
PRECEDENCE: tuple[Clause, ...] = (
    gc3.ART_5_2_DECIDED_POW,      # 1 tribunal: pow
    api.TRIBUNAL_MERCENARY,       # 1 tribunal: not a POW, a mercenary where AP I binds
    api.TRIBUNAL_SPY,             # 1 tribunal: not a POW, a spy who had not rejoined
    gc3.ART_5_2_DECIDED_NOT_POW,  # 1 tribunal: not a POW
    gc3.ART_5_2_DOUBT,            # 2 doubt
    gc4.ART_4_CIVILIAN,           # 3 civilian who took no part in hostilities
    api.ART_45_1_CIVILIAN_CLAIM,  # 3 civilian who fought and claims POW status, AP I binding
    gc4.ART_78_DPH,               # 3 civilian who fought: GC IV, periodic review
    api.ART_47_MERCENARY,         # 4 mercenary criteria: a tribunal decides, AP I binding
    api.ART_46_SPY,               # 5 spy who had not rejoined: a tribunal decides
    gc3.ART_4A1,                  # 6 armed forces, militias forming part of them
    gc3.ART_4A3,                  # 6 forces of an unrecognised government
    api.ART_43_MILITIA,           # 7 other militia under AP I: responsible command
    api.ART_43_MILITIA_DOUBT,     # 7 other militia under AP I without it: a tribunal decides
    gc3.ART_4A2,                  # 7 other militia outside AP I: all four conditions
    gc3.ART_4A2_DOUBT,            # 7 other militia outside AP I failing one: a tribunal decides
    api.ART_45_UNKNOWN,           # 8 unknown affiliation with a belligerent act
    UNDETERMINED,                 # 9 otherwise
)
_MEMBERSHIP = frozenset({gc3.ART_4A1, gc3.ART_4A3, api.ART_43_MILITIA, gc3.ART_4A2})

# What protects him if he is not, or turns out not to be, a POW (docs/assess.md `status.fallback`).
_DOUBTFUL = frozenset({"not_pow", "not_pow_mercenary", "not_pow_spy", "pow_pending_tribunal",
                       "undetermined"})


def fallback(code: str, ap1: bool) -> list[str]:
    if code in _DOUBTFUL:
        return [*(("AP I Art. 45(3)", "AP I Art. 75") if ap1 else ()), "Customary IHL Rule 87"]
    if code in ("civilian", "civilian_dph"):
        return ["GC IV Art. 4", "GC IV Art. 27", *(("AP I Art. 75",) if ap1 else ()),
                "Customary IHL Rule 87",
                *(("GC IV Art. 5", "GC IV Art. 78") if code == "civilian_dph" else ())]
    return []


def _gc_parties(run: Run) -> str:
    f = run.facts
    states = f.conflict_parties or [s for s in (f.detaining_power, f.power_served) if s]
    bound = [s for s in states if party_on("gc", s, f.as_of)]
    return ", ".join(bound) if bound else "the parties"


def decide_status(run: Run) -> dict[str, Any]:
    f = run.facts
    if f.mercenary_criteria:
        run.mercenary = api.check_mercenary_criteria(run)
    code, clause = first_applicable(run, PRECEDENCE)
    run.status = code
    if clause in _MEMBERSHIP:
        run.note(gc3.APPLY_1, ("conflict_parties", "deployment_acknowledged_by"),
                 f"GC III applies between {_gc_parties(run)} whatever deployment_acknowledged_by "
                 "says")
        if f.deployment_acknowledged_by is not None:
            run.note(gc3.STATUS_9, ("deployment_acknowledged_by",),
                     "acknowledgement of the deployment does not condition status")
        if run.ap1:
            run.note(api.STATUS_4, ("detaining_power", "forces_of"), "combatant: prisoner of war")
    if f.forces_of and f.nationality and f.forces_of != f.nationality:
        run.note(gc3.STATUS_8, ("nationality", "forces_of"), "assessed on his actual service "
                 f"in the forces of {f.forces_of}, not on the papers he carried")
    if code == "pow":
        run.note(gc3.CAPT_2, (), "may send a capture card within one week of arrival at a camp")
    result = determination(code, clause)
    result["fallback"] = fallback(code, run.ap1)
    return result
