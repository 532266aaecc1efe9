"""The evaluation machinery: a run's trace, and scopes of named rules layered by priority."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from safepassage.law.facts import Facts
from safepassage.law.positions import Position
from safepassage.law.rules import Rule
from safepassage.law.trace import Entry, head

ERR_NO_BASE_RULE = "a scope ended without its base rule applying; its last clause must always apply"


class Run:
    """One assessment in progress: the facts, the position, and what has been decided so far."""

    __slots__ = ("facts", "position", "trace", "status", "effective_wish", "refugee", "warnings",
                 "ap1", "echr", "mercenary", "refoulement", "as_if_return", "repatriation")

    def __init__(self, facts: Facts, position: Position) -> None:
        self.facts = facts
        self.position = position
        # Compact entries (head, fact keys, result): the facts they used are read only when
        # the output is built, as dicts for callers or straight into JSON by serialise.py.
        self.trace: list[Entry] = []
        self.status = "undetermined"
        self.effective_wish = facts.wish
        self.refugee = "may_claim"
        # docs/assess.md `warnings`, in the order they arose, one per code.
        self.warnings: list[dict[str, Any]] = []
        # Treaty membership on the assessment date, set by the engine before any scope runs.
        self.ap1 = False
        self.echr = False
        # The mercenary criteria after the consistency checks (scopes/status.py).
        self.mercenary: dict[str, bool] = {}
        # The `non_refoulement` output, decided before repatriation, which reads it.
        self.refoulement: dict[str, Any] = {}
        # Whether repatriation rule 1 went on as if a verified refusal were a wish to return.
        self.as_if_return = False
        self.repatriation = "not_applicable"

    def note(self, rule: Rule, keys: tuple[str, ...], result: str,
             citation: tuple[str, bool] | None = None) -> None:
        """Append a trace entry: the rule, its citation and mark, the facts it used, its result."""
        self.trace.append((rule.head if citation is None else head(rule.id, *citation), keys,
                           result))

    def warn(self, code: str, facts: tuple[str, ...], rules: tuple[str, ...]) -> None:
        """Add a warning of docs/assess.md once: facts that contradict each other or a position's gap."""
        if all(warning["code"] != code for warning in self.warnings):
            self.warnings.append({"code": code, "facts": list(facts), "rules": list(rules)})

    def freeze(self, key: str) -> None:
        """Before fact `key` changes, give the entries that used it their values as they are."""
        used = self.facts.used
        self.trace = [(cited, used(keys), result) if type(keys) is tuple and key in keys
                      else (cited, keys, result) for cited, keys, result in self.trace]


@dataclass(frozen=True, slots=True)
class Clause:
    """A named rule that, when it applies, gives the scope's code; `None` means it does not."""

    name: str
    rule: Rule
    uses: tuple[str, ...]
    decide: Callable[[Run], str | None]
    cite: tuple[str, ...] = ()
    citations: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "citations", self.cite or self.rule.citations)


def first_applicable(run: Run, clauses: tuple[Clause, ...]) -> tuple[str, Clause]:
    """Catala-style priority: the first exception that applies overrides those below it.

    The last clause of every scope is its base rule and always applies.
    """
    for clause in clauses:
        code = clause.decide(run)
        if code is not None:
            run.note(clause.rule, clause.uses, code)
            return code, clause
    raise LookupError(ERR_NO_BASE_RULE)


def determination(code: str, clause: Clause) -> dict[str, Any]:
    return {"code": code, "rules": [clause.rule.id], "citations": list(clause.citations)}
