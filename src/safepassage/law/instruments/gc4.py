"""Fourth Geneva Convention (1949): the civilian side of the status question."""

from __future__ import annotations

from safepassage.law.rules import U, rule
from safepassage.law.scope import Clause, Run

# LAW.md gives STATUS-10 no source or mark: GC IV Art. 4 is the standard one, marked unverified.
STATUS_10 = rule("STATUS-10", "Civilians who are not combatants fall under GC IV as protected "
                 "persons or internees, not under GC III.", ("GC IV Art. 4", U))
# Arts. 41-43 and 78 (internment and its review) and Art. 134 (return of internees) are not
# formalised: ASSESS.md's repatriation codes concern prisoners of war only.


def _civilian(run: Run) -> str | None:
    f = run.facts
    if f.affiliation != "civilian":
        return None
    f.need("belligerent_act")
    return None if f.belligerent_act else "civilian"


ART_4_CIVILIAN = Clause("gc4.art_4_civilian", STATUS_10, ("affiliation", "belligerent_act"),
                        _civilian)
