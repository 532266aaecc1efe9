"""The legal engine: facts about one captive in, a cited and explainable determination out.

Pure Python (no Django). The contract is docs/assess.md; the rules and their sources are docs/law.md's.

    >>> from safepassage.law import assess
    >>> assess({"affiliation": "armed_forces", "wish": "return"})["status"]["code"]
    'pow'

`assess` validates, so callers may pass raw JSON objects; `validate_facts` alone raises
`FactsError` (its `path` names the offending key). `explain` turns a result into numbered
sentences; given the facts too, it says which missing fact would change the answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from safepassage.law.engine import evaluate
from safepassage.law.explain import explain
from safepassage.law.positions import DEFAULT_POSITION, POSITIONS
from safepassage.law.positions import position as get_position
from safepassage.law.rules import REGISTRY as RULES
from safepassage.law.validate import FactsError, validate_facts
from safepassage.law.version import ENGINE_VERSION

__all__ = ["ENGINE_VERSION", "POSITIONS", "RULES", "FactsError", "assess", "explain",
           "validate_facts"]


def assess(facts: dict[str, Any], *, position: str = DEFAULT_POSITION,
           as_of: date | None = None) -> dict[str, Any]:
    """Assess one person's facts under `position` on the date `as_of` (default: the facts'
    own `as_of`, else today). Raises FactsError for facts that break the contract and
    ValueError for an unknown position."""
    return evaluate(validate_facts(facts), get_position(position), as_of)
