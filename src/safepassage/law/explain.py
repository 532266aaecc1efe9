"""Explanations: a determination as numbered sentences, each with its rule, citation and mark."""

from __future__ import annotations

import json
from typing import Any

from safepassage.law.counterfactual import what_would_change
from safepassage.law.positions import POSITION_TABLE
from safepassage.law.rules import REGISTRY
from safepassage.law.text import Translate, gettext_noop, untranslated

# Every English text here is a message `makemessages` extracts (`_` or `gettext_noop`); rule
# statements are extracted from the `rule()` calls themselves (core/management/commands).
DISPUTED_ACKNOWLEDGEMENT = gettext_noop(
    "Disputed view (STATUS-9): before the deployment was acknowledged, officials and NGOs "
    "questioned whether GC III applied, and it is unsettled whether repatriation means the state "
    "of nationality or the state he served; the engine shows a repatriation pathway to each and "
    "never makes status depend on acknowledgement.")


def _facts_text(used: dict[str, Any], _: Translate) -> str:
    if not used:
        return _("no case facts")
    return "; ".join(f"{key}={json.dumps(value, ensure_ascii=False)}"
                     for key, value in used.items())


def _sentence(entry: dict[str, Any], _: Translate) -> str:
    mark = "V" if entry["verified"] else "U"
    if entry["rule"] == "POSITION":
        p = POSITION_TABLE[entry["result"]]
        return _("Position {name} ({label}): {summary} [POSITION, {citation}, {mark}]").format(
            name=p.name, label=_(p.label), summary=_(p.summary), citation=entry["citation"], mark=mark)
    rule = REGISTRY[entry["rule"]]
    return _("{statement} Here: {result}. [{rule}, {citation}, {mark}; facts used: {facts}]").format(
        statement=_(rule.statement), result=entry["result"], rule=rule.id,
        citation=entry["citation"], mark=mark, facts=_facts_text(entry["facts"], _))


def _pathway(p: dict[str, Any], _: Translate) -> str:
    name = (_("{code} to {destination}").format(code=p["code"], destination=p["destination"])
            if p["destination"] else p["code"])
    return f"{name}: {p['state']}" + (f" ({', '.join(p['blockers'])})" if p["blockers"] else "")


def _summary(result: dict[str, Any], _: Translate) -> list[str]:
    def cited(key: str) -> str:
        return ", ".join(result[key]["citations"])

    exchange = result["exchange"]
    refoulement = result["non_refoulement"]
    if not refoulement["applies"]:
        non_refoulement = _("Non-refoulement: does not apply.")
    elif refoulement["absolute"]:
        non_refoulement = _("Non-refoulement: applies, absolutely ({citations}).")
    else:
        non_refoulement = _("Non-refoulement: applies ({citations}).")
    actions = ", ".join(a["code"] for a in result["actions"]) or _("none")
    extra = []
    if refoulement.get("destinations"):
        frame = (_("Must not be sent to: {destinations}.") if refoulement["applies"]
                 else _("Risk on return not yet assessed: every pathway to {destinations} waits "
                        "for a risk assessment."))
        extra.append(frame.format(destinations=", ".join(refoulement["destinations"])))
    if result["status"].get("fallback"):
        extra.append(_("If he is not, or turns out not to be, a prisoner of war, he keeps: "
                       "{citations}.").format(citations=", ".join(result["status"]["fallback"])))
    return [
        _("Status: {code} ({citations}).").format(code=result["status"]["code"], citations=cited("status")),
        _("Repatriation: {code} ({citations}).").format(
            code=result["repatriation"]["code"], citations=cited("repatriation")),
        _("Exchange: eligible.") if exchange["eligible"]
        else _("Exchange: not eligible ({reasons}).").format(reasons=", ".join(exchange["reasons"])),
        non_refoulement.format(citations=cited("non_refoulement")),
        *extra,
        _("Refugee claim: {code} ({citations}).").format(
            code=result["refugee_claim"]["code"], citations=cited("refugee_claim")),
        _("Pathways: {pathways}.").format(pathways="; ".join(_pathway(p, _) for p in result["pathways"])),
        _("Actions: {actions}.").format(actions=actions),
    ]


def explain(result: dict[str, Any], facts: dict[str, Any] | None = None, *,
            translate: Translate = untranslated) -> list[str]:
    """Numbered sentences: the answer, then every rule that fired with its citation, its
    [V]/[U] mark and the facts it used, then each missing fact and what it would change.

    Pass the `facts` the result came from to learn, for each missing fact, which values would
    change the answer (docassemble style); without them each missing fact is only named.
    `translate` renders the sentences in the reader's language (the web layer passes gettext);
    codes, citations and facts stay as docs/assess.md spells them."""
    _ = translate
    lines = [*_summary(result, _)]
    lines.extend(_("Warning: {code} (facts: {facts}; rules: {rules}).").format(
        code=w["code"], facts=", ".join(w["facts"]), rules=", ".join(w["rules"]))
        for w in result.get("warnings", ()))
    disputed = False
    for entry in result["trace"]:
        lines.append(_sentence(entry, _))
        if entry["rule"] == "STATUS-9" and not disputed:
            lines.append(_(DISPUTED_ACKNOWLEDGEMENT))
            disputed = True
    for key in result["missing_facts"]:
        if facts is None:
            lines.append(_("Missing fact {key}: not given; the answer above is the most protective "
                           "one the known facts allow.").format(key=key))
        else:
            lines.append(what_would_change(result, facts, key, translate=_))
    return [f"{number}. {line}" for number, line in enumerate(lines, start=1)]
