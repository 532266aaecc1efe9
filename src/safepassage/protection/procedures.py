"""Application procedures as data (procedures/*.yaml) and the deadline each next step carries."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

ERR_UNKNOWN = "Unknown procedure {name!r}: use one of {allowed}."


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    actor: str
    anchor: str
    reference: str
    limit: dict[str, int] | None = None
    expected: dict[str, int] | None = None
    when_status: str | None = None
    decides: bool = False
    optional: bool = False
    law_value: str | None = None


@dataclass(frozen=True)
class Procedure:
    id: str
    name: str
    jurisdiction: str
    kinds: tuple[str, ...]
    rule: str
    reference: str
    steps: tuple[Step, ...]


@cache
def procedures() -> dict[str, Procedure]:
    found = {}
    folder = resources.files("safepassage.protection").joinpath("procedures")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        raw: dict[str, Any] = yaml.safe_load(entry.read_text("utf-8"))
        steps = tuple(Step(**step) for step in raw.pop("steps"))
        raw["kinds"] = tuple(raw["kinds"])
        found[raw["id"]] = Procedure(steps=steps, **raw)
    return found


def procedure(name: str) -> Procedure:
    try:
        return procedures()[name]
    except KeyError:
        raise ValueError(ERR_UNKNOWN.format(name=name, allowed=", ".join(sorted(procedures())))) from None


def add_working_days(start: date, days: int) -> date:
    """Monday to Friday only; public holidays are not modelled, so the date may be early, never late."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(anchor: date, rule: dict[str, int]) -> date:
    if "working_days" in rule:
        return add_working_days(anchor, rule["working_days"])
    if "months" in rule:
        return add_months(anchor, rule["months"])
    return anchor + timedelta(days=rule["days"])


@dataclass(frozen=True)
class NextStep:
    step: Step
    due: date | None
    binding: bool

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def next_step(proc: Procedure, *, filed_on: date, status: str, done: dict[str, date]) -> NextStep | None:
    """The first step not yet done that applies now, with its deadline (binding) or target."""
    anchors = {"filed": filed_on, **done}
    for step in proc.steps:
        if step.key in done or step.optional:
            continue
        if step.when_status and step.when_status != status:
            continue
        if step.decides and status != "pending":
            continue
        if step.when_status is None and status != "pending":
            continue
        anchor = anchors.get(step.anchor)
        rule, binding = (step.limit, True) if step.limit else (step.expected, False)
        due = due_date(anchor, rule) if (anchor and rule) else None
        return NextStep(step, due, binding)
    return None
