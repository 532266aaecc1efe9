"""The unit comparison on a normalised unit key (its number where it has one)."""

from __future__ import annotations

from safepassage.linkage.comparisons.base import ELSE, LabelledComparison


class UnitComparison(LabelledComparison):
    OUTPUT = "unit"
    DESCRIPTION = "unit"
    COLUMNS = {"unit": "unit_key"}
    LEVELS = (
        ("unit unknown on one side", "unit_key_l IS NULL OR unit_key_r IS NULL"),
        ("same unit", "unit_key_l = unit_key_r"),
        ("different unit", ELSE),
    )
