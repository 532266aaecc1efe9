"""The uncertain band laid out for a person: each pair with the evidence of every field."""

from __future__ import annotations

import pandas as pd

from safepassage.linkage.model import Model
from safepassage.names import name_similarity

REVIEW_COLUMNS = [
    "left_id",
    "right_id",
    "match_probability",
    "reason",
    "left_name",
    "right_name",
    "left_hangul",
    "right_hangul",
    "name_similarity",
    "name_evidence",
    "left_birth_date",
    "right_birth_date",
    "birth_date_evidence",
    "left_unit",
    "right_unit",
    "unit_evidence",
]


def _birth(year: object, month: object, day: object) -> str:
    if pd.isna(year):
        return ""
    if pd.isna(day):
        return f"{int(year):04d}"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def evidence(band: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Join each pair with both records' names, Hangul readings, dates and units."""
    if band.empty:
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    left_rows = left.set_index("unique_id").loc[band["left_id"]].reset_index(drop=True)
    right_rows = right.set_index("unique_id").loc[band["right_id"]].reset_index(drop=True)
    band = band.reset_index(drop=True)
    out = pd.DataFrame(
        {
            "left_id": band["left_id"],
            "right_id": band["right_id"],
            "match_probability": band["match_probability"],
            "reason": band["reason"],
            "left_name": left_rows["full_name"],
            "right_name": right_rows["full_name"],
            "left_hangul": [" / ".join(h[:3]) for h in left_rows["hangul"]],
            "right_hangul": [" / ".join(h[:3]) for h in right_rows["hangul"]],
            "name_similarity": [
                round(name_similarity(a, b), 3)
                for a, b in zip(left_rows["full_name"], right_rows["full_name"], strict=True)
            ],
            "name_evidence": [model.level_for_weight("name", w) for w in band["mw_name"]],
            "left_birth_date": [
                _birth(*r)
                for r in left_rows[["birth_year", "birth_month", "birth_day"]].itertuples(index=False)
            ],
            "right_birth_date": [
                _birth(*r)
                for r in right_rows[["birth_year", "birth_month", "birth_day"]].itertuples(index=False)
            ],
            "birth_date_evidence": [model.level_for_weight("birth_date", w) for w in band["mw_birth_date"]],
            "left_unit": left_rows["unit"],
            "right_unit": right_rows["unit"],
            "unit_evidence": [model.level_for_weight("unit", w) for w in band["mw_unit"]],
        }
    )
    return out[REVIEW_COLUMNS]
