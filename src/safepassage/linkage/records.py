"""A list of people read from one file: required columns checked, optional values vetted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from safepassage.linkage.dates import BadDate, parse_birth_date
from safepassage.linkage.details import detail_column, normalised
from safepassage.linkage.errors import InputError, InputWarning, located
from safepassage.linkage.tables import NO_LIMITS, Limits, read_table

REQUIRED = ("id", "full_name")
OPTIONAL = ("birth_date", "unit")

MISSING_COLUMN = "the required column is missing; the header row must name 'id' and 'full_name'"
MISSING_DETAIL = "the column given to --also-compare is missing from the header row"
RESERVED_DETAIL = "--also-compare names a column that is always compared or is the id"
DUPLICATE_COLUMN = "the column appears twice in the header row; keep one"
DUPLICATE_ID = "id {value!r} already appears in row {first}; ids must be unique within a file"
BLANK_REQUIRED = "the value is blank; every row needs an id and a full_name"
NO_ROWS = "the file has a header row but no people under it"
NOT_A_UNIT = "{value!r} has no letter or digit, so it names no unit; it is ignored"


@dataclass
class PersonList:
    """The people of one file, as a frame with columns id, full_name, birth_date, unit."""

    source: str
    frame: pd.DataFrame
    warnings: list[InputWarning] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)


def _header_index(header: list[str], name: str, details: tuple[str, ...] = ()) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, raw in enumerate(header):
        column = raw.strip().removeprefix("\ufeff").lower()
        if column in index and column in REQUIRED + OPTIONAL:
            raise InputError(located(name, DUPLICATE_COLUMN, row=1, column=column))
        index.setdefault(column, position)
    for column in (*REQUIRED, *details):
        if column not in index:
            message = MISSING_COLUMN if column in REQUIRED else MISSING_DETAIL
            raise InputError(located(name, message, row=1, column=column))
    return index


def _cell(row: list[str], position: int | None) -> str:
    if position is None or position >= len(row):
        return ""
    return row[position].strip()


def people_from_rows(
    rows: list[tuple[int, list[str]]], name: str, details: tuple[str, ...] = ()
) -> PersonList:
    """Check the numbered rows of one file and keep what linkage needs.

    `details` are further columns to compare (lower case), kept normalised as detail columns.
    """
    _, header = rows[0]
    details = tuple(d.strip().lower() for d in details)
    for column in details:
        if column in REQUIRED + OPTIONAL:
            raise InputError(located(name, RESERVED_DETAIL, row=1, column=column))
    index = _header_index(header, name, details)
    if len(rows) == 1:
        raise InputError(located(name, NO_ROWS, row=2))
    warnings: list[InputWarning] = []
    seen: dict[str, int] = {}
    records = []
    for number, row in rows[1:]:
        person_id = _cell(row, index["id"])
        full_name = _cell(row, index["full_name"])
        for column, value in (("id", person_id), ("full_name", full_name)):
            if not value:
                raise InputError(located(name, BLANK_REQUIRED, row=number, column=column))
        if person_id in seen:
            message = DUPLICATE_ID.format(value=person_id, first=seen[person_id])
            raise InputError(located(name, message, row=number, column="id"))
        seen[person_id] = number
        raw_date = _cell(row, index.get("birth_date"))
        try:
            birth = parse_birth_date(raw_date)
        except BadDate as exc:
            warnings.append(InputWarning(name, number, "birth_date", str(exc)))
            birth = parse_birth_date(None)
        unit = _cell(row, index.get("unit"))
        if unit and not any(ch.isalnum() for ch in unit):
            warnings.append(InputWarning(name, number, "unit", NOT_A_UNIT.format(value=unit)))
            unit = ""
        records.append(
            {
                "id": person_id,
                "full_name": full_name,
                "birth_year": birth.year,
                "birth_month": birth.month,
                "birth_day": birth.day,
                "unit": unit or None,
                "row": number,
                **{detail_column(c): normalised(_cell(row, index[c])) for c in details},
            }
        )
    frame = pd.DataFrame.from_records(records)
    for column in ("birth_year", "birth_month", "birth_day"):
        frame[column] = frame[column].astype("Int64")
    return PersonList(name, frame, warnings)


def read_people(
    path: str | Path,
    encoding: str | None = None,
    details: tuple[str, ...] = (),
    limits: Limits = NO_LIMITS,
) -> PersonList:
    """Read and check one list file; raises InputError naming file, row and column."""
    return people_from_rows(read_table(path, encoding, limits), str(path), details)
