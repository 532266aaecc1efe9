"""Progress through the stages of a run, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import IO, Any


class Stages:
    """A tqdm bar over named stages; silent when stderr is a file or a pipe."""

    def __init__(self, names: list[str], stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self._bar: Any = None
        if self.stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=len(names), file=self.stream, unit="step", leave=False)

    def start(self, name: str) -> None:
        if self._bar is not None:
            self._bar.set_description(name)

    def done(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def __enter__(self) -> Stages:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.close()
