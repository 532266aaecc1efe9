"""Every URL route of the application, with the permission it declares for reads and writes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    view: Any
    read: str | None
    write: str | None
    has_writes: bool
    has_get: bool


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


def _declared(callback: Any) -> tuple[str | None, str | None]:
    cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if cls is None:
        value = getattr(callback, "permission", None)
        return value, value
    if hasattr(cls, "permission_read") or hasattr(cls, "permission_write"):
        return getattr(cls, "permission_read", None), getattr(cls, "permission_write", None)
    value = getattr(cls, "permission", None)
    return value, value


def all_routes() -> list[Route]:
    routes = []
    for name, pattern, callback in _walk(get_resolver().url_patterns):
        read, write = _declared(callback)
        cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        writes = cls is None or any(hasattr(cls, m) for m in ("post", "put", "patch", "delete"))
        gets = cls is None or hasattr(cls, "get")
        routes.append(Route(name, pattern, callback, read, write, writes, gets))
    return routes
