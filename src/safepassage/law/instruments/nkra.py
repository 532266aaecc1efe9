"""Republic of Korea: Constitution Art. 3 and the North Korean Refugees Protection Act, by article."""

from __future__ import annotations

from typing import Any

from safepassage.law.data import procedure
from safepassage.law.rules import V, rule
from safepassage.law.scope import Run

ROK_1 = rule("ROK-1", "The Republic's territory is the whole peninsula, so North Korean residents "
             "are ROK nationals and the NKRA, not the Refugee Act, applies.",
             ("ROK Constitution Art. 3", V))
ROK_2 = rule("ROK-2", "The NKRA applies once the person expresses the wish to be protected by the "
             "ROK; the state must make diplomatic efforts for defectors abroad.",
             ("NKRA Art. 3", V), ("NKRA Art. 4(2)", V))
ROK_6 = rule("ROK-6", "After protection: settlement facility up to 1 year, residence protection "
             "5 years, identity and motive checks, possible appointment to ROK forces, end of "
             "protection on an attempt to return north, objection within 90 days.",
             ("NKRA Art. 5(3)", V), ("NKRA Art. 10", V), ("NKRA Art. 11", V),
             ("NKRA Art. 18(2)", V), ("NKRA Art. 27(1)", V), ("NKRA Art. 32", V))
ROK_3 = rule("ROK-3", "He applies to the head of an overseas mission or another administrative "
             "agency, including any military unit commander, who notifies the Minister of "
             "Unification and the NIS Director; the NIS investigates and protects meanwhile.",
             ("NKRA Art. 7(1)", V), ("NKRA Art. 7(2)", V), ("NKRA Art. 7(4)", V))
ROK_4 = rule("ROK-4", "The Minister of Unification decides after the Council's deliberation (the "
             "NIS Director where national security is significantly affected); the applicant is "
             "notified via the head of mission.", ("NKRA Art. 8(1)", V), ("NKRA Art. 8(2)", V))
ROK_5 = rule("ROK-5", "The ROK may decide not to protect for international crimes, serious "
             "non-political crimes, suspected disguised defection, a late application or grounds "
             "set by decree; refusal is discretionary and takes away neither his ROK nationality "
             "nor his right to enter.", ("NKRA Art. 9(1)", V), ("NKRA Art. 2", V),
             ("GP (South Korean citizenship) North Korea CG [2014] UKUT 391 (IAC)", V))
# Art. 9(1)(3) (disguised defection), (5) (late application) and (6) (decree grounds) are not
# formalised: no fact carries them; (4) was deleted on 8 Dec 2020. Arts. 9(3)-(4) (referral,
# limited support when refused) and 12-26 (settlement support) are not formalised.

# Which exclusion reasons meet which Art. 9(1) refusal ground; war crimes and crimes against
# humanity are read as ground (1), "international crimes such as ... genocide".
REFUSAL_GROUNDS: dict[str, str] = {
    "war_crimes": "Art. 9(1)(1)",
    "crimes_against_humanity": "Art. 9(1)(1)",
    "serious_non_political_crime": "Art. 9(1)(2)",
}


def applies_to(row: dict[str, Any]) -> bool:
    return row["state"] == "KR" and row.get("treats_as_national") is True


def note_pathway(run: Run, row: dict[str, Any]) -> None:
    """Trace the NKRA route for one ROK pathway; an Art. 9(1) ground makes protection refusable
    (`protection_may_be_refused`, added by the pathway for every excluded person), never a bar."""
    f = run.facts
    run.note(ROK_1, ("nationality",), "treated as an ROK national: the NKRA applies, not the "
             "Refugee Act")
    expressed = f.wish_destination == "KR"
    if not expressed:
        f.need("wish_destination")
    act = procedure("nkra")
    version = ("" if f.as_of >= act["in_force"]
               else f"; articles as numbered in {act['act']}, in force {act['in_force']}")
    run.note(ROK_2, ("wish_destination",),
             ("wish to be protected by the ROK expressed" if expressed
              else "applies once he expresses the wish to be protected by the ROK") + version)
    if expressed:
        # The procedure of Arts. 7-8 starts only once he has asked for ROK protection.
        run.note(ROK_3, ("wish_destination",), "application through the head of a mission or a "
                 "military unit commander")
        run.note(ROK_4, (), "decision by the Minister of Unification")
    grounds = sorted({REFUSAL_GROUNDS[r] for r in f.exclusion_reasons if r in REFUSAL_GROUNDS})
    if grounds:
        run.note(ROK_5, ("exclusion_reasons",), "protection may be refused on ground "
                 + ", ".join(grounds) + "; he stays an ROK national")
    if expressed and not grounds:
        run.note(ROK_6, (), f"settlement up to {act['settlement_facility_years']['value']} year, "
                 f"residence protection {act['residence_protection_years']['value']} years")
