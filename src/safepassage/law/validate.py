"""Checks one facts object against the input contract and returns it cleaned of nulls."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from typing import Any

from safepassage.law.schema import AGE_RANGE, FACTS

ERR_NOT_OBJECT = "{path}expected a JSON object of facts, got {got}"
ERR_UNKNOWN_KEY = "{path}: unknown key{hint}; allowed keys: {allowed}"
ERR_BOOL = "{path}: expected true or false, got {got}"
ERR_ENUM = "{path}: {got} is not allowed; allowed values: {allowed}"
ERR_ENUM_TYPE = "{path}: expected one of the strings {allowed}, got {got}"
ERR_LIST = "{path}: expected a list, got {got}"
ERR_OBJECT = "{path}: expected an object with keys {allowed}, got {got}"
ERR_COUNTRY = "{path}: expected an ISO 3166 alpha-2 code (two capital letters, e.g. UA), got {got}"
ERR_DATE = "{path}: expected a date YYYY-MM-DD, got {got}"
ERR_INT = "{path}: expected a whole number of years from {low} to {high}, got {got}"
ERR_REQUIRED = "{path}: required key missing; each third state needs a `state` (ISO alpha-2)"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_JSON_TYPES = {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
               dict: "object", type(None): "null"}


class FactsError(ValueError):
    """A facts object breaks the input contract; `path` names the offending key."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _got(value: Any) -> str:
    kind = _JSON_TYPES.get(type(value), type(value).__name__)
    if isinstance(value, dict | list):
        return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # not a JSON value: a Python caller passed an object
        text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{kind} {text}"


def _fail(template: str, path: str, value: Any = None, allowed: tuple[str, ...] = (),
          hint: str = "") -> FactsError:
    message = template.format(path=path, got=_got(value), allowed=", ".join(allowed), hint=hint)
    return FactsError(message, path)


def _unknown(path: str, key: str, allowed: tuple[str, ...]) -> FactsError:
    close = difflib.get_close_matches(key, allowed, n=1)
    return _fail(ERR_UNKNOWN_KEY, path, allowed=allowed,
                 hint=f" (did you mean {close[0]}?)" if close else "")


# Every ISO 3166 alpha-2 shape (two capital letters A-Z): one set look-up checks a code.
_COUNTRY_CODES = frozenset(chr(a) + chr(b) for a in range(65, 91) for b in range(65, 91))


def _country(path: str, value: Any) -> str:
    if type(value) is str and value in _COUNTRY_CODES:
        return value
    raise _fail(ERR_COUNTRY, path, value)


def _bool(path: str, value: Any) -> bool:
    if type(value) is bool:
        return value
    raise _fail(ERR_BOOL, path, value)


def _enum(path: str, value: Any, allowed: tuple[str, ...]) -> str:
    if type(value) is str:
        if value in allowed:
            return value
        raise _fail(ERR_ENUM, path, value, allowed)
    raise _fail(ERR_ENUM_TYPE, path, value, allowed)


def _date(path: str, value: Any) -> str:
    if type(value) is date:  # Python callers (the Django services) may pass a date itself
        return value.isoformat()
    if type(value) is str and _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    raise _fail(ERR_DATE, path, value)


def _years(path: str, value: Any) -> int:
    low, high = AGE_RANGE
    if type(value) is int and low <= value <= high:
        return value
    message = ERR_INT.format(path=path, low=low, high=high, got=_got(value))
    raise FactsError(message, path)


def _list(path: str, value: Any) -> list[Any]:
    if type(value) is list:
        return value
    raise _fail(ERR_LIST, path, value)


def _bools(path: str, value: Any, fields: tuple[str, ...]) -> dict[str, bool]:
    if type(value) is not dict:
        raise _fail(ERR_OBJECT, path, value, fields)
    clean: dict[str, bool] = {}
    for key, item in value.items():
        if key not in fields:
            raise _unknown(f"{path}.{key}", str(key), fields)
        if item is not None:  # null: not known, as if the key were absent
            clean[key] = _bool(f"{path}.{key}", item)
    return clean


def _third_states(path: str, value: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    clean: list[dict[str, Any]] = []
    for index, item in enumerate(_list(path, value)):
        where = f"{path}[{index}]"
        if type(item) is not dict:
            raise _fail(ERR_OBJECT, where, item, fields)
        row: dict[str, Any] = {}
        for key, field in item.items():
            if key not in fields:
                raise _unknown(f"{where}.{key}", str(key), fields)
            if field is None:
                continue
            if key == "state":
                row[key] = _country(f"{where}.{key}", field)
            else:
                row[key] = _bool(f"{where}.{key}", field)
        if "state" not in row:
            raise _fail(ERR_REQUIRED, f"{where}.state")
        clean.append(row)
    return clean


def _check(key: str, kind: str, allowed: tuple[str, ...], value: Any) -> Any:
    if kind == "bool":
        return _bool(key, value)
    if kind == "enum":
        return _enum(key, value, allowed)
    if kind == "country":
        return _country(key, value)
    if kind == "countries":
        return [_country(f"{key}[{i}]", item) for i, item in enumerate(_list(key, value))]
    if kind == "enums":
        return [_enum(f"{key}[{i}]", item, allowed) for i, item in enumerate(_list(key, value))]
    if kind == "date":
        return _date(key, value)
    if kind == "int":
        return _years(key, value)
    if kind == "bools":
        return _bools(key, value, allowed)
    return _third_states(key, value, allowed)


_ALLOWED_KEYS = tuple(FACTS)
# The flat table of the pass below: per key, a kind the loop checks inline (bool, enum,
# country, list of countries) or None for the rarer kinds, the allowed values as a set, and
# the contract's spec.
_BOOL, _ENUM, _COUNTRY, _COUNTRIES = 1, 2, 3, 4
_INLINE = {"bool": _BOOL, "enum": _ENUM, "country": _COUNTRY, "countries": _COUNTRIES}
_TABLE = {key: (_INLINE.get(kind), frozenset(allowed), kind, allowed)
          for key, (kind, allowed) in FACTS.items()}


def validate_facts(obj: Any) -> dict[str, Any]:
    """Return the facts with null values dropped; raise FactsError naming the first bad key.

    A null value means "not known", exactly as if the key were absent (every key is optional).
    """
    if type(obj) is not dict:
        raise _fail(ERR_NOT_OBJECT, "", obj)
    clean: dict[str, Any] = {}
    table, countries = _TABLE, _COUNTRY_CODES
    for key, value in obj.items():
        spec = table.get(key)
        if spec is None:
            raise _unknown(str(key), str(key), _ALLOWED_KEYS)
        if value is None:
            continue
        inline = spec[0]
        kind = type(value)
        # Valid values pass the inline tests; anything else goes to _check for its message.
        if (inline == _BOOL and kind is bool
                or inline == _ENUM and kind is str and value in spec[1]
                or inline == _COUNTRY and kind is str and value in countries):
            clean[key] = value
        elif inline == _COUNTRIES and kind is list and all(
                type(item) is str and item in countries for item in value):
            clean[key] = list(value)  # a copy, as _check makes
        else:
            clean[key] = _check(key, spec[2], spec[3], value)
    return clean
