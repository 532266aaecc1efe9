"""The dashboard's figures as CSV (formula-safe) and JSON: exactly what the page shows the reader."""

from __future__ import annotations

import csv
import io
from typing import Any

from safepassage.dashboard.figures import SMALL_CELL
from safepassage.dashboard.selectors import Dashboard
from safepassage.linkage import neutralise

CSV_COLUMNS = ["figure", "category", "category_label", "period", "as_of", "count", "withheld"]


def figure_rows(dashboard: Dashboard) -> list[list[object]]:
    """One row per figure, category and point; a withheld count is empty with withheld = yes."""
    rows: list[list[object]] = []
    for figure in dashboard.figures:
        for code, label in figure.categories:
            for point, value in zip(figure.points, figure.series(code), strict=True):
                withheld = "yes" if value is None else "no"
                rows.append([figure.key, code, label, point.label, point.as_of.isoformat(), value, withheld])
    return rows


def as_csv(dashboard: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    # Labels are translated text: neutralised like every other CSV this project writes.
    writer.writerows([neutralise(cell) for cell in row] for row in figure_rows(dashboard))
    return out.getvalue()


def as_json(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "every": dashboard.every,
        "small_cells_withheld_below": SMALL_CELL if dashboard.suppressed else None,
        "points": [{"label": p.label, "as_of": p.as_of.isoformat()} for p in dashboard.points],
        "figures": [
            {
                "key": f.key,
                "title": f.title,
                "note": f.note,
                "overlapping": f.overlapping,
                "categories": [{"code": c, "label": label} for c, label in f.categories],
                "values": {c: f.series(c) for c, _ in f.categories},
            }
            for f in dashboard.figures
        ],
    }
