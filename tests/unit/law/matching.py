"""Partial matching of an assessment against a scenario's `expect` and `expect_not`."""

from __future__ import annotations

from typing import Any


def matches(expected: Any, actual: Any) -> bool:
    """Dicts match on the keys given; lists match when each expected item matches some actual
    item; `{exactly: [...]}` demands the whole list; anything else must be equal."""
    if isinstance(expected, dict):
        if set(expected) == {"exactly"}:
            return bool(expected["exactly"] == actual)
        return isinstance(actual, dict) and all(
            key in actual and matches(value, actual[key]) for key, value in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and all(
            any(matches(item, candidate) for candidate in actual) for item in expected)
    return bool(expected == actual)


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where `actual` fails `expected`, as readable paths, for assertion messages."""
    if isinstance(expected, dict) and set(expected) != {"exactly"}:
        if not isinstance(actual, dict):
            return [f"{path or '.'}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{path}.{key}: absent")
            else:
                found.extend(mismatches(value, actual[key], f"{path}.{key}"))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        return [f"{path}: no item matches {item!r} in {actual!r}" for item in expected
                if not any(matches(item, candidate) for candidate in actual)]
    return [] if matches(expected, actual) else [f"{path}: expected {expected!r}, got {actual!r}"]


def present(unwanted: Any, actual: Any, path: str = "") -> list[str]:
    """Where something listed in `expect_not` appears: a list item, or an equal value."""
    if isinstance(unwanted, dict):
        if not isinstance(actual, dict):
            return []
        found = []
        for key, value in unwanted.items():
            if key in actual:
                found.extend(present(value, actual[key], f"{path}.{key}"))
        return found
    if isinstance(unwanted, list):
        if not isinstance(actual, list):
            return []
        return [f"{path}: {item!r} is present" for item in unwanted
                if any(matches(item, candidate) for candidate in actual)]
    return [f"{path}: is {actual!r}"] if unwanted == actual else []
