"""Which missing fact would change the answer: re-assess with each value it could take."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from typing import Any

from safepassage.law.engine import evaluate
from safepassage.law.positions import POSITION_TABLE
from safepassage.law.schema import FACTS
from safepassage.law.text import Translate, gettext_noop, untranslated
from safepassage.law.validate import validate_facts

_INDEXED = re.compile(r"third_states\[(\d+)\]\.(\w+)")
NEEDED_ONLY = gettext_noop("Missing fact {key}: not given; it is needed to name a state in the "
                           "answer, which otherwise stays as protective as the known facts allow.")
NO_CHANGE = gettext_noop("Missing fact {key}: not given; no single value of it would change the "
                         "answer on its own.")
CHANGES = gettext_noop("Missing fact {key}: not given; it would change the answer: {changes}.")
IF_VALUE = gettext_noop("if {value}, {differences}")


def _alternatives(key: str, facts: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, facts with the key set) for each value the missing fact could take."""
    match = _INDEXED.fullmatch(key)
    options: list[tuple[str, dict[str, Any]]] = []
    if match:
        index, field = int(match.group(1)), match.group(2)
        for value in (True, False):
            changed = copy.deepcopy(facts)
            changed["third_states"][index][field] = value
            options.append((json.dumps(value), changed))
        return options
    if "." in key:
        parent, field = key.split(".", 1)
        for value in (True, False):
            changed = copy.deepcopy(facts)
            changed.setdefault(parent, {})[field] = value
            options.append((json.dumps(value), changed))
        return options
    kind, allowed = FACTS[key]
    values: list[Any]
    if kind == "bool":
        values = [True, False]
    elif kind == "enum":
        values = list(allowed)
    elif kind == "enums":
        values = [[value] for value in allowed]
    elif key == "deployment_acknowledged_by" and facts.get("nationality"):
        values = [[facts["nationality"]], []]
    elif key == "wish_destination":
        values = ["KR"]
    else:
        return []
    return [(json.dumps(value), {**facts, key: value}) for value in values]


def _digest(result: dict[str, Any]) -> dict[str, str]:
    refoulement = result["non_refoulement"]
    digest = {
        "status": result["status"]["code"],
        "repatriation": result["repatriation"]["code"],
        "exchange": "eligible" if result["exchange"]["eligible"] else "not eligible",
        "non-refoulement": ("does not apply" if not refoulement["applies"]
                            else "absolute" if refoulement["absolute"] else "applies"),
        "refugee claim": result["refugee_claim"]["code"],
    }
    for pathway in result["pathways"]:
        name = f"{pathway['code']} {pathway['destination'] or ''}".strip()
        digest[name] = pathway["state"]
    return digest


def what_would_change(result: dict[str, Any], facts: dict[str, Any], key: str, *,
                      translate: Translate = untranslated) -> str:
    clean = validate_facts(facts)
    options = _alternatives(key, clean)
    if not options:
        return translate(NEEDED_ONLY).format(key=key)
    position = POSITION_TABLE[result["position"]]
    as_of = date.fromisoformat(result["as_of"])
    before = _digest(result)
    changes = []
    for label, changed in options:
        after = _digest(evaluate(changed, position, as_of))
        diff = [f"{name} {value}" for name, value in after.items() if before.get(name) != value]
        if diff:
            changes.append(translate(IF_VALUE).format(value=label, differences=", ".join(diff)))
    if not changes:
        return translate(NO_CHANGE).format(key=key)
    return translate(CHANGES).format(key=key, changes="; ".join(changes))
