"""A figure: counts per category at each point of a series, the last point being today."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from safepassage.dashboard.periods import Point

# Outside the protection circle a count from 1 to SMALL_CELL - 1 is withheld: with a small
# caseload such a count can single a man out.
SMALL_CELL = 5


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    note: str
    categories: list[tuple[str, str]]
    points: list[Point]
    values: dict[str, list[int | None]] = field(default_factory=dict)
    # True when one person may count under several categories (the figures do not add up).
    overlapping: bool = False
    suppressed: bool = False

    def series(self, code: str) -> list[int | None]:
        return self.values.get(code, [0] * len(self.points))

    def now(self) -> list[tuple[str, str, int | None]]:
        return [(code, label, self.series(code)[-1]) for code, label in self.categories]

    def rows(self) -> list[tuple[Point, list[int | None]]]:
        """One row per point, one count per category: the table under the chart."""
        return [(p, [self.series(c)[i] for c, _ in self.categories]) for i, p in enumerate(self.points)]


def from_counts(
    key: str,
    title: str,
    note: str,
    categories: list[tuple[str, str]],
    points: list[Point],
    counts: dict[str, list[int]],
    overlapping: bool = False,
) -> Figure:
    values: dict[str, list[int | None]] = {c: list(counts.get(c, [0] * len(points))) for c, _ in categories}
    return Figure(key, title, note, categories, points, values, overlapping)


def suppress_small_cells(figure: Figure, threshold: int = SMALL_CELL) -> Figure:
    """The same figure with every count from 1 to threshold - 1 withheld (None)."""
    values = {
        code: [None if n is not None and 0 < n < threshold else n for n in series]
        for code, series in figure.values.items()
    }
    return replace(figure, values=values, suppressed=True)
