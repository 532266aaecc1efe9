"""The birth-date comparison: full, year only, day and month swapped, years apart."""

from __future__ import annotations

from safepassage.linkage.comparisons.base import ELSE, LabelledComparison


class BirthDateComparison(LabelledComparison):
    """Placeholder dates (01.01.YYYY) arrive here as year only, so they never look exact."""

    OUTPUT = "birth_date"
    DESCRIPTION = "birth date"
    COLUMNS = {"year": "birth_year", "month": "birth_month", "day": "birth_day"}
    LEVELS = (
        ("birth date unknown on one side", "birth_year_l IS NULL OR birth_year_r IS NULL"),
        (
            "same full birth date",
            "birth_year_l = birth_year_r AND birth_month_l = birth_month_r AND birth_day_l = birth_day_r",
        ),
        (
            "same year, day and month swapped",
            "birth_year_l = birth_year_r AND birth_month_l = birth_day_r AND birth_day_l = birth_month_r",
        ),
        (
            "same year, day unknown on one side",
            "birth_year_l = birth_year_r AND (birth_day_l IS NULL OR birth_day_r IS NULL)",
        ),
        ("same year, different day", "birth_year_l = birth_year_r"),
        ("birth years one apart", "abs(birth_year_l - birth_year_r) = 1"),
        ("different birth years", ELSE),
    )
