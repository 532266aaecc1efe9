"""`status`: the ASSESS.md precedence as a list of named rules, highest priority first."""

from __future__ import annotations

from typing import Any

from safepassage.law.data import party_since
from safepassage.law.instruments import api, gc3, gc4
from safepassage.law.scope import Clause, Run, determination, first_applicable


def _undetermined(run: Run) -> str:
    f = run.facts
    f.need("affiliation")
    f.need("belligerent_act")
    if f.affiliation == "civilian":
        # A civilian who took part in hostilities: only doubt or a tribunal can place him.
        f.need("status_doubt")
        f.need("tribunal_decision")
    return "undetermined"


# Base rule: without facts of actual service no status can be given (STATUS-8).
UNDETERMINED = Clause("gc3.art_17_facts_of_service", gc3.STATUS_8, ("affiliation",),
                      _undetermined)

# ASSESS.md steps 1-9, in order; each later rule yields to every earlier one.
PRECEDENCE: tuple[Clause, ...] = (
    gc3.ART_5_2_DECIDED,     # 1 tribunal decision
    gc3.ART_5_2_DOUBT,       # 2 doubt
    gc4.ART_4_CIVILIAN,      # 3 civilian
    api.ART_47_MERCENARY,    # 4 mercenary
    api.ART_46_SPY,          # 5 spy
    gc3.ART_4A1,             # 6 armed forces, militias forming part of them
    gc3.ART_4A3,             # 6 forces of an unrecognised government
    gc3.ART_4A2,             # 7 other militia: all four conditions, or any one failing
    gc3.ART_4A2_DOUBT,       # 7 other militia with conditions unknown: doubt, protective
    api.ART_45_UNKNOWN,      # 8 unknown affiliation with a belligerent act
    UNDETERMINED,            # 9 otherwise
)
_MEMBERSHIP = frozenset({gc3.ART_4A1, gc3.ART_4A3})


def _gc_parties(run: Run) -> str:
    f = run.facts
    states = f.conflict_parties or [s for s in (f.detaining_power, f.forces_of or f.nationality)
                                    if s]
    bound = [s for s in states if (since := party_since("gc", s)) and since <= f.as_of]
    return ", ".join(bound) if bound else "the parties"


def decide_status(run: Run) -> dict[str, Any]:
    code, clause = first_applicable(run, PRECEDENCE)
    run.status = code
    f = run.facts
    if clause in _MEMBERSHIP:
        run.note(gc3.APPLY_1, ("conflict_parties", "deployment_acknowledged_by"),
                 f"GC III applies between {_gc_parties(run)} whatever deployment_acknowledged_by "
                 "says")
        if f.deployment_acknowledged_by is not None:
            run.note(gc3.STATUS_9, ("deployment_acknowledged_by",),
                     "acknowledgement of the deployment does not condition status")
        if api.both_parties(f.detaining_power, f.forces_of or f.nationality, run):
            run.note(api.STATUS_4, ("detaining_power", "forces_of"), "combatant: prisoner of war")
    if f.forces_of and f.nationality and f.forces_of != f.nationality:
        run.note(gc3.STATUS_8, ("nationality", "forces_of"), "assessed on his actual service "
                 f"in the forces of {f.forces_of}, not on the papers he carried")
    if code == "pow":
        run.note(gc3.CAPT_2, (), "may send a capture card within one week of arrival at a camp")
    return determination(code, clause)
