"""A comparison as a small class: ordered levels, each a SQL condition with a human label."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Union

from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.comparison_level_library import CustomLevel, ElseLevel

ELSE = "ELSE"

# A level is plain SQL, or a factory for one of Splink's levels when the SQL differs
# between DuckDB and Spark (Jaro-Winkler, array intersection): Splink writes each dialect.
LevelSpec = Union[str, Callable[[], ComparisonLevelCreator]]  # noqa: UP007 - ClassVar alias


class LabelledComparison(ComparisonCreator):
    """Levels come from LEVELS: the first is the null level, ELSE marks the last.

    Plain SQL uses only `=`, `abs` and `IS NULL`, which DuckDB and Spark share, so the
    same class serves both backends.
    """

    OUTPUT: ClassVar[str]
    DESCRIPTION: ClassVar[str]
    COLUMNS: ClassVar[dict[str, str]]
    LEVELS: ClassVar[tuple[tuple[str, LevelSpec], ...]]

    def __init__(self) -> None:
        super().__init__(dict(self.COLUMNS))

    @classmethod
    def labels(cls) -> list[str]:
        return [label for label, _ in cls.LEVELS]

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        levels: list[ComparisonLevelCreator] = []
        for position, (label, sql) in enumerate(self.LEVELS):
            if callable(sql):
                level = sql()
            else:
                level = ElseLevel() if sql == ELSE else CustomLevel(sql)
            level.configure(label_for_charts=label)
            if position == 0:
                level.configure(is_null_level=True)
            levels.append(level)
        return levels

    def create_description(self) -> str:
        return self.DESCRIPTION

    def create_output_column_name(self) -> str:
        return self.OUTPUT
