"""A list of people, read once from a file or made of typed records: ids and names checked, values vetted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from safepassage.linkage.dates import BadDate, BirthDate, parse_birth_date
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
NO_PEOPLE = "the list has no people in it"
NOT_A_UNIT = "{value!r} has no letter or digit, so it names no unit; it is ignored"


@dataclass
class PersonList:
    """The people of one list, as a frame with columns id, full_name, birth_*, unit, row.

    Made only by `people_from_records` (a file's rows through `people_from_rows`): it is read
    once and passed on whole, to another process too (it pickles).
    """

    source: str
    frame: pd.DataFrame
    warnings: list[InputWarning] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class PersonRecord:
    """One person of a list, typed: the row he stands on, his id, name, birth date and unit.

    `details` are further columns to compare, (column, value) as written; they are normalised
    when the list is made.
    """

    row: int
    id: str
    full_name: str
    birth: BirthDate = BirthDate()
    unit: str = ""
    details: tuple[tuple[str, str], ...] = ()


def people_from_records(records: Iterable[PersonRecord], name: str) -> PersonList:
    """The one way a PersonList is made: every record's id and name checked, its unit vetted.

    A file comes here through `people_from_rows`; a list kept elsewhere (an exchange list's
    stored entries, a tracing request's names, the registry's persons) comes as typed records,
    without being written out as rows and read again. Raises InputError naming the list, row
    and column of the first record without an id or a name, or with an id seen before.
    """
    warnings: list[InputWarning] = []
    seen: dict[str, int] = {}
    rows = []
    for record in records:
        person_id, full_name = record.id.strip(), record.full_name.strip()
        for column, value in (("id", person_id), ("full_name", full_name)):
            if not value:
                raise InputError(located(name, BLANK_REQUIRED, row=record.row, column=column))
        if person_id in seen:
            message = DUPLICATE_ID.format(value=person_id, first=seen[person_id])
            raise InputError(located(name, message, row=record.row, column="id"))
        seen[person_id] = record.row
        unit = record.unit.strip()
        if unit and not any(ch.isalnum() for ch in unit):
            warnings.append(InputWarning(name, record.row, "unit", NOT_A_UNIT.format(value=unit)))
            unit = ""
        rows.append(
            {
                "id": person_id,
                "full_name": full_name,
                "birth_year": record.birth.year,
                "birth_month": record.birth.month,
                "birth_day": record.birth.day,
                "unit": unit or None,
                "row": record.row,
                **{detail_column(column): normalised(value) for column, value in record.details},
            }
        )
    if not rows:
        raise InputError(located(name, NO_PEOPLE))
    frame = pd.DataFrame.from_records(rows)
    for column in ("birth_year", "birth_month", "birth_day"):
        frame[column] = frame[column].astype("Int64")
    return PersonList(name, frame, warnings)


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
    """Read the numbered rows of one file (a header first) into its list: the one parse of a file.

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
    dates: list[InputWarning] = []
    records = []
    for number, row in rows[1:]:
        raw_date = _cell(row, index.get("birth_date"))
        try:
            birth = parse_birth_date(raw_date)
        except BadDate as exc:
            dates.append(InputWarning(name, number, "birth_date", str(exc)))
            birth = BirthDate()
        records.append(
            PersonRecord(
                row=number,
                id=_cell(row, index["id"]),
                full_name=_cell(row, index["full_name"]),
                birth=birth,
                unit=_cell(row, index.get("unit")),
                details=tuple((c, _cell(row, index[c])) for c in details),
            )
        )
    people = people_from_records(records, name)
    # Row by row, as the file reads: a row's date warning before its unit warning (sort is stable).
    people.warnings = sorted(dates + people.warnings, key=lambda warning: warning.row)
    return people


def read_people(
    path: str | Path,
    encoding: str | None = None,
    details: tuple[str, ...] = (),
    limits: Limits = NO_LIMITS,
) -> PersonList:
    """Read and check one list file; raises InputError naming file, row and column."""
    return people_from_rows(read_table(path, encoding, limits), str(path), details)
