"""Trained models: JSON round trip, the shipped default, and refusing a stale model."""

from __future__ import annotations

import json

import pytest

from safepassage.linkage.comparisons import COMPARISONS
from safepassage.linkage.model import Model


def test_the_shipped_default_model_loads_and_covers_every_comparison():
    model = Model.default()
    assert [c.OUTPUT for c in COMPARISONS] == list(model.levels)


def test_a_model_saved_to_json_loads_back_equal(tmp_path):
    model = Model.default()
    path = tmp_path / "model.json"
    model.save(path)
    assert model.to_json() == Model.load(path).to_json()


def test_every_level_has_m_and_u_that_are_probabilities_summing_to_one():
    for levels in Model.default().levels.values():
        assert pytest.approx(1.0) == sum(lv.m for lv in levels)
        assert pytest.approx(1.0) == sum(lv.u for lv in levels)


def test_a_model_whose_levels_differ_from_the_code_is_refused(tmp_path):
    data = Model.default().to_json()
    data["comparisons"]["unit"][0]["label"] = "same regiment"
    path = tmp_path / "stale.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="train the model again"):
        Model.load(path)


def test_a_file_that_is_not_a_model_is_refused():
    with pytest.raises(ValueError, match="not a SafePassage linkage model"):
        Model.from_json({"format": "splink"})


def test_the_model_names_the_level_behind_a_match_weight():
    model = Model.default()
    same_unit = next(lv for lv in model.levels["unit"] if lv.label == "same unit")
    import math

    assert "same unit" == model.level_for_weight("unit", math.log2(same_unit.m / same_unit.u))
    assert "unit unknown on one side" == model.level_for_weight("unit", 0.0)
