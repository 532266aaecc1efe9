"""A determination as people read it: phrases, citations, one numbered explanation, differences.

The engine's answer is JSON of codes (docs/assess.md). The person page and the case file show it
through this reading, in the reader's language: each code as its phrase (protection.phrases,
the code kept for a tooltip), warnings first, and, when another position is compared with the
stored one, which parts differ.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safepassage import law
from safepassage.core.countries import country_name
from safepassage.law.schema import FACTS
from safepassage.protection.facts import RecordWarning
from safepassage.protection.phrases import fact_label, phrase
from safepassage.protection.work import RESOLVE


@dataclass(frozen=True)
class Phrase:
    """A code as read: `text` in the reader's language; `code` for the tooltip."""

    code: str
    text: str


@dataclass(frozen=True)
class Line:
    """One part of the answer: its phrase, its citations, and whether it differs when compared."""

    key: str
    label: str
    value: Phrase
    citations: tuple[str, ...] = ()
    details: tuple[Phrase, ...] = ()
    differs: bool = False

    @property
    def anchor(self) -> str:
        """The element id's tail on the person page (det-status, det-nr, ...)."""
        return {"non_refoulement": "nr", "refugee_claim": "refugee"}.get(self.key, self.key)


@dataclass(frozen=True)
class PathwayLine:
    pathway: Phrase
    destination: str
    state: Phrase
    blockers: tuple[Phrase, ...]
    differs: bool = False


@dataclass(frozen=True)
class ActionLine:
    action: Phrase
    citations: tuple[str, ...]
    differs: bool = False


@dataclass(frozen=True)
class WarningLine:
    warning: Phrase
    facts: tuple[str, ...]
    citations: tuple[str, ...]
    from_records: bool


@dataclass(frozen=True)
class ExplanationLine:
    text: str
    rule: str = ""
    citation: str = ""
    verified: bool = True


@dataclass
class Reading:
    warnings: list[WarningLine]
    lines: list[Line]
    pathways: list[PathwayLine]
    actions: list[ActionLine]
    explanation: list[ExplanationLine]
    position: Phrase
    # Set when another position is compared with the stored one.
    compared_with: Phrase | None = None
    differences: list[str] = field(default_factory=list)


def _country(code: str | None) -> str:
    return f"{country_name(code)}" if code else "—"


def _value(key: str, value: Any) -> str:
    """A fact's value in words: yes/no, a country's name, a phrase for an enum value."""
    kind = FACTS.get(key, ("", ()))[0]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return _("not known")
    if kind == "country":
        return _country(value)
    if kind == "countries":
        return ", ".join(_country(v) for v in value) or _("none")
    if kind == "date":
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    if kind in ("enum", "enums"):
        values = value if isinstance(value, list) else [value]
        return ", ".join(phrase("value", v) for v in values) or _("none")
    if kind == "bools" and isinstance(value, dict):
        return ", ".join(f"{k}: {_value('', v)}" for k, v in value.items())
    if kind == "third_states" and isinstance(value, list):
        return ", ".join(_country(row.get("state")) for row in value) or _("none")
    return str(value)


def _facts_used(used: dict[str, Any]) -> str:
    return "; ".join(f"{fact_label(key)}: {_value(key, value)}" for key, value in used.items())


def _non_refoulement(result: dict[str, Any]) -> Phrase:
    nr = result["non_refoulement"]
    if nr["applies"]:
        code = "absolute" if nr["absolute"] else "applies"
    elif nr.get("assessed") is False:
        code = "not_assessed"
    else:
        code = "not_established"
    return Phrase(code, phrase("non_refoulement", code))


def _lines(result: dict[str, Any]) -> list[Line]:
    status, repat, refugee = result["status"], result["repatriation"], result["refugee_claim"]
    exchange, nr = result["exchange"], result["non_refoulement"]
    if exchange["eligible"]:
        exchange_value = Phrase("eligible", _("eligible"))
    else:
        exchange_value = Phrase("not_eligible", _("not eligible"))
    return [
        Line(
            "status",
            _("Status"),
            Phrase(status["code"], phrase("status", status["code"])),
            tuple(status["citations"]),
            tuple(Phrase(c, c) for c in status.get("fallback", ())),
        ),
        Line(
            "repatriation",
            _("Repatriation"),
            Phrase(repat["code"], phrase("repatriation", repat["code"])),
            tuple(repat["citations"]),
        ),
        Line(
            "exchange",
            _("Exchange"),
            exchange_value,
            (),
            tuple(Phrase(r, phrase("exchange_reason", r)) for r in exchange["reasons"]),
        ),
        Line(
            "non_refoulement",
            _("Non-refoulement"),
            _non_refoulement(result),
            tuple(nr["citations"]),
            tuple(Phrase(d, _country(d)) for d in nr.get("destinations", ())),
        ),
        Line(
            "refugee_claim",
            _("Refugee claim"),
            Phrase(refugee["code"], phrase("refugee_claim", refugee["code"])),
            tuple(refugee["citations"]),
        ),
    ]


def _line_key(line: Line) -> tuple[str, tuple[str, ...]]:
    return (line.value.code, tuple(d.code for d in line.details))


def _pathway_key(p: dict[str, Any]) -> tuple[str, str]:
    return (p["code"], p.get("destination") or "")


def _warnings(result: dict[str, Any], records: list[RecordWarning]) -> list[WarningLine]:
    rules = law.RULES
    lines = [
        WarningLine(
            Phrase(w["code"], phrase("warning", w["code"])),
            tuple(fact_label(f.split(".")[0]) for f in w.get("facts", ())),
            tuple(rules[r].citation for r in w.get("rules", ()) if r in rules),
            False,
        )
        for w in result.get("warnings", ())
    ]
    for w in records:
        detail = {k: _date_or_text(v) for k, v in w.detail.items()}
        lines.append(
            WarningLine(
                Phrase(w.code, phrase("warning", w.code, **detail)),
                tuple(fact_label(f) for f in w.facts),
                (),
                True,
            )
        )
    return lines


def _date_or_text(value: str) -> str:
    try:
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:
        return value


def _explanation(result: dict[str, Any], facts: dict[str, Any]) -> list[ExplanationLine]:
    """Each rule that fired, once, with every fact it used, in the reader's language; then what
    each missing fact would change. The list numbers the lines: the texts carry no numbers."""
    from safepassage.law.positions import POSITION_TABLE

    order: list[str] = []
    entries: dict[str, dict[str, Any]] = {}
    for entry in result.get("trace", ()):
        rule_id = entry["rule"]
        if rule_id not in entries:
            order.append(rule_id)
            entries[rule_id] = {**entry, "facts": dict(entry.get("facts") or {})}
        else:
            entries[rule_id]["facts"].update(entry.get("facts") or {})
    lines: list[ExplanationLine] = []
    for rule_id in order:
        entry = entries[rule_id]
        citation, verified = entry.get("citation", ""), bool(entry.get("verified", True))
        if rule_id == "POSITION":
            name = str(entry.get("result", ""))
            p = POSITION_TABLE.get(name)
            text = phrase("position", name)
            if p is not None:
                text = _("Position: {label}. {summary}").format(label=text, summary=_(p.summary))
            lines.append(ExplanationLine(text, rule_id, citation, verified))
            continue
        rule = law.RULES.get(rule_id)
        text = _(rule.statement) if rule is not None else rule_id
        if entry["facts"]:
            text += " " + _("Facts used: {facts}.").format(facts=_facts_used(entry["facts"]))
        lines.append(ExplanationLine(text, rule_id, citation, verified))
    for key in result.get("missing_facts", ()):
        lines.append(ExplanationLine(_missing(result, facts, key)))
    return lines


def _digest(result: dict[str, Any]) -> dict[str, str]:
    """The parts of an answer a person reads, as phrases, to say what a missing fact would change."""
    digest = {line.label: line.value.text for line in _lines(result)}
    for p in result["pathways"]:
        name = phrase("pathway", p["code"]) + (
            f" ({_country(p['destination'])})" if p.get("destination") else ""
        )
        digest[name] = phrase("pathway_state", p["state"])
    return digest


def _possible_values(key: str) -> list[Any]:
    kind, allowed = FACTS.get(key, ("", ()))
    if kind == "bool":
        return [True, False]
    if kind == "enum":
        return list(allowed)
    return []


def _missing(result: dict[str, Any], facts: dict[str, Any], key: str) -> str:
    base = key.split("[")[0].split(".")[0]
    label = fact_label(base)
    values = _possible_values(key) if base == key else []
    changes = []
    if values and facts:
        before = _digest(result)
        for value in values:
            changed = copy.deepcopy(facts)
            changed[key] = value
            try:
                after = _digest(law.assess(changed, position=result["position"]))
            except (law.FactsError, ValueError):
                continue
            differs = [f"{name}: {text}" for name, text in after.items() if before.get(name) != text]
            if differs:
                changes.append(
                    _("if {value}: {differences}").format(
                        value=_value(key, value), differences="; ".join(differs)
                    )
                )
    if changes:
        return _("Not known: {fact}. It would change the answer: {changes}.").format(
            fact=label, changes=" / ".join(changes)
        )
    return _("Not known: {fact}. The answer above is the most protective one the known facts allow.").format(
        fact=label
    )


def read_determination(
    result: dict[str, Any],
    facts: dict[str, Any],
    *,
    record_warnings: list[RecordWarning] | None = None,
    compare_to: dict[str, Any] | None = None,
) -> Reading:
    """The reading of `result`; with `compare_to` (the stored answer), every part that differs is marked."""
    lines = _lines(result)
    pathways = result["pathways"]
    actions = result["actions"]
    differences: list[str] = []
    before_lines: dict[str, Line] = {}
    before_paths: dict[tuple[str, str], dict[str, Any]] = {}
    before_actions: set[str] = set()
    if compare_to is not None:
        before_lines = {line.key: line for line in _lines(compare_to)}
        before_paths = {_pathway_key(p): p for p in compare_to["pathways"]}
        before_actions = {a["code"] for a in compare_to["actions"]}
        marked = []
        for line in lines:
            old = before_lines.get(line.key)
            differs = old is None or _line_key(old) != _line_key(line)
            marked.append(Line(line.key, line.label, line.value, line.citations, line.details, differs))
            if differs:
                differences.append(line.label)
        lines = marked
    path_lines = []
    for p in pathways:
        old = before_paths.get(_pathway_key(p))
        differs = compare_to is not None and (
            old is None or (old["state"], old["blockers"]) != (p["state"], p["blockers"])
        )
        path_lines.append(
            PathwayLine(
                Phrase(p["code"], phrase("pathway", p["code"])),
                _country(p.get("destination")) if p.get("destination") else "—",
                Phrase(p["state"], phrase("pathway_state", p["state"])),
                tuple(Phrase(b, phrase("blocker", b)) for b in p["blockers"]),
                differs,
            )
        )
    if compare_to is not None and (
        any(pl.differs for pl in path_lines) or {_pathway_key(p) for p in pathways} != set(before_paths)
    ):
        differences.append(_("Pathways"))
    action_lines = [
        ActionLine(
            Phrase(a["code"], phrase("action", a["code"])),
            tuple(a.get("citations", ())),
            compare_to is not None and a["code"] not in before_actions,
        )
        for a in actions
    ]
    if record_warnings and not any(a["code"] == RESOLVE for a in actions):
        # Records that contradict each other: the officer must resolve them (protection.work).
        action_lines.append(ActionLine(Phrase(RESOLVE, phrase("action", RESOLVE)), ()))
    if compare_to is not None and {a["code"] for a in actions} != before_actions:
        differences.append(_("Next actions"))
    position = result.get("position", "")
    return Reading(
        warnings=_warnings(result, record_warnings or []),
        lines=lines,
        pathways=path_lines,
        actions=action_lines,
        explanation=_explanation(result, facts),
        position=Phrase(position, phrase("position", position)),
        compared_with=(
            Phrase(compare_to.get("position", ""), phrase("position", compare_to.get("position", "")))
            if compare_to is not None
            else None
        ),
        differences=differences,
    )
