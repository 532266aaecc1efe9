"""Raw tables from CSV or XLSX files, read as a stream: a header row and the rows under it, as text.

A list file may come from the other side of a negotiation, so it is read as if hostile: with
`Limits`, the size, the number of rows and the length of each cell are checked while the file is
read, and reading stops at the first one over its cap. An XLSX workbook is a zip archive: its
declared unpacked size and the sheet's declared dimension are checked before any row is parsed
(a few kilobytes can unpack to gigabytes, and a 3 MB sheet can hold a million rows).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from safepassage.linkage.encodings import UNDECODABLE, detect_encoding
from safepassage.linkage.errors import InputError, located

UNREADABLE = "the file cannot be read ({reason}); give a readable CSV or XLSX file"
NOT_XLSX = "the file is not a valid XLSX workbook ({reason}); save it again as XLSX or CSV"
EMPTY = "the file is empty; it needs a header row with 'id' and 'full_name'"
NOT_ENCODING = "the file cannot be decoded as {encoding} ({reason}); check --encoding"
UNKNOWN_ENCODING = "--encoding {encoding!r} is not a known text encoding"
BAD_CSV = "the CSV cannot be parsed ({reason}); check quotes and separators"
TOO_BIG = "the file is {size} MB, over the limit of {cap} MB for a list; split it or ask the operator"
TOO_MANY_ROWS = "the list has more than {cap:,} rows, the limit for one list; split it or ask the operator"
TOO_MANY_DECLARED = (
    "the sheet declares {declared:,} rows, more than the limit of {cap:,} rows for one list; "
    "split it or ask the operator"
)
TOO_LONG_CELL = "the value is longer than {cap:,} characters, the limit for one cell"
TOO_LONG_LINE = (
    "the line is longer than {cap:,} characters, the limit for one row "
    "(at most {cell:,} characters in each of {columns} cells)"
)
UNPACKS_TOO_BIG = (
    "the workbook unpacks to {size} MB, over the limit of {cap} MB; "
    "save it again as XLSX or CSV without other sheets or pictures"
)

_DELIMITERS = ",;\t"
# The encoding of a CSV file is detected on its start; the rest is decoded strictly in that one.
DETECT_BYTES = 1024 * 1024
# Columns read of an XLSX row: a list needs a handful; a hostile dimension may claim 16,384.
MAX_COLUMNS = 100
_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps on one file; None leaves that check out (the linkage command line reads any size)."""

    max_bytes: int | None = None
    max_rows: int | None = None
    max_cell: int | None = None
    max_unpacked_bytes: int | None = None


NO_LIMITS = Limits()


def _mb(size: int) -> str:
    return f"{size / _MB:,.1f}".rstrip("0").rstrip(".")


def check_size(size: int, name: str, limits: Limits) -> None:
    """Refuse a file over the size cap before reading any of it."""
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise InputError(located(name, TOO_BIG.format(size=_mb(size), cap=_mb(limits.max_bytes))))


def _sniff_delimiter(header: str) -> str:
    # Spreadsheets in Russian and Korean locales save CSV with ';' when ',' is the decimal mark.
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _encoding_of(stream: IO[bytes], name: str, encoding: str | None) -> str:
    if encoding is None:
        start = stream.read(DETECT_BYTES)
        stream.seek(0)
        # Detect on whole lines only: a multi-byte character cut at the end would look undecodable.
        if len(start) == DETECT_BYTES and b"\n" in start:
            start = start[: start.rindex(b"\n") + 1]
        found = detect_encoding(start)
        if found is None:
            raise InputError(located(name, UNDECODABLE))
        encoding = found
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError(located(name, UNKNOWN_ENCODING.format(encoding=encoding))) from exc
    return encoding


def _undecodable_line(text: IO[str], encoding: str, at_least: int) -> int:
    """The number of the first physical line, from `at_least` on, whose bytes do not decode.

    Exact for the encodings lists come in (ASCII-compatible: a newline byte is never part of a
    character); where the bytes cannot be re-read, the line the wrapper was reading.
    """
    raw = getattr(text, "buffer", None)
    if raw is None or not raw.seekable():
        return at_least
    raw.seek(0)
    for number, line in enumerate(raw, start=1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            return max(number, at_least)
    return at_least


def _lines(text: IO[str], name: str, encoding: str, limits: Limits) -> Iterator[str]:
    """Physical lines of the text, each at most a row's worth of cells; decode errors name the line."""
    line_cap = None if limits.max_cell is None else limits.max_cell * MAX_COLUMNS
    number = 0
    while True:
        try:
            line = text.readline(line_cap + 1) if line_cap is not None else text.readline()
        except UnicodeDecodeError as exc:
            # The wrapper decodes a block of lines at once: find the line that fails in the bytes.
            row = _undecodable_line(text, encoding, number + 1)
            message = NOT_ENCODING.format(encoding=encoding, reason=exc.reason)
            raise InputError(located(name, message, row=row)) from exc
        if not line:
            return
        number += 1
        if line_cap is not None and len(line) > line_cap:
            message = TOO_LONG_LINE.format(cap=line_cap, cell=limits.max_cell, columns=MAX_COLUMNS)
            raise InputError(located(name, message, row=number))
        yield line


def csv_rows(stream: IO[bytes], name: str, encoding: str | None, limits: Limits) -> Iterator[list[str]]:
    """Rows of a CSV file as it is decoded; stops at the first row or cell over a cap."""
    encoding = _encoding_of(stream, name, encoding)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    lines = _lines(text, name, encoding, limits)
    first = next(lines, "")
    first = first.removeprefix("\ufeff")
    if not first.strip():
        # Blank lines before the header are skipped as before; an empty file is refused.
        for line in lines:
            if line.strip():
                first = line
                break
        else:
            raise InputError(located(name, EMPTY, row=1))
    reader = csv.reader(_chain(first, lines), delimiter=_sniff_delimiter(first.splitlines()[0]), strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc) and limits.max_cell is not None:
                message = TOO_LONG_CELL.format(cap=limits.max_cell)
                raise InputError(located(name, message, row=reader.line_num)) from exc
            raise InputError(located(name, BAD_CSV.format(reason=exc), row=reader.line_num)) from exc
        yield row


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets store ids and years typed as numbers as floats.
        return str(int(value))
    return str(value).strip()


def _check_archive(stream: IO[bytes], name: str, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack past the cap: zipfile never yields more than they declare."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(located(name, NOT_XLSX.format(reason=exc))) from exc
    finally:
        stream.seek(0)
    cap = limits.max_unpacked_bytes
    if cap is not None and unpacked > cap:
        raise InputError(located(name, UNPACKS_TOO_BIG.format(size=_mb(unpacked), cap=_mb(cap))))


def _workbook(stream: IO[bytes], name: str, limits: Limits) -> Any:
    import openpyxl

    _check_archive(stream, name, limits)
    try:
        return openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InputError(located(name, NOT_XLSX.format(reason=exc))) from exc


def _first_sheet(workbook: Any, name: str, limits: Limits) -> Any:
    """The first sheet, refused when its declared dimension holds more rows than the cap."""
    if not workbook.worksheets:
        raise InputError(located(name, EMPTY, row=1))
    sheet = workbook.worksheets[0]
    declared = getattr(sheet, "max_row", None)
    # The header is row 1: a list of N people declares N + 1 rows (blank ones included).
    if limits.max_rows is not None and isinstance(declared, int) and declared - 1 > limits.max_rows:
        message = TOO_MANY_DECLARED.format(declared=declared - 1, cap=limits.max_rows)
        raise InputError(located(name, message))
    return sheet


def precheck(stream: IO[bytes], name: str, *, xlsx: bool, limits: Limits) -> None:
    """What can be refused without parsing rows: an XLSX's unpacked size and declared rows."""
    if not xlsx:
        return
    workbook = _workbook(stream, name, limits)
    try:
        _first_sheet(workbook, name, limits)
    finally:
        workbook.close()
        stream.seek(0)


def xlsx_rows(stream: IO[bytes], name: str, limits: Limits) -> Iterator[list[str]]:
    """Rows of an XLSX workbook's first sheet, parsed as a stream (openpyxl's read-only mode)."""
    workbook = _workbook(stream, name, limits)
    try:
        sheet = _first_sheet(workbook, name, limits)
        try:
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                row = [_cell_text(v) for v in values]
                while row and not row[-1]:
                    row.pop()
                yield row
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            raise InputError(located(name, NOT_XLSX.format(reason=exc))) from exc
    finally:
        workbook.close()


def table_rows(
    stream: IO[bytes],
    name: str,
    *,
    xlsx: bool,
    encoding: str | None = None,
    limits: Limits = NO_LIMITS,
) -> Iterator[tuple[int, list[str]]]:
    """Numbered non-blank rows of a seekable binary stream, header first, checked against `limits`.

    Rows are numbered as a spreadsheet shows them: the header is row 1. Raises InputError naming
    `name` (what the user calls the file: never a path of this machine), the row and the column.
    """
    stream.seek(0, io.SEEK_END)
    check_size(stream.tell(), name, limits)
    stream.seek(0)
    rows = xlsx_rows(stream, name, limits) if xlsx else csv_rows(stream, name, encoding, limits)
    seen, header = 0, None
    for number, row in enumerate(rows, start=1):
        if not any(c.strip() for c in row):
            continue
        if limits.max_cell is not None:
            for position, cell in enumerate(row):
                if len(cell) > limits.max_cell:
                    column = _column_name(header, position)
                    message = TOO_LONG_CELL.format(cap=limits.max_cell)
                    raise InputError(located(name, message, row=number, column=column))
        seen += 1
        header = row if header is None else header
        # `seen` counts the header too: the cap is on the people under it.
        if limits.max_rows is not None and seen - 1 > limits.max_rows:
            raise InputError(located(name, TOO_MANY_ROWS.format(cap=limits.max_rows), row=number))
        yield number, row
    if not seen:
        raise InputError(located(name, EMPTY, row=1))


def _column_name(header: list[str] | None, position: int) -> str:
    """The header's name of a column, or its letters as a spreadsheet shows them (A, B, ... AA)."""
    if header is not None and position < len(header) and header[position].strip():
        return header[position].strip()[:40]
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_xlsx(name: str) -> bool:
    return Path(name).suffix.lower() in {".xlsx", ".xlsm"}


def read_table(
    path: str | Path, encoding: str | None = None, limits: Limits = NO_LIMITS, name: str | None = None
) -> list[tuple[int, list[str]]]:
    """Numbered non-blank rows of the file, header first; raises InputError naming the file."""
    path = Path(path)
    name = name or str(path)
    try:
        with path.open("rb") as stream:
            return list(table_rows(stream, name, xlsx=is_xlsx(path.name), encoding=encoding, limits=limits))
    except OSError as exc:
        raise InputError(located(name, UNREADABLE.format(reason=exc.strerror or exc))) from exc
