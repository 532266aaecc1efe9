"""Ukraine as Detaining Power: its asylum law and its POW exchange machinery."""

from __future__ import annotations

from safepassage.law.data import procedure
from safepassage.law.rules import U, V, rule
from safepassage.law.scope import Run

# UA-1 is confirmed but its article numbers are not (docs/law.md): cited by the law's number only.
UA_1 = rule("UA-1", "Only the State Migration Service registers asylum claims, none abroad; "
            "detainees apply through their facility; complementary protection covers a risk of "
            "death penalty, torture or inhuman or degrading treatment or punishment.",
            ("UA Law No. 3671-VI", V), ("ECtHR S.A. v. Ukraine", V),
            ("UA Law No. 3671-VI article numbers", U))
UA_2 = rule("UA-2", "The Coordination Headquarters for the Treatment of POWs runs exchanges; its "
            "'I Want to Live' line offers exchange, staying, or emigration and asylum, and "
            "promises those who surrender to stay off exchange lists unless they choose "
            "otherwise.", ("UA CMU Resolution 257", V), ("UA CMU Resolution 441", V))
# Ukraine's Information Bureau (Mar 2022) is the body CAPT-3 addresses; not formalised apart.


def _route() -> str:
    law = procedure("ukraine_asylum")
    return (f"apply through the facility to the State Migration Service; preliminary examination "
            f"{law['preliminary_examination_working_days']['value']} working days, appeal "
            f"{law['appeal_working_days']['value']} working days")


ROUTE = _route()
COMPLEMENTARY = frozenset({"torture", "ill_treatment", "death_penalty"})


def note_asylum(run: Run) -> None:
    complementary = not COMPLEMENTARY.isdisjoint(run.facts.risk_kinds)
    run.note(UA_1, ("detaining_power", "risk_kinds"),
             ROUTE + ("; complementary protection covers the risk" if complementary else ""))


def note_exchange(run: Run) -> None:
    run.note(UA_2, ("detaining_power",), "exchanges run by the Coordination Headquarters; the "
             "'I Want to Live' line offers exchange, staying or emigration")
