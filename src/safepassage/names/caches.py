"""The memo caches of the name and linkage code, and a bound on them for long-lived processes.

The caches are sized for batch linkage: a reconciliation or a registry-wide dedupe compares up
to a million records in one short-lived process, where the same names and words come back
again and again. A web worker lives for days and meets other names at every search (each
search compares the query with up to 120 candidates' names); left alone, its caches would fill
towards their batch sizes, about 1.8 KB per name analysed, hundreds of MB per worker. `trim`
empties every cache grown past a limit: the server calls it every few requests (core.apps).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

# The functions found, per set of loaded modules (a module imported or reloaded: found again).
_found: dict[tuple[tuple[str, int], ...], list[tuple[str, Any]]] = {}


def memo_caches(packages: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(qualified name, function) of every memoised function defined in the loaded modules of `packages`."""
    prefixes = tuple(p + "." for p in packages)
    modules = [
        (name, module)
        for name, module in list(sys.modules.items())
        if module is not None and (name in packages or name.startswith(prefixes))
    ]
    key = tuple((name, id(module)) for name, module in modules)
    if key not in _found:
        _found.clear()
        seen: dict[int, tuple[str, Any]] = {}
        for name, module in modules:
            for attr, value in list(vars(module).items()):
                own = isinstance(value, MemoDict) or getattr(value, "__module__", None) == name
                if own and not isinstance(value, type) and _memoised(value):
                    seen.setdefault(id(value), (f"{name}.{attr}", value))
        _found[key] = list(seen.values())
    return _found[key]


class MemoInfo(NamedTuple):
    """What `functools.lru_cache`'s cache_info() tells, for a MemoDict (hits are not counted)."""

    hits: int
    misses: int
    maxsize: int | None
    currsize: int


class MemoDict(dict[Any, Any]):
    """A module's hand-made memo (a plain dict, for speed): `trim` sees it like a cached function."""

    def cache_info(self) -> MemoInfo:
        return MemoInfo(0, 0, None, len(self))

    def cache_clear(self) -> None:
        self.clear()


def _memoised(value: Any) -> bool:
    info: Callable[[], Any] | None = getattr(value, "cache_info", None)
    return callable(info) and callable(getattr(value, "cache_clear", None))


def trim(packages: tuple[str, ...], limit: int) -> list[str]:
    """Empty each memo cache of `packages` holding more than `limit` entries; their names."""
    cleared = []
    for name, function in memo_caches(packages):
        if function.cache_info().currsize > limit:
            function.cache_clear()
            cleared.append(name)
    return cleared


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic collector paused (then restored as it was) while names are analysed.

    Analysing a name allocates many small objects that stay in the caches; the collector
    would rescan them again and again during a batch or one search's few hundred names.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
