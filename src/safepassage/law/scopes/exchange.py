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
    past = [row for row in exchanges_between(f.detaining_power, f.power_served)
            if row["start"] <= f.as_of]
    if not past:
        return ""
    row = past[-1]
    when = "in progress" if row["end"] >= f.as_of else "last recorded"
    return f"; {when}: exchange of {row['start']} ({row['size']})"


INTERNATIONAL_CRIMES = frozenset({"war_crimes", "crimes_against_humanity"})


def reasons_against(run: Run) -> list[str]:
    """Every docs/assess.md reason he may not go on an exchange list now, in the contract's order."""
    f = run.facts
    reasons: list[str] = []
    if run.status not in gc3.POW_CODES:
        reasons.append("not_pow")
    f.need("wish")
    verified = f.wish_verified_private_interview
    if f.wish == "not_return":
        reasons.append("wish_not_return")
    elif f.wish != "return":
        reasons.append("wish_not_ascertained")
    elif not verified and f.risk_on_return != "none":
        # A return into danger must be shown to be free (REPAT-5).
        f.need("wish_verified_private_interview")
        f.need("risk_on_return")
        reasons.append("wish_not_verified")
    if f.protection_application_pending:
        reasons.append("protection_application_pending")
    # The Detaining Power may waive these two: exchanges do include convicted POWs.
    if f.criminal_proceedings_pending:
        reasons.append("criminal_proceedings_pending")
    if f.convicted_serving_sentence:
        reasons.append("serving_sentence")
    if f.grave_breach_suspect:
        reasons.append("grave_breach_suspect")
    if INTERNATIONAL_CRIMES.intersection(f.exclusion_reasons):
        reasons.append("international_crime_suspect")
    if run.refoulement["applies"] and not (f.wish == "return" and verified):
        reasons.append("non_refoulement")
    return reasons


def decide_exchange(run: Run) -> dict[str, Any]:
    f = run.facts
    reasons = reasons_against(run)
    eligible = not reasons
    run.note(gc3.REPAT_2, ("wish", "wish_verified_private_interview", "risk_on_return",
                           "protection_application_pending", "criminal_proceedings_pending",
                           "convicted_serving_sentence", "grave_breach_suspect",
                           "exclusion_reasons"),
             ("eligible for an exchange" if eligible else "left off exchange lists: "
              + ", ".join(reasons)) + _recorded(run))
    if f.grave_breach_suspect:
        run.note(gc3.REPAT_6, ("grave_breach_suspect",), "to be tried or handed over for trial "
                 "first; he stays a POW", ("GC III Art. 129", True))
    if f.detaining_power == "UA":
        ukraine.note_exchange(run)
    return {"eligible": eligible, "reasons": reasons, "rules": [gc3.REPAT_2.id],
            "citations": list(_CITATIONS)}
