"""Korean Armistice Agreement (1953) and NNRC Terms of Reference: the explanation-period template."""

from __future__ import annotations

from safepassage.law.data import procedure
from safepassage.law.rules import V, rule
from safepassage.law.scope import Run

REPAT_7 = rule("REPAT-7", "Those insisting on return are repatriated within 60 days; the rest go "
               "to a neutral commission for explanations, a political conference and then "
               "civilian status or a neutral country; no force either way.",
               ("Armistice Agreement Art. III(51)", V), ("NNRC Terms of Reference para 8", V),
               ("NNRC Terms of Reference para 11", V),
               ("UNGA Res. 610 (VII)", V))


def note_template(run: Run) -> None:
    """The configurable explanation-period timeline, in days from handover to the commission."""
    t = procedure("korean_war_template")
    explanations = t["explanation_days"]["value"]
    conference = explanations + t["political_conference_days"]["value"]
    move = conference + t["neutral_country_move_days"]["value"]
    run.note(REPAT_7, ("wish",), f"explanation period to day {explanations}, political "
             f"conference to day {conference}, then civilian status; move to a neutral country by "
             f"day {move}")
