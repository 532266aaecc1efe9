"""Progress bars for long commands: tqdm on stderr, never stdout, and only when wanted.

Shown when stderr is a terminal, or when `--progress` asks for them (a log file, CI); never
with `--no-progress`. Standard output stays exactly what the command prints without them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import IO, Any, TypeVar

T = TypeVar("T")
HELP_ON = "show progress bars on stderr even when it is not a terminal"
HELP_OFF = "never show progress bars"


def add_progress_flags(parser: argparse.ArgumentParser) -> None:
    """`--progress` / `--no-progress`, read back as `progress`: True, False, or None (decide by TTY)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--progress", dest="progress", action="store_true", default=None, help=HELP_ON)
    group.add_argument("--no-progress", dest="progress", action="store_false", help=HELP_OFF)


def wanted(flag: bool | None, stream: IO[str] | None = None) -> bool:
    """The flag when given; otherwise whether the stream is a terminal."""
    if flag is not None:
        return flag
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """One bar per stage of a run, or nothing at all when not enabled."""

    def __init__(self, enabled: bool = False, stream: IO[str] | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._bar: Any = None

    def stage(self, name: str, total: int | None = None, unit: str = "row") -> None:
        """Close the current bar and start one for `name` (a counter when the total is unknown)."""
        self.close()
        if not self.enabled:
            return
        from tqdm import tqdm

        terminal = wanted(None, self.stream)
        self._bar = tqdm(
            total=total,
            desc=name,
            unit=unit,
            file=self.stream,
            leave=True,
            ascii=not terminal,
            dynamic_ncols=terminal,
            unit_scale=unit == "B",
            mininterval=0.2,
        )

    def describe(self, name: str) -> None:
        """Rename the current stage (a bar over named steps)."""
        if self._bar is not None:
            self._bar.set_description(name)

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def each(self, items: Iterable[T], name: str, total: int | None = None, unit: str = "row") -> Iterator[T]:
        """Yield the items, advancing one stage's bar by one for each."""
        self.stage(name, total, unit)
        for item in items:
            yield item
            self.advance()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class CountingReader:
    """A binary file whose reads advance a progress bar by the bytes read."""

    def __init__(self, raw: Any, progress: Progress) -> None:
        self.raw, self.progress = raw, progress

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.raw.read(size)
        self.progress.advance(len(data))
        return data


SILENT = Progress(False)
