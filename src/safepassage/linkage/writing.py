"""CSV output that a spreadsheet opens safely: formulas from outside are neutralised."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from safepassage.linkage.errors import InputError

CANNOT_WRITE = "{path}: the output cannot be written ({reason}); choose a writable path"

# A cell starting with one of these is run as a formula by Excel and LibreOffice.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text, with a leading quote when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        # Probabilities are written with fixed precision so files diff cleanly.
        return f"{value:.6f}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write UTF-8 CSV with a header; raises InputError when the path cannot be written."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([neutralise(cell) for cell in row] for row in rows)
    except OSError as exc:
        raise InputError(CANNOT_WRITE.format(path=path, reason=exc.strerror or exc)) from exc
