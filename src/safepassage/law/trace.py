"""Trace entries as compact records, rendered to dicts or JSON only when the output is built."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# The same settings as the output's JSON (compact, UTF-8 kept), so fragments join byte-exact.
encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# What JSONEncoder(ensure_ascii=False) itself calls for a str: the same bytes, without the
# encoder's per-call set-up.
encode_str = json.encoder.encode_basestring  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Head:
    """The constant start of a trace entry: rule id, citation and mark, with its JSON made once."""

    rule: str
    citation: str
    verified: bool
    json: str


_HEADS: dict[tuple[str, str, bool], Head] = {}


def head(rule: str, citation: str, verified: bool) -> Head:
    """The shared Head for (rule, citation, verified); the keys come from code and data files
    only (rules, positions, fixed citations), so the table stays small."""
    key = (rule, citation, verified)
    found = _HEADS.get(key)
    if found is None:
        found = _HEADS[key] = Head(rule, citation, verified, (
            f'{{"rule":{encode_str(rule)},"citation":{encode_str(citation)},'
            f'"verified":{"true" if verified else "false"},"facts":'))
    return found


# An entry: its head, the fact keys it used (read when rendered) or a snapshot of the facts
# taken when they were about to change, and its result.
Entry = tuple[Head, tuple[str, ...] | dict[str, Any], str]
