"""The unit comparison on a normalised unit key (its number where it has one)."""

from __future__ import annotations

from splink.internals.comparison_level_library import ExactMatchLevel

from safepassage.linkage.comparisons.base import ELSE, LabelledComparison

# A mistyped digit is one edit, two swapped neighbours two; keys shorter than a unit
# number are too short for two edits to mean a slip. `levenshtein` and `length` are
# spelled alike in DuckDB and Spark.
SLIP = "levenshtein(unit_key_l, unit_key_r) <= 2 AND length(unit_key_l) >= 4"


class UnitComparison(LabelledComparison):
    """Same unit weighs by how many men on the lists share it (term frequency).

    A unit of a thousand men says little, a number held by one man (a service number in
    the unit column) says a lot; a number one slip away still counts for something.
    """

    OUTPUT = "unit"
    DESCRIPTION = "unit"
    COLUMNS = {"unit": "unit_key"}
    LEVELS = (
        ("unit unknown on one side", "unit_key_l IS NULL OR unit_key_r IS NULL"),
        ("same unit", lambda: ExactMatchLevel("unit_key", term_frequency_adjustments=True)),
        ("unit numbers one slip apart", SLIP),
        ("different unit", ELSE),
    )
