"""Rule metadata: each rule id (docs/law.md) with its citations and their verified/unverified marks."""

from __future__ import annotations

from dataclasses import dataclass

from safepassage.law.trace import Head, head

ERR_DUPLICATE_RULE = "rule {rule_id} is defined twice; every rule id is defined once"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of docs/law.md: the first citation is the primary one shown in traces."""

    id: str
    statement: str
    sources: tuple[tuple[str, bool], ...]
    # Derived from `sources` once, because traces read them for every assessment.
    citation: str
    verified: bool
    citations: tuple[str, ...]
    head: Head

    @property
    def mark(self) -> str:
        return "V" if self.verified else "U"

    def marked_citations(self) -> str:
        return "; ".join(f"{c} [{'V' if v else 'U'}]" for c, v in self.sources)


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, statement: str, *sources: tuple[str, bool]) -> Rule:
    """Define and register a rule; `sources` are (citation, verified) pairs, primary first."""
    if rule_id in REGISTRY:
        raise ValueError(ERR_DUPLICATE_RULE.format(rule_id=rule_id))
    defined = Rule(rule_id, statement, tuple(sources), sources[0][0], sources[0][1],
                   tuple(citation for citation, _ in sources),
                   head(rule_id, sources[0][0], sources[0][1]))
    REGISTRY[rule_id] = defined
    return defined


V = True
U = False
