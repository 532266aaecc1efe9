"""Additional Protocol I (1977), in the order of its articles; it binds only between its parties."""

from __future__ import annotations

from safepassage.law.data import party_on
from safepassage.law.instruments.gc3 import STATUS_5
from safepassage.law.rules import U, V, rule
from safepassage.law.scope import Clause, Run

STATUS_11 = rule("STATUS-11", "Under AP I a member of another militia keeps POW status with a "
                 "responsible command and internal discipline; breaking the laws of war does not "
                 "cost it, and only a tribunal decides its loss.", ("AP I Art. 43", V),
                 ("AP I Art. 44(2)", V), ("AP I Art. 44(3)", V), ("AP I Art. 44(4)", V))
STATUS_4 = rule("STATUS-4", "Any combatant who falls into the power of an adverse party is a "
                "prisoner of war.", ("AP I Art. 44(1)", U))
# Art. 44(3)-(4) (distinction and its forfeiture) is not formalised beyond STATUS-11: no fact
# carries whether he carried arms openly in the attack.
# STATUS-5's AP I source, Art. 45(1), is defined with STATUS-5 in gc3 and applied below.
STATUS_7 = rule("STATUS-7", "A member of the armed forces caught engaging in espionage while not "
                "in uniform loses the right to POW status but may not be punished without a "
                "trial; one who rejoined his own forces before capture is a POW and answers for "
                "no earlier espionage.", ("AP I Art. 46(1)", V), ("AP I Art. 46(4)", V),
                ("Hague Regulations Art. 29", V), ("Hague Regulations Art. 30", V),
                ("Hague Regulations Art. 31", V), ("Customary IHL Rule 107", V))
STATUS_6 = rule("STATUS-6", "A mercenary has no right to POW status, but only if all six "
                "criteria (a)-(f) hold and AP I binds; a person who claims POW status keeps its "
                "protection until a tribunal decides.", ("AP I Art. 47(2)", V),
                ("AP I Art. 45(1)", V))
# Art. 75 (fundamental guarantees) protects everyone, whatever status: it is cited in
# `status.fallback` where AP I binds, with Art. 45(3).
REPAT_9 = rule("REPAT-9", "A captured person under 18 keeps special protection and his best "
               "interests are a primary consideration; those under 15 must not have been "
               "recruited at all.", ("AP I Art. 77(2)", V), ("AP I Art. 77(3)", V),
               ("AP I Art. 77(4)", V), ("CRC Art. 3", V), ("OPAC Art. 6(3)", V),
               ("GC III Art. 16", V))
# Art. 85(4)(b) (unjustified delay in repatriation) is cited by REPAT-3 in gc3; Art. 88 (mutual
# assistance in criminal matters) by the `prosecute_or_extradite` action.

MERCENARY = ("a", "b", "c", "d", "e", "f")
_MEMBERS = frozenset({"armed_forces", "militia_in_armed_forces"})


def binds(run: Run) -> bool:
    """Whether AP I binds the Detaining Power and the Power he depends on, on the date."""
    f = run.facts
    return party_on("ap1", f.detaining_power, f.as_of) and party_on("ap1", f.power_served, f.as_of)


def check_mercenary_criteria(run: Run) -> dict[str, bool]:
    """The criteria after the consistency checks: a contradicted one is read as false, warned."""
    f = run.facts
    criteria = dict(f.mercenary_criteria)
    if criteria.get("d") is True and f.nationality in f.conflict_parties:
        criteria["d"] = False
        run.warn("mercenary_criterion_d_contradicted", ("mercenary_criteria.d", "nationality"),
                 (STATUS_6.id,))
    if criteria.get("e") is True and f.affiliation in _MEMBERS:
        criteria["e"] = False
        run.warn("mercenary_criterion_e_contradicted", ("mercenary_criteria.e", "affiliation"),
                 (STATUS_6.id,))
    return criteria


def _all_six(run: Run) -> bool:
    """All six criteria hold; where AP I does not bind they are ignored, with a warning."""
    if not all(run.mercenary.get(k) is True for k in MERCENARY):
        return False
    if run.ap1:
        return True
    run.warn("ap1_not_binding", ("mercenary_criteria", "detaining_power", "forces_of"),
             (STATUS_6.id,))
    return False


def _spy(run: Run) -> bool:
    f = run.facts
    if not f.espionage_out_of_uniform:
        return False
    if f.rejoined_own_forces:
        run.note(STATUS_7, ("espionage_out_of_uniform", "rejoined_own_forces"), "rejoined his "
                 "forces before capture: a combatant, answerable for no earlier espionage",
                 ("AP I Art. 46(4)", True))
        return False
    return True


def _tribunal_mercenary(run: Run) -> str | None:
    if run.facts.tribunal_decision != "not_pow":
        return None
    return "not_pow_mercenary" if _all_six(run) else None


def _tribunal_spy(run: Run) -> str | None:
    if run.facts.tribunal_decision != "not_pow":
        return None
    return "not_pow_spy" if _spy(run) else None


def _civilian_claiming(run: Run) -> str | None:
    f = run.facts
    if f.affiliation != "civilian" or not f.belligerent_act:
        return None
    f.need("claims_pow_status")
    return "pow_pending_tribunal" if f.claims_pow_status and run.ap1 else None


def _mercenary_presumed(run: Run) -> str | None:
    return "pow_pending_tribunal" if _all_six(run) else None


def _spy_presumed(run: Run) -> str | None:
    return "pow_pending_tribunal" if _spy(run) else None


def _militia_ap1(run: Run) -> str | None:
    f = run.facts
    if f.affiliation != "other_militia" or not run.ap1:
        return None
    command = f.militia_conditions.get("responsible_command")
    f.need_path("militia_conditions.responsible_command", command is not None)
    return "pow" if command is True else None


def _militia_ap1_doubt(run: Run) -> str | None:
    f = run.facts
    return "pow_pending_tribunal" if f.affiliation == "other_militia" and run.ap1 else None


def _unknown_affiliation(run: Run) -> str | None:
    f = run.facts
    if f.affiliation != "unknown":
        return None
    f.need("affiliation")
    f.need("belligerent_act")
    return "pow_pending_tribunal" if f.belligerent_act else None


TRIBUNAL_MERCENARY = Clause("api.art_47_2_tribunal_mercenary", STATUS_6,
                            ("tribunal_decision", "mercenary_criteria"), _tribunal_mercenary,
                            ("AP I Art. 47(2)",))
TRIBUNAL_SPY = Clause("api.art_46_tribunal_spy", STATUS_7,
                      ("tribunal_decision", "espionage_out_of_uniform", "rejoined_own_forces"),
                      _tribunal_spy, ("AP I Art. 46(1)",))
ART_45_1_CIVILIAN_CLAIM = Clause("api.art_45_1_civilian_claims_pow", STATUS_5,
                                 ("affiliation", "belligerent_act", "claims_pow_status"),
                                 _civilian_claiming, ("AP I Art. 45(1)",))
ART_47_MERCENARY = Clause("api.art_47_2_mercenary_presumed_pow", STATUS_6, ("mercenary_criteria",),
                          _mercenary_presumed, ("AP I Art. 45(1)", "AP I Art. 47(2)"))
ART_46_SPY = Clause("api.art_46_espionage_presumed_pow", STATUS_7,
                    ("espionage_out_of_uniform", "rejoined_own_forces"), _spy_presumed,
                    ("AP I Art. 46(1)", "AP I Art. 46(2)", "Hague Regulations Art. 29",
                     "Hague Regulations Art. 30"))
ART_43_MILITIA = Clause("api.art_43_militia", STATUS_11, ("affiliation", "militia_conditions"),
                        _militia_ap1, ("AP I Art. 43", "AP I Art. 44(2)"))
ART_43_MILITIA_DOUBT = Clause("api.art_45_1_militia_without_command", STATUS_11,
                              ("affiliation", "militia_conditions"), _militia_ap1_doubt,
                              ("AP I Art. 45(1)", "GC III Art. 5(2)"))
ART_45_UNKNOWN = Clause("api.art_45_1_presumption", STATUS_5, ("affiliation", "belligerent_act"),
                        _unknown_affiliation, ("GC III Art. 5(2)", "AP I Art. 45(1)"))
