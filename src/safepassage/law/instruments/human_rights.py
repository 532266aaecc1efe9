"""Human-rights law on return: CAT Art. 3 and ICCPR Arts. 6-7 (REPAT-4's absolute bar)."""

from __future__ import annotations

from safepassage.law.rules import U, V, rule

# The ICRC 2020 commentary link is the icrc_2020 position's reference (data/positions.yaml).
REPAT_4 = rule("REPAT-4", "Where there are substantial grounds to believe he faces a real risk of "
               "torture, ill-treatment, arbitrary killing or persecution on return, he must not "
               "be repatriated against his will.", ("CAT Art. 3", V), ("ICCPR Art. 6", V),
               ("ICCPR Art. 7", V), ("RC Art. 33(1)", V), ("ICRC 2020 Commentary Art. 118", U))

# The CAT/ICCPR bar admits no security exception (standard doctrine, unverified here);
# RC Art. 33(2) exists only in refugee law.
ABSOLUTE_CITATIONS: dict[str, tuple[str, ...]] = {
    "torture": ("CAT Art. 3", "ICCPR Art. 7"),
    "ill_treatment": ("ICCPR Art. 7",),
    "arbitrary_killing": ("ICCPR Art. 6",),
    "death_penalty": ("ICCPR Art. 6",),
}
# Unknown kinds of a substantial risk are read as absolute: the protective reading.
UNKNOWN_KINDS_CITATIONS = ("CAT Art. 3", "ICCPR Art. 6", "ICCPR Art. 7")
# ICCPR Art. 2 (General Comment 31 §12) founds the duty not to remove; not formalised apart.
