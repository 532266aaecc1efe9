"""Raw tables from CSV or XLSX files: a header row and the rows under it, as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from safepassage.linkage.encodings import UNDECODABLE, detect_encoding
from safepassage.linkage.errors import InputError, located

UNREADABLE = "the file cannot be read ({reason}); give a readable CSV or XLSX file"
NOT_XLSX = "the file is not a valid XLSX workbook ({reason}); save it again as XLSX or CSV"
EMPTY = "the file is empty; it needs a header row with 'id' and 'full_name'"
NOT_ENCODING = "the file cannot be decoded as {encoding} ({reason}); check --encoding"
UNKNOWN_ENCODING = "--encoding {encoding!r} is not a known text encoding"
BAD_CSV = "the CSV cannot be parsed ({reason}); check quotes and separators"

_DELIMITERS = ",;\t"


def _sniff_delimiter(header: str) -> str:
    # Spreadsheets in Russian and Korean locales save CSV with ';' when ',' is the decimal mark.
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def decode(data: bytes, name: str, encoding: str | None) -> str:
    """The text of a CSV file, in the given encoding or the detected one."""
    if encoding is None:
        found = detect_encoding(data)
        if found is None:
            raise InputError(located(name, UNDECODABLE))
        encoding = found
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise InputError(located(name, UNKNOWN_ENCODING.format(encoding=encoding))) from exc
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise InputError(
            located(name, NOT_ENCODING.format(encoding=encoding, reason=exc.reason), row=row)
        ) from exc


def read_csv_text(text: str, name: str) -> list[list[str]]:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(located(name, EMPTY, row=1))
    delimiter = _sniff_delimiter(text.splitlines()[0])
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)]
    except csv.Error as exc:
        raise InputError(located(name, BAD_CSV.format(reason=exc))) from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets store ids and years typed as numbers as floats.
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path, name: str) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(located(name, NOT_XLSX.format(reason=exc))) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(path: str | Path, encoding: str | None = None) -> list[tuple[int, list[str]]]:
    """Numbered non-blank rows of the file, header first; raises InputError naming the file.

    Rows are numbered as a spreadsheet shows them: the header is row 1.
    """
    path = Path(path)
    name = str(path)
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            if not path.is_file():
                raise OSError(f"no such file: {path}")
            rows = read_xlsx(path, name)
        else:
            rows = read_csv_text(decode(path.read_bytes(), name, encoding), name)
    except OSError as exc:
        raise InputError(located(name, UNREADABLE.format(reason=exc.strerror or exc))) from exc
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise InputError(located(name, EMPTY, row=1))
    return numbered
