"""Compact JSON for one assessment: trace entries from cached fragments, facts encoded once."""

from __future__ import annotations

from datetime import date
from typing import Any

from safepassage.law.engine import determine
from safepassage.law.facts import Facts
from safepassage.law.positions import Position
from safepassage.law.schema import FACTS
from safepassage.law.trace import encode, encode_str

# Results repeat across a batch, but some carry dates or states from the input, so this cache
# is cleared when full, which bounds memory on odd inputs.
_CACHE_LIMIT = 4096
_tails: dict[str, str] = {}
# `"key":` for every fact key, made once.
_KEYS = {key: encode_str(key) + ":" for key in FACTS}


def _tail(result: str) -> str:
    if len(_tails) >= _CACHE_LIMIT:
        _tails.clear()
    tail = _tails[result] = f',"result":{encode_str(result)}}}'
    return tail


def _fact(f: Facts, key: str) -> str:
    """`"key":value` for a given or derived fact, "" for one that is neither."""
    if key not in f.given and key not in f.derived:
        return ""
    value = getattr(f, key)
    kind = type(value)
    if kind is bool:
        text = "true" if value else "false"
    elif kind is str:
        text = encode_str(value)
    elif kind is list and all(type(item) is str for item in value):
        # Lists of codes are most list facts; the encoder's set-up costs more than they do.
        text = "[" + ",".join(map(encode_str, value)) + "]"
    else:
        text = encode(value)
    return _KEYS[key] + text


def assessment_json(clean: dict[str, Any], position: Position, as_of: date | None) -> str:
    """The same JSON as `json.dumps(evaluate(...), ensure_ascii=False, separators=(",", ":"))`,
    built without materialising the trace as dicts."""
    result, run = determine(clean, position, as_of)
    f = run.facts
    tails = _tails
    # Each fact's JSON is made once per assessment, however many entries used it.
    done: dict[str, str] = {}
    get = done.get
    parts = []
    append = parts.append
    for cited, keys, outcome in run.trace:
        if not keys:
            facts = "{}"
        elif type(keys) is dict:
            facts = encode(keys)
        else:
            fields = []
            for key in keys:
                field = get(key)
                if field is None:
                    field = done[key] = _fact(f, key)
                if field:
                    fields.append(field)
            facts = "{" + ",".join(fields) + "}"
        append(cited.json + facts + (tails.get(outcome) or _tail(outcome)))
    return f'{encode(result)[:-1]},"trace":[{",".join(parts)}]}}'
