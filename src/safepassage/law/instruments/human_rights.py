"""Human-rights law on return: CAT Art. 3, ICCPR Arts. 6-7, CPED Art. 16 and the ECHR (REPAT-4)."""

from __future__ import annotations

from safepassage.law.rules import U, V, rule

# The ICRC 2020 commentary link is the icrc_2020 position's reference (data/positions.yaml).
REPAT_4 = rule("REPAT-4", "Where there are substantial grounds to believe he faces a real risk of "
               "torture, ill-treatment, arbitrary killing or persecution on return, he must not "
               "be repatriated against his will, nor sent to a state that would send him on.",
               ("CAT Art. 3", V), ("ICCPR Art. 6", V), ("ICCPR Art. 7", V),
               ("HRC General Comment 31 §12", V), ("RC Art. 33(1)", V), ("ECHR Art. 2", V),
               ("ECHR Art. 3", V), ("ICRC 2020 Commentary Art. 118", U))
# The ROK's 1966 reservation on Art. 118 and its 1982 declaration on AP I Art. 85(4)(b) bind only
# the ROK's own treaty relations: for other Detaining Powers they are state practice, cited as
# the free_will position's reference (data/positions.yaml), never as law.

# The CAT/ICCPR/CPED/ECHR bars admit no security exception; RC Art. 33(2) exists only in refugee
# law. Citations per kind of risk, then those that apply where the Detaining Power is an ECHR party.
ABSOLUTE_KINDS = frozenset({"torture", "ill_treatment", "arbitrary_killing", "death_penalty",
                            "enforced_disappearance"})
KIND_CITATIONS: dict[str, tuple[str, ...]] = {
    "torture": ("CAT Art. 3", "ICCPR Art. 7"),
    "ill_treatment": ("ICCPR Art. 7",),
    "arbitrary_killing": ("ICCPR Art. 6",),
    "death_penalty": ("ICCPR Art. 6", "ICCPR OP2 Art. 1"),
    "enforced_disappearance": ("CPED Art. 16",),
}
ECHR_CITATIONS: dict[str, tuple[str, ...]] = {
    "torture": ("ECHR Art. 3",),
    "ill_treatment": ("ECHR Art. 3",),
    "arbitrary_killing": ("ECHR Art. 2",),
    "death_penalty": ("ECHR Art. 2", "ECHR Protocol 13"),
    "flagrant_denial_of_justice": ("ECHR Art. 6",),
}
# Unknown kinds of a substantial risk are read as absolute: the protective reading.
UNKNOWN_KINDS_CITATIONS = ("CAT Art. 3", "ICCPR Art. 6", "ICCPR Art. 7")
# IHL's own limit on Art. 118 (ICRC 2020) has no exclusion clause; cited where refugee law's
# RC Art. 33 is lost by exclusion, or where no treaty above covers the kind of risk.
IHL_LIMIT = "ICRC 2020 Commentary Art. 118"
# A flagrant denial of justice outside the ECHR (ICCPR Art. 14) is not formalised as a bar of its
# own: the IHL limit is cited for it.
