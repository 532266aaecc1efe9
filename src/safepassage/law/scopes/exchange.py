"""`exchange`: whether he may go on an exchange list now, and every reason he may not."""

from __future__ import annotations

from typing import Any

from safepassage.law.data import exchanges_between
from safepassage.law.instruments import gc3, ukraine
from safepassage.law.scope import Run

_CITATIONS = list(gc3.REPAT_2.citations)


def _recorded(run: Run) -> str:
    """The last recorded exchange between the Detaining Power and his side on the date, if any."""
    f = run.facts
    past = [row for row in exchanges_between(f.detaining_power, f.forces_of or f.nationality)
            if row["start"] <= f.as_of]
    if not past:
        return ""
    row = past[-1]
    when = "in progress" if row["end"] >= f.as_of else "last recorded"
    return f"; {when}: exchange of {row['start']} ({row['size']})"


def decide_exchange(run: Run) -> dict[str, Any]:
    f = run.facts
    reasons: list[str] = []
    if run.status not in gc3.POW_CODES:
        reasons.append("not_pow")
    f.need("wish")
    if f.wish == "not_return":
        reasons.append("wish_not_return")
    elif f.wish != "return":
        reasons.append("wish_not_ascertained")
    if f.protection_application_pending:
        reasons.append("protection_application_pending")
    if f.criminal_proceedings_pending:
        reasons.append("criminal_proceedings_pending")
    if f.risk_on_return == "substantial" and f.wish != "return":
        reasons.append("non_refoulement")
    eligible = not reasons
    run.note(gc3.REPAT_2, ("wish", "protection_application_pending",
                           "criminal_proceedings_pending", "risk_on_return"),
             ("eligible for an exchange" if eligible else "left off exchange lists: "
              + ", ".join(reasons)) + _recorded(run))
    if f.detaining_power == "UA":
        ukraine.note_exchange(run)
    return {"eligible": eligible, "reasons": reasons, "rules": [gc3.REPAT_2.id],
            "citations": list(_CITATIONS)}
