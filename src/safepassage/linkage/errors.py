"""The error a list file raises when it cannot take part, and the warning when it can."""

from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """A list file that cannot be used; the message names file, row and column."""


@dataclass(frozen=True)
class InputWarning:
    """A bad value in an optional column: the row still takes part without it."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}, column '{self.column}': {self.message}"


def located(file: str, message: str, *, row: int | None = None, column: str | None = None) -> str:
    """`file: row R, column 'C': message`, leaving out what is not known."""
    where = [file]
    if row is not None:
        where.append(f"row {row}")
    if column is not None:
        where.append(f"column '{column}'")
    return (
        f"{where[0]}: "
        + "".join(f"{part}, " for part in where[1:-1])
        + (f"{where[-1]}: {message}" if len(where) > 1 else message)
    )
