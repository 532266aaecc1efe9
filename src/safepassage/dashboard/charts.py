"""Chart geometry for hand-drawn SVG: styled by the app's stylesheet (the CSP allows no inline style)."""

from __future__ import annotations

from dataclasses import dataclass

from safepassage.dashboard.figures import Figure

WIDTH, LINE_HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 36, 16, 44
BAR_ROW, BAR_LABEL = 30, 250
SERIES_STYLES = 8


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Line:
    css: str
    label: str
    paths: list[str]
    marks: list[Mark]


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class XLabel:
    x: float
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: float
    bottom: float
    ticks: list[Tick]
    xlabels: list[XLabel]
    lines: list[Line]


@dataclass(frozen=True)
class Bar:
    css: str
    label: str
    y: int
    width: float
    value: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def _shown(value: int | None) -> str:
    return "<5" if value is None else str(value)


def _top(values: list[int]) -> int:
    """A round top for the y axis, at least 1 so an empty caseload still draws."""
    peak = max([1, *values])
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if peak <= step * 4:
            return -(-peak // step) * step
    return -(-peak // 10000) * 10000


def line_chart(figure: Figure) -> LineChart:
    """One line per category over the figure's points; withheld counts break the line."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM
    count = len(figure.points)
    shown = [v for code, _ in figure.categories for v in figure.series(code) if v is not None]
    top = _top(shown)

    def x(i: int) -> float:
        return round(LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2), 1)

    def y(v: int) -> float:
        return round(TOP + plot_h - plot_h * v / top, 1)

    ticks = [Tick(y(v), str(v)) for v in sorted({top * k // 4 for k in range(5)})]
    every = max(1, count // 6)
    xlabels = [XLabel(x(i), p.label) for i, p in enumerate(figure.points) if (count - 1 - i) % every == 0]
    lines = []
    for n, (code, label) in enumerate(figure.categories):
        series = figure.series(code)
        paths, run, marks = [], [], []
        for i, value in enumerate(series):
            if value is None:
                if len(run) > 1:
                    paths.append(" ".join(run))
                run = []
                continue
            run.append(f"{x(i)},{y(value)}")
            marks.append(Mark(x(i), y(value), f"{label}, {figure.points[i].label}: {value}"))
        if len(run) > 1:
            paths.append(" ".join(run))
        lines.append(Line(f"s{n % SERIES_STYLES}", label, paths, marks))
    return LineChart(WIDTH, LINE_HEIGHT, LEFT, WIDTH - RIGHT, TOP + plot_h, ticks, xlabels, lines)


def bar_chart(figure: Figure) -> BarChart:
    """Today's count per category as horizontal bars; a withheld count draws no bar."""
    now = figure.now()
    room = WIDTH - BAR_LABEL - 60
    top = max([1, *[v for _, _, v in now if v is not None]])
    bars = [
        Bar(
            f"s{n % SERIES_STYLES}",
            label,
            8 + n * BAR_ROW,
            round(room * (value or 0) / top, 1),
            _shown(value),
        )
        for n, (_, label, value) in enumerate(now)
    ]
    return BarChart(WIDTH, 16 + len(bars) * BAR_ROW, BAR_LABEL, bars)
