"""`pathways`: every way out of captivity, each open, conditional or blocked, with its blockers."""

from __future__ import annotations

from typing import Any

from safepassage.law.data import channel_between
from safepassage.law.instruments import armistice, gc3, nkra, ukraine
from safepassage.law.scope import Run

# Blockers that can be lifted by an agreement or a step of procedure leave a pathway conditional.
SOFT = frozenset({"hostilities_ongoing", "detaining_power_consent", "renunciation_required",
                  "agreement_required"})


def _pathway(code: str, destination: str | None, blockers: list[str]) -> dict[str, Any]:
    if not blockers:
        state = "open"
    elif SOFT.issuperset(blockers):
        state = "conditional"
    else:
        state = "blocked"
    return {"code": code, "destination": destination, "state": state, "blockers": blockers}


def _acknowledgement(run: Run, destination: str | None, blockers: list[str]) -> None:
    f = run.facts
    ack = f.deployment_acknowledged_by
    if ack is None:
        if f.forces_of and f.nationality and f.forces_of != f.nationality:
            f.need("deployment_acknowledged_by")
        return
    if destination is not None and destination not in ack:
        blockers.append("not_acknowledged")
        run.note(gc3.STATUS_9, ("deployment_acknowledged_by", "nationality"),
                 f"{destination} does not acknowledge the deployment: nobody receives him; "
                 "status is unaffected")


def repatriation(run: Run) -> dict[str, Any]:
    f = run.facts
    f.need("nationality")
    destination = f.nationality
    blockers: list[str] = []
    if f.wish == "not_return" and run.effective_wish == "not_return":
        blockers.append("wish_not_return")
    if (f.risk_on_return == "substantial" and f.wish != "return"
            and run.position.non_refoulement_blocks_repatriation):
        blockers.append("non_refoulement")
    _acknowledgement(run, destination, blockers)
    sick_pow = f.seriously_sick_or_wounded and run.status in gc3.POW_CODES
    f.need("active_hostilities_ended")
    if not f.active_hostilities_ended and not sick_pow:
        channel = channel_between(f.detaining_power, f.forces_of or f.nationality)
        if channel is not None and channel["since"] <= f.as_of:
            blockers.append("agreement_required")
        else:
            blockers.extend(("hostilities_ongoing", "no_exchange_agreement"))
    if f.criminal_proceedings_pending:
        blockers.append("criminal_proceedings_pending")
    return _pathway("repatriation", destination, blockers)


def third_states(run: Run) -> list[dict[str, Any]]:
    f = run.facts
    found = []
    for index, row in enumerate(f.third_states):
        willing = row.get("willing")
        if willing is not True:
            f.need_path(f"third_states[{index}].willing", willing is not None)
            continue
        blockers: list[str] = []
        gc_party = row.get("gc_party")
        if gc_party is not True:
            # Art. 12 allows transfer only to a party: an unknown party is not yet one.
            f.need_path(f"third_states[{index}].gc_party", gc_party is not None)
            blockers.append("not_gc_party")
        run.note(gc3.CAPT_5, ("third_states",), f"transfer to {row['state']} "
                 + ("allowed: a party to GC III" if gc_party else "barred: not a known party"))
        blockers.append("detaining_power_consent")
        if nkra.applies_to(row):
            nkra.note_pathway(run, row, blockers)
        if f.criminal_proceedings_pending:
            blockers.append("criminal_proceedings_pending")
        found.append(_pathway("third_state_transfer", row["state"], blockers))
    return found


def asylum(run: Run) -> dict[str, Any]:
    f = run.facts
    f.need("detaining_power")
    blockers: list[str] = []
    if f.exclusion_reasons:
        blockers.append("excluded")
    if run.refugee == "not_yet_asylum_seeker":
        blockers.append("renunciation_required")
    if f.detaining_power == "UA":
        ukraine.note_asylum(run)
    return _pathway("asylum_in_detaining_power", f.detaining_power, blockers)


def neutral_internment(run: Run) -> dict[str, Any]:
    f = run.facts
    wished = f.wish_destination
    # A neutral country is none of the states engaged with him: not a party, not a receiving state.
    engaged = {f.nationality, f.detaining_power, f.forces_of, *f.conflict_parties,
               *(row["state"] for row in f.third_states)}
    destination = wished if wished is not None and wished not in engaged else None
    # Arts. 109(2), 110 and 111: accommodation in a neutral country needs an agreement.
    blockers = ["agreement_required"]
    if f.seriously_sick_or_wounded and run.status in gc3.POW_CODES:
        run.note(gc3.REPAT_1, ("seriously_sick_or_wounded",), "may be accommodated in a neutral "
                 "country instead of being repatriated", ("GC III Art. 110", True))
    if f.active_hostilities_ended and f.wish in ("not_return", "undecided"):
        armistice.note_template(run)
    if f.criminal_proceedings_pending:
        blockers.append("criminal_proceedings_pending")
    return _pathway("neutral_internment", destination, blockers)


def decide_pathways(run: Run) -> list[dict[str, Any]]:
    return [repatriation(run), *third_states(run), asylum(run), neutral_internment(run)]
