"""A trained linkage model: m and u probabilities per labelled level, kept as JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from safepassage.linkage.comparisons import COMPARISONS
from safepassage.linkage.comparisons.base import LabelledComparison

FORMAT = "safepassage-linkage-model"
VERSION = 1
DEFAULT_MODEL = "default_model.json"

NOT_A_MODEL = "{source}: not a SafePassage linkage model (format {found!r}, expected {FORMAT!r})"
STALE_MODEL = (
    "{source}: the model's levels for {comparison!r} are {found}, but the code has {expected};"
    " train the model again"
)
MISSING_COMPARISON = "{source}: the model has no parameters for {comparison!r}; train it again"
_SAME_WEIGHT = 1e-6


@dataclass(frozen=True)
class Level:
    label: str
    m: float
    u: float


@dataclass
class Model:
    """m and u per non-null level of each comparison, in the order of the comparison's LEVELS."""

    levels: dict[str, list[Level]]
    trained_on: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "trained_on": self.trained_on,
            "metadata": self.metadata,
            "comparisons": {
                name: [{"label": lv.label, "m": lv.m, "u": lv.u} for lv in levels]
                for name, levels in self.levels.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "model") -> Model:
        if data.get("format") != FORMAT:
            raise ValueError(NOT_A_MODEL.format(source=source, found=data.get("format"), FORMAT=FORMAT))
        levels = {
            name: [Level(item["label"], float(item["m"]), float(item["u"])) for item in items]
            for name, items in data["comparisons"].items()
        }
        model = cls(levels, data.get("trained_on", ""), data.get("metadata", {}))
        model.check(source)
        return model

    def check(self, source: str = "model") -> None:
        """Fail loudly when the code's levels and the model's no longer line up."""
        for comparison in COMPARISONS:
            name = comparison.OUTPUT
            if name not in self.levels:
                raise ValueError(MISSING_COMPARISON.format(source=source, comparison=name))
            expected = comparison.labels()[1:]
            found = [lv.label for lv in self.levels[name]]
            if found != expected:
                raise ValueError(
                    STALE_MODEL.format(source=source, comparison=name, found=found, expected=expected)
                )

    def level_for_weight(self, comparison: str, weight: float) -> str:
        """The label of the level whose match weight log2(m/u) is `weight`; 0 is the null level.

        Levels with the same weight cannot be told apart, so their labels are joined.
        """
        comparison_class = next(c for c in COMPARISONS if c.OUTPUT == comparison)
        candidates = [(abs(math.log2(lv.m / lv.u) - weight), lv.label) for lv in self.levels[comparison]]
        best = min(distance for distance, _ in candidates)
        if abs(weight) < _SAME_WEIGHT and best > _SAME_WEIGHT:
            return comparison_class.labels()[0]
        return " or ".join(label for distance, label in candidates if distance - best < _SAME_WEIGHT)

    def save(self, path: str | Path) -> None:
        text = json.dumps(self.to_json(), indent=2, ensure_ascii=False)
        Path(path).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Model:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")), str(path))

    @classmethod
    def default(cls) -> Model:
        """The model shipped with the package, trained on the synthetic generator's data."""
        text = resources.files("safepassage.linkage.data").joinpath(DEFAULT_MODEL).read_text(encoding="utf-8")
        return cls.from_json(json.loads(text), DEFAULT_MODEL)

    def configured(self) -> list[LabelledComparison]:
        """Fresh comparison objects carrying this model's m and u."""
        comparisons = []
        for comparison_class in COMPARISONS:
            comparison = comparison_class()
            levels = self.levels[comparison_class.OUTPUT]
            comparison.configure(
                m_probabilities=[lv.m for lv in levels],
                u_probabilities=[lv.u for lv in levels],
            )
            comparisons.append(comparison)
        return comparisons
