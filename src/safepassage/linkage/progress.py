"""Progress through the stages of a linkage run (see safepassage.progress for when it shows)."""

from __future__ import annotations

from types import TracebackType
from typing import IO

from safepassage.progress import Progress, wanted


class Stages:
    """A bar over named stages; by default shown only when stderr is a terminal."""

    def __init__(self, names: list[str], stream: IO[str] | None = None, enabled: bool | None = None) -> None:
        self._progress = Progress(wanted(enabled, stream), stream)
        self._progress.stage("linkage", total=len(names), unit="step")

    def start(self, name: str) -> None:
        self._progress.describe(name)

    def done(self) -> None:
        self._progress.advance()

    def __enter__(self) -> Stages:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.close()
