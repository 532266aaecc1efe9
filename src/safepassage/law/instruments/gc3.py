"""Third Geneva Convention (1949), with its common articles, in the order of its articles."""

from __future__ import annotations

from safepassage.law.rules import V, rule
from safepassage.law.scope import Clause, Run

# Common Art. 1 (respect and ensure respect) is not formalised: it binds states, not cases.
APPLY_1 = rule("APPLY-1", "Between states party to the Geneva Conventions, GC III applies to an "
               "international armed conflict even if a party denies a state of war or its part "
               "in it.", ("GC III Art. 2", V))
STATUS_9 = rule("STATUS-9", "Whether the power of origin or its ally acknowledges the deployment "
                "does not condition POW status; it matters in practice for pathways and for who "
                "receives him.", ("GC III Art. 2", V), ("GC III Art. 4A(1)", V))
# Art. 3 (non-international conflicts) is not formalised: docs/assess.md covers international ones.

STATUS_1 = rule("STATUS-1", "A member of a party's armed forces, including militias forming "
                "part of them, who falls into enemy hands is a prisoner of war.",
                ("GC III Art. 4A(1)", V))
STATUS_2 = rule("STATUS-2", "A member of another militia or volunteer corps is a prisoner of war "
                "only if it has responsible command, a fixed distinctive sign, carries arms "
                "openly and obeys the laws of war.", ("GC III Art. 4A(2)", V))
STATUS_3 = rule("STATUS-3", "Regular forces of a government not recognised by the Detaining "
                "Power are prisoners of war.", ("GC III Art. 4A(3)", V))
# Art. 4A(4)-(6) (persons accompanying the forces, crews, levée en masse) and Art. 4B are not
# formalised: the `affiliation` vocabulary of docs/assess.md has no value for them.

APPLY_2 = rule("APPLY-2", "Protection runs from capture until final release and repatriation.",
               ("GC III Art. 5(1)", V))
STATUS_5 = rule("STATUS-5", "If there is doubt whether a person who committed a belligerent act "
                "is a prisoner of war, he has POW protection until a competent tribunal "
                "decides.", ("GC III Art. 5(2)", V), ("AP I Art. 45(1)", V))
APPLY_3 = rule("APPLY-3", "A POW cannot renounce Convention rights; honouring a choice the "
               "Conventions allow is not a renunciation.", ("GC III Art. 7", V),
               ("ICRC 2016 Commentary common Art. 7", V))
CAPT_5 = rule("CAPT-5", "A POW may be transferred only to a state party to GC III that is "
              "willing and able to apply it.", ("GC III Art. 12(2)", V))
CAPT_1 = rule("CAPT-1", "POWs must be protected against insults and public curiosity: no "
              "interviews, images or names for the media.", ("GC III Art. 13", V))
STATUS_8 = rule("STATUS-8", "Status turns on actual membership, not on papers; a POW need only "
                "give surname, first names, rank, date of birth and serial number.",
                ("GC III Art. 17", V))
# Arts. 21-68 (internment, labour, finances) are not formalised: they govern camps, not status.
CAPT_2 = rule("CAPT-2", "Within one week of arrival at a camp a POW may send a capture card to "
              "his family and to the Central Agency.", ("GC III Art. 70", V))
# Arts. 82-108 (penal and disciplinary sanctions) are not formalised beyond REPAT-6.
REPAT_1 = rule("REPAT-1", "Seriously sick or wounded POWs must be repatriated or accommodated in "
               "a neutral country, but none may be repatriated against his will during "
               "hostilities.",
               ("GC III Art. 109(1)", V), ("GC III Art. 110", V), ("GC III Art. 109(3)", V),
               ("GC III Art. 109(2)", V), ("GC III Art. 111", V))
REPAT_2 = rule("REPAT-2", "During hostilities able-bodied POWs are exchanged only by special "
               "agreement; a POW who objects and faces risk on return is left off exchange lists, "
               "and no agreed category overrides Art. 109(3) or non-refoulement.",
               ("GC III Art. 6", V), ("GC III Art. 109(2)", V))
# Arts. 112-117 (mixed medical commissions) are not formalised: their findings arrive as the
# `seriously_sick_or_wounded` fact. Art. 115 is cited by REPAT-6 below.
REPAT_3 = rule("REPAT-3", "After active hostilities cease, POWs are released and repatriated "
               "without delay; wilful unjustified delay is a grave breach.",
               ("GC III Art. 118", V), ("AP I Art. 85(4)(b)", V))
REPAT_5 = rule("REPAT-5", "A POW who refuses repatriation has his wish verified by the ICRC or "
               "another neutral body in a private interview, repeated at the point of handover; "
               "a return into danger must be shown to be freely chosen.",
               ("GC III Art. 118", V), ("GC III Art. 126", V))
REPAT_6 = rule("REPAT-6", "A POW facing criminal proceedings for an indictable offence may be "
               "held until the proceedings and any sentence end; a seriously sick or wounded one "
               "may go earlier with the Detaining Power's consent; a suspect of grave breaches is "
               "tried or handed over for trial and stays a POW.", ("GC III Art. 119(5)", V),
               ("GC III Art. 115", V), ("GC III Art. 129", V), ("GC III Art. 85", V))
# Arts. 120-121 (deaths) are not formalised.
CAPT_3 = rule("CAPT-3", "The Information Bureau records each POW and forwards his identity and "
              "capture to the Powers concerned through the Central Agency without delay; his "
              "wishes, asylum claim and intent to defect are not data Art. 122 requires, and "
              "withholding them rests on non-refoulement and data protection.",
              ("GC III Art. 122", V), ("GC III Art. 123", V), ("GC III Art. 17", V))
CAPT_4 = rule("CAPT-4", "ICRC and Protecting Power delegates may visit and interview POWs without "
              "witnesses; visits may be barred only temporarily for imperative military "
              "necessity.", ("GC III Art. 126", V), ("GC III Art. 9", V),
              ("Customary IHL Rule 124", V))
# Arts. 129-130 (grave breaches) are formalised only as the `prosecute_or_extradite` action and
# the exchange reason `grave_breach_suspect`: the engine decides no criminal liability.

MEMBERS = frozenset({"armed_forces", "militia_in_armed_forces"})
POW_CODES = frozenset({"pow", "pow_pending_tribunal"})
MILITIA = ("responsible_command", "fixed_sign", "arms_openly", "laws_of_war")


def _tribunal_pow(run: Run) -> str | None:
    return "pow" if run.facts.tribunal_decision == "pow" else None


def _tribunal_not_pow(run: Run) -> str | None:
    # The base of the tribunal's negative decision; mercenary and spy (api) are its exceptions.
    return "not_pow" if run.facts.tribunal_decision == "not_pow" else None


def _doubt(run: Run) -> str | None:
    return "pow_pending_tribunal" if run.facts.status_doubt else None


def _member(run: Run) -> str | None:
    return "pow" if run.facts.affiliation in MEMBERS else None


def _unrecognised(run: Run) -> str | None:
    return "pow" if run.facts.affiliation == "unrecognised_government_forces" else None


def _militia_outside_ap1(run: Run) -> bool:
    f = run.facts
    if f.affiliation != "other_militia" or run.ap1:
        return False
    for name in MILITIA:
        f.need_path(f"militia_conditions.{name}", name in f.militia_conditions)
    return True


def _militia_four_conditions(run: Run) -> str | None:
    """Outside AP I: POW when all four Art. 4A(2) conditions hold."""
    if not _militia_outside_ap1(run):
        return None
    held = run.facts.militia_conditions
    return "pow" if all(held.get(name) is True for name in MILITIA) else None


def _militia_doubt(run: Run) -> str | None:
    # A failing or unknown condition costs the status only by a tribunal's decision (STATUS-5).
    return "pow_pending_tribunal" if _militia_outside_ap1(run) else None


ART_5_2_DECIDED_POW = Clause("gc3.art_5_2_tribunal_pow", STATUS_5, ("tribunal_decision",),
                             _tribunal_pow, ("GC III Art. 5(2)",))
ART_5_2_DECIDED_NOT_POW = Clause("gc3.art_5_2_tribunal_not_pow", STATUS_5, ("tribunal_decision",),
                                 _tribunal_not_pow, ("GC III Art. 5(2)",))
ART_5_2_DOUBT = Clause("gc3.art_5_2_doubt", STATUS_5, ("status_doubt",), _doubt)
ART_4A1 = Clause("gc3.art_4a1_members", STATUS_1, ("affiliation",), _member)
ART_4A3 = Clause("gc3.art_4a3_unrecognised_government", STATUS_3, ("affiliation",), _unrecognised)
ART_4A2 = Clause("gc3.art_4a2_militia", STATUS_2, ("affiliation", "militia_conditions"),
                 _militia_four_conditions)
ART_4A2_DOUBT = Clause("gc3.art_5_2_militia_conditions", STATUS_5,
                       ("affiliation", "militia_conditions"), _militia_doubt, ("GC III Art. 5(2)",))
