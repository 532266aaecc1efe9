"""1951 Refugee Convention and UNHCR ExCom Conclusion 94, in the order of their provisions."""

from __future__ import annotations

from safepassage.law.rules import U, V, rule
from safepassage.law.scope import Clause, Run

RC_1 = rule("RC-1", "A refugee fears persecution on one of five grounds and is outside his "
            "country; if another nationality's protection is available he is not a refugee "
            "(North Korean citizens are also South Korean citizens: GP (South Korean citizenship) "
            "North Korea CG [2014] UKUT 391 (IAC)).", ("RC Art. 1A(2)", V),
            ("GP (South Korean citizenship) North Korea CG [2014] UKUT 391 (IAC)", V),
            ("KK [2011] UKUT 92", V))
# Arts. 1C-1E (cessation, other UN protection, de facto nationals) are not formalised.
RC_2 = rule("RC-2", "Serious reasons to consider war crimes, crimes against humanity, a serious "
            "non-political crime or acts contrary to UN purposes exclude from refugee status; "
            "having fought is not a ground, and exclusion does not lift the CAT/ICCPR bar.",
            ("RC Art. 1F", V))
# Arts. 31-32 (illegal entry, expulsion) are not formalised: he entered as a captive.
# Art. 33 (non-refoulement) is applied with REPAT-4; its 33(2) exception makes the bar relative.
RC_33_2 = ("RC Art. 33(2)", U)
REPAT_8 = rule("REPAT-8", "Asylum first: nobody is removed while his protection claim is "
               "undecided.", ("RC Art. 33(1)", V), ("UA Law No. 3671-VI", V))
RC_3 = rule("RC-3", "A combatant becomes an asylum-seeker only after a genuine and permanent "
            "renunciation of military activity has been verified.",
            ("UNHCR ExCom Conclusion 94", V))

COMBATANT_STATUSES = frozenset({"pow", "pow_pending_tribunal", "not_pow", "not_pow_mercenary",
                                "not_pow_spy"})


def _excluded(run: Run) -> str | None:
    return "excluded" if run.facts.exclusion_reasons else None


def _combatant(run: Run) -> str | None:
    if run.status in COMBATANT_STATUSES and not run.facts.renounced_military_activity:
        return "not_yet_asylum_seeker"
    return None


def willing_states(run: Run) -> set[str]:
    return {row["state"] for row in run.facts.third_states if row.get("willing") is True}


def other_nationality_available(run: Run) -> bool:
    """A willing third state whose nationality he holds, or that treats him as its national."""
    f = run.facts
    return any(row.get("willing") is True
               and (row["state"] in f.other_nationalities or row.get("treats_as_national") is True)
               for row in f.third_states)


def _other_nationality(run: Run) -> str | None:
    return "other_nationality_available" if other_nationality_available(run) else None


def _may_claim(run: Run) -> str | None:
    return "may_claim"


ART_1F = Clause("rc.art_1f_exclusion", RC_2, ("exclusion_reasons",), _excluded)
EXCOM_94 = Clause("excom.94_renunciation", RC_3, ("affiliation", "renounced_military_activity"),
                  _combatant)
ART_1A2_OTHER = Clause("rc.art_1a2_other_nationality", RC_1,
                       ("other_nationalities", "third_states"), _other_nationality,
                       ("RC Art. 1A(2)",))
ART_1A2 = Clause("rc.art_1a2_refugee", RC_1, ("nationality",), _may_claim, ("RC Art. 1A(2)",))
