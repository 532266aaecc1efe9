"""Facts derived from dated data when not given; a given fact always wins, and the trace says so."""

from __future__ import annotations

import json
from typing import Any

from safepassage.law.data import (
    deployment_for,
    nationality_laws_for,
    party_on,
    willing_statements,
)
from safepassage.law.instruments import gc3, nkra
from safepassage.law.scope import Run

GIVEN_WINS = "given fact {key}={given} wins over the data, which say {data}"


def _acknowledgements(run: Run) -> None:
    f = run.facts
    deployment = deployment_for(f.nationality, f.forces_of, f.detaining_power)
    if deployment is None:
        return
    dated = [row for row in deployment["acknowledged"] if row["date"] <= f.as_of]
    states = [row["state"] for row in dated]
    if "deployment_acknowledged_by" in f.given:
        if sorted(f.given["deployment_acknowledged_by"]) != sorted(states):
            run.note(gc3.STATUS_9, ("deployment_acknowledged_by",),
                     GIVEN_WINS.format(key="deployment_acknowledged_by",
                                       given=f"[{', '.join(f.given['deployment_acknowledged_by'])}]",
                                       data=f"[{', '.join(states)}]"))
        return
    f.deployment_acknowledged_by = states
    f.derived["deployment_acknowledged_by"] = "acknowledgements"
    detail = ", ".join(f"{row['state']} on {row['date']}" for row in dated) or "nobody yet"
    run.note(gc3.STATUS_9, ("deployment_acknowledged_by",),
             f"derived from dated data as of {f.as_of}: acknowledged by {detail}")


def _other_nationalities(run: Run) -> None:
    f = run.facts
    if f.nationality is None or "other_nationalities" in f.given:
        return
    states = [law["state"] for law in nationality_laws_for(f.nationality)
              if law["since"] <= f.as_of]
    if states:
        f.other_nationalities = states
        f.derived["other_nationalities"] = "nationality_laws"
        run.note(nkra.ROK_1, ("nationality", "other_nationalities"),
                 f"derived: {', '.join(states)} treat nationals of {f.nationality} as their own")


def _willing_states(run: Run) -> None:
    f = run.facts
    if f.nationality is None or "third_states" in f.given:
        return
    willing: dict[str, dict[str, Any]] = {}
    for row in willing_statements(f.nationality):
        if row["date"] <= f.as_of:
            willing[row["state"]] = row
    if willing:
        f.third_states = [{"state": state, "willing": True} for state in willing]
        f.derived["third_states"] = "statements"
        run.note(nkra.ROK_2, ("nationality", "third_states"), "derived: willing to receive him: "
                 + ", ".join(f"{s} ({row['reference']})" for s, row in willing.items()))


def _third_state_details(run: Run) -> None:
    f = run.facts
    rows = []
    changed = False
    for row in f.third_states:
        data: dict[str, bool] = {}
        if party_on("gc", row["state"], f.as_of):
            data["gc_party"] = True
        laws = nationality_laws_for(f.nationality) if f.nationality is not None else ()
        if any(law["state"] == row["state"] and law["since"] <= f.as_of for law in laws):
            data["treats_as_national"] = True
        for key, value in data.items():
            if key in row and row[key] != value:
                rule = gc3.CAPT_5 if key == "gc_party" else nkra.ROK_1
                run.note(rule, ("third_states",), GIVEN_WINS.format(
                    key=f"{row['state']}.{key}", given=json.dumps(row[key]), data=json.dumps(value)))
        missing = {key: value for key, value in data.items() if key not in row}
        rows.append({**row, **missing} if missing else row)
        changed = changed or bool(missing)
    if changed:
        # Entries already traced show the rows as they were when their rule read them.
        run.freeze("third_states")
    f.third_states = rows


def derive(run: Run) -> None:
    """Fill facts the data can answer for the assessment date, noting each in the trace."""
    _acknowledgements(run)
    _other_nationalities(run)
    _willing_states(run)
    _third_state_details(run)
