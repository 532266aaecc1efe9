"""`pathways`: every way out of captivity, each open, conditional or blocked, with its blockers."""

from __future__ import annotations

from typing import Any

from safepassage.law.data import channel_between
from safepassage.law.instruments import armistice, gc3, nkra, refugee, ukraine
from safepassage.law.scope import Run
from safepassage.law.scopes.exchange import INTERNATIONAL_CRIMES

# Only these bar a pathway; every other blocker can be lifted by an agreement, a decision or a
# step of procedure and leaves it conditional (criminal proceedings: Art. 119(5) says "may").
HARD = frozenset({"wish_not_return", "non_refoulement", "not_gc_party", "excluded"})


def _pathway(code: str, destination: str | None, blockers: list[str],
             soft_refusal: bool = False) -> dict[str, Any]:
    hard = [b for b in blockers if b in HARD and not (soft_refusal and b == "wish_not_return")]
    state = "open" if not blockers else "blocked" if hard else "conditional"
    return {"code": code, "destination": destination, "state": state, "blockers": blockers}


def _free_return(run: Run) -> bool:
    """The wish as given in the facts is a verified return: a free return is not refoulement."""
    f = run.facts
    return f.wish == "return" and f.wish_verified_private_interview


def _refoulement(run: Run, destination: str | None, blockers: list[str],
                 repatriation: bool) -> None:
    nr = run.refoulement
    if destination is None or destination not in nr["destinations"]:
        return
    if repatriation and _free_return(run):
        return
    if nr["applies"]:
        blockers.append("non_refoulement")
    elif not nr["assessed"]:
        blockers.append("risk_not_assessed")


def _held(run: Run, blockers: list[str], asylum: bool = False) -> None:
    f = run.facts
    if f.protection_application_pending and not asylum:
        blockers.append("protection_decision_pending")
    if f.criminal_proceedings_pending:
        blockers.append("criminal_proceedings_pending")
    if f.convicted_serving_sentence:
        blockers.append("serving_sentence")


def _suspected(run: Run, blockers: list[str]) -> None:
    f = run.facts
    if f.grave_breach_suspect or INTERNATIONAL_CRIMES.intersection(f.exclusion_reasons):
        blockers.append("suspected_international_crime")


def _acknowledged(run: Run, blockers: list[str]) -> None:
    f = run.facts
    ack = f.deployment_acknowledged_by
    served = f.power_served
    if ack is None:
        if f.forces_of and f.nationality and f.forces_of != f.nationality:
            f.need("deployment_acknowledged_by")
        return
    if served is not None and served not in ack:
        blockers.append("not_acknowledged")
        run.note(gc3.STATUS_9, ("deployment_acknowledged_by", "forces_of"),
                 f"{served} does not acknowledge the deployment: nobody receives him; status is "
                 "unaffected")


def repatriation(run: Run, destination: str | None) -> dict[str, Any]:
    f = run.facts
    blockers: list[str] = []
    if f.wish == "not_return":
        blockers.append("wish_not_return")
    _refoulement(run, destination, blockers, repatriation=True)
    f.need("active_hostilities_ended")
    if not f.active_hostilities_ended:
        # After the hostilities Art. 118 needs no agreement; during them only one opens the way.
        channel = channel_between(f.detaining_power, f.power_served)
        if channel is None or channel["since"] > f.as_of:
            blockers.append("no_exchange_agreement")
    _acknowledged(run, blockers)
    if not f.active_hostilities_ended:
        blockers.append("hostilities_ongoing")
    _held(run, blockers)
    _suspected(run, blockers)
    return _pathway("repatriation", destination, blockers, soft_refusal=run.as_if_return)


def third_states(run: Run) -> list[dict[str, Any]]:
    f = run.facts
    found = []
    for index, row in enumerate(f.third_states):
        willing = row.get("willing")
        if willing is not True:
            f.need_path(f"third_states[{index}].willing", willing is not None)
            continue
        blockers: list[str] = []
        _refoulement(run, row["state"], blockers, repatriation=False)
        gc_party = row.get("gc_party")
        if gc_party is not True:
            # Art. 12 allows transfer only to a party: an unknown party is not yet one.
            f.need_path(f"third_states[{index}].gc_party", gc_party is not None)
            blockers.append("not_gc_party")
        run.note(gc3.CAPT_5, ("third_states",), f"transfer to {row['state']} "
                 + ("allowed: a party to GC III" if gc_party else "barred: not a known party"))
        blockers.append("detaining_power_consent")
        if nkra.applies_to(row):
            nkra.note_pathway(run, row)
        if f.exclusion_reasons:
            # The receiving state decides (the ROK: NKRA Art. 9(1) is discretionary).
            blockers.append("protection_may_be_refused")
        _held(run, blockers)
        _suspected(run, blockers)
        found.append(_pathway("third_state_transfer", row["state"], blockers))
    return found


def asylum(run: Run) -> dict[str, Any]:
    f = run.facts
    f.need("detaining_power")
    blockers: list[str] = []
    _refoulement(run, f.detaining_power, blockers, repatriation=False)
    if f.exclusion_reasons:
        blockers.append("excluded")
    if run.status in gc3.POW_CODES and not f.renounced_military_activity:
        blockers.append("renunciation_required")
    if refugee.other_nationality_available(run):
        blockers.append("other_nationality_available")
    if f.detaining_power == "UA":
        ukraine.note_asylum(run)
    _held(run, blockers, asylum=True)
    return _pathway("asylum_in_detaining_power", f.detaining_power, blockers)


def neutral_internment(run: Run) -> dict[str, Any]:
    f = run.facts
    wished = f.wish_destination
    # A neutral country is none of the states engaged with him: not a party, not a receiving state.
    engaged = {f.nationality, f.detaining_power, f.forces_of, *f.conflict_parties,
               *(row["state"] for row in f.third_states)}
    destination = wished if wished is not None and wished not in engaged else None
    # Arts. 109(2), 110 and 111: accommodation in a neutral country needs an agreement.
    blockers = ["detaining_power_consent", "agreement_required"]
    if f.seriously_sick_or_wounded and run.status in gc3.POW_CODES:
        run.note(gc3.REPAT_1, ("seriously_sick_or_wounded",), "may be accommodated in a neutral "
                 "country instead of being repatriated", ("GC III Art. 110", True))
    if f.active_hostilities_ended and f.wish in ("not_return", "undecided"):
        armistice.note_template(run)
    _held(run, blockers)
    return _pathway("neutral_internment", destination, blockers)


def decide_pathways(run: Run) -> list[dict[str, Any]]:
    f = run.facts
    f.need("nationality")
    found = [repatriation(run, f.nationality)]
    if f.forces_of is not None and f.forces_of != f.nationality:
        # An exchange hands him to the Power he served; which of the two "repatriation" means
        # is an open question (docs/law.md, open questions), so both are shown.
        found.append(repatriation(run, f.forces_of))
    return [*found, *third_states(run), asylum(run), neutral_internment(run)]
