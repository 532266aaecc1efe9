"""Fourth Geneva Convention (1949): the civilian side of the status question, by article."""

from __future__ import annotations

from safepassage.law.rules import V, rule
from safepassage.law.scope import Clause, Run

STATUS_10 = rule("STATUS-10", "Civilians who are not combatants fall under GC IV, not GC III; a "
                 "civilian who took a direct part in hostilities is not thereby a POW: unless he "
                 "or his Party claims that status under AP I, he stays under GC IV, whose "
                 "internment is reviewed periodically and ends when its reasons end.",
                 ("GC IV Art. 4", V), ("GC IV Art. 5", V), ("GC IV Art. 43", V),
                 ("GC IV Art. 78", V), ("AP I Art. 45(1)", V))
# Arts. 41-42 (grounds of internment) and Art. 134 (return of internees) are not formalised:
# docs/assess.md's repatriation codes concern prisoners of war only.


def _civilian(run: Run) -> str | None:
    f = run.facts
    if f.affiliation != "civilian":
        return None
    f.need("belligerent_act")
    return None if f.belligerent_act else "civilian"


def _civilian_dph(run: Run) -> str | None:
    # Reached only when AP I's presumption (a claim to POW status) did not apply.
    f = run.facts
    return "civilian_dph" if f.affiliation == "civilian" and f.belligerent_act else None


ART_4_CIVILIAN = Clause("gc4.art_4_civilian", STATUS_10, ("affiliation", "belligerent_act"),
                        _civilian, ("GC IV Art. 4",))
ART_78_DPH = Clause("gc4.art_4_5_43_78_direct_participation", STATUS_10,
                    ("affiliation", "belligerent_act", "claims_pow_status"), _civilian_dph,
                    ("GC IV Art. 4", "GC IV Art. 5", "GC IV Art. 43", "GC IV Art. 78"))
