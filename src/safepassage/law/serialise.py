"""Compact JSON for one assessment, with the constant parts of trace entries cached."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from safepassage.law.engine import determine
from safepassage.law.positions import Position

# Trace entries repeat the same rule, citation and result strings across a batch, so their
# JSON is made once; each cache is cleared when full, which bounds memory on odd inputs.
_CACHE_LIMIT = 4096
_heads: dict[tuple[str, str, bool], str] = {}
_tails: dict[str, str] = {}
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _head(rule: str, citation: str, verified: bool) -> str:
    key = (rule, citation, verified)
    head = _heads.get(key)
    if head is None:
        if len(_heads) >= _CACHE_LIMIT:
            _heads.clear()
        head = _heads[key] = (f'{{"rule":{_encode(rule)},"citation":{_encode(citation)},'
                              f'"verified":{"true" if verified else "false"},"facts":')
    return head


def _tail(result: str) -> str:
    tail = _tails.get(result)
    if tail is None:
        if len(_tails) >= _CACHE_LIMIT:
            _tails.clear()
        tail = _tails[result] = f',"result":{_encode(result)}}}'
    return tail


def assessment_json(clean: dict[str, Any], position: Position, as_of: date | None) -> str:
    """The same JSON as `json.dumps(evaluate(...), ensure_ascii=False, separators=(",", ":"))`,
    built without materialising the trace as dicts."""
    result, trace = determine(clean, position, as_of)
    heads, tails, encode = _heads, _tails, _encode
    parts = []
    for rule, citation, verified, facts, outcome in trace:
        head = heads.get((rule, citation, verified)) or _head(rule, citation, verified)
        tail = tails.get(outcome) or _tail(outcome)
        parts.append(head + (encode(facts) if facts else "{}") + tail)
    return f'{encode(result)[:-1]},"trace":[{",".join(parts)}]}}'
