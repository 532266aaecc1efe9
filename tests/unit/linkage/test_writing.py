"""Output CSV that a spreadsheet opens without running anything."""

from __future__ import annotations

import pytest

from safepassage.linkage.writing import neutralise, write_csv


@pytest.mark.parametrize("cell", ["=1+1", "+7 900", "-2", "@SUM(A1)", '=HYPERLINK("x")'])
def test_cells_a_spreadsheet_would_run_get_a_leading_quote(cell):
    assert "'" + cell == neutralise(cell)


def test_ordinary_names_pass_unchanged():
    assert ["Ким Чен Ын", "김정은", "Kim Jong-un"] == [
        neutralise(c) for c in ["Ким Чен Ын", "김정은", "Kim Jong-un"]
    ]


def test_probabilities_have_six_decimals_and_a_missing_one_is_blank():
    assert ("0.950000", "") == (neutralise(0.95), neutralise(float("nan")))


def test_a_written_file_is_utf8_with_its_header(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(path, ["a", "b"], [["=x", "김"]])
    assert "a,b\r\n'=x,김\r\n" == path.read_bytes().decode("utf-8")
