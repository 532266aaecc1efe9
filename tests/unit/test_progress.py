"""Progress bars: on stderr only, when it is a terminal or --progress asks; never on stdout."""

from __future__ import annotations

import argparse
import io

import pytest

from safepassage.progress import Progress, add_progress_flags, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _parse(*args: str) -> bool | None:
    parser = argparse.ArgumentParser()
    add_progress_flags(parser)
    return parser.parse_args(list(args)).progress  # type: ignore[no-any-return]


def test_the_flags_force_or_silence_and_by_default_the_terminal_decides() -> None:
    assert (True, False, None) == (_parse("--progress"), _parse("--no-progress"), _parse())
    with pytest.raises(SystemExit):
        _parse("--progress", "--no-progress")
    assert wanted(None, Terminal()) and not wanted(None, io.StringIO())
    assert wanted(True, io.StringIO()) and not wanted(False, Terminal())


def test_a_bar_counts_each_stage_on_its_stream_and_a_silent_one_writes_nothing() -> None:
    stream = io.StringIO()
    with Progress(True, stream) as progress:
        assert [1, 2, 3] == list(progress.each([1, 2, 3], "saving entries", total=3))
    assert "saving entries" in stream.getvalue() and "3/3" in stream.getvalue()
    quiet = io.StringIO()
    with Progress(False, quiet) as progress:
        list(progress.each([1, 2, 3], "saving entries", total=3))
    assert "" == quiet.getvalue()
