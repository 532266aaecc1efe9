"""The reconcile and dedupe commands: exit codes, messages, outputs and the summary."""

from __future__ import annotations

import csv

from safepassage.linkage.cli import dedupe_main, reconcile_main

LEFT = (
    "id,full_name,birth_date,unit\n"
    "L1,Ким Чен Ын,08.01.1984,в/ч 12345\n"
    "L2,Ли Соль Чжу,28.09.1989,\n"
    "L3,Пак Пон Чжу,10.04.1939,в/ч 777\n"
    "L4,Иванов Сергей Петрович,1990,\n"
)
RIGHT = (
    "id,full_name,birth_date,unit\n"
    "R1,김정은,1984-01-08,12345부대\n"
    "R2,Ri Sol Ju,1989-09-28,\n"
    "R3,Pak Pong Ju,1939-04-10,Unit 777\n"
    "R4,최룡해,1950-01-15,\n"
)


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_reconcile_matches_one_list_in_cyrillic_with_one_in_hangul_and_latin(list_file, tmp_path, capsys):
    out = tmp_path / "matches.csv"
    code = reconcile_main([str(list_file("l.csv", LEFT)), str(list_file("r.csv", RIGHT)), "--out", str(out)])
    rows = _rows(out)
    assert 0 == code
    assert ["left_id", "right_id", "match_probability"] == rows[0]
    assert {("L1", "R1"), ("L2", "R2"), ("L3", "R3")} == {(r[0], r[1]) for r in rows[1:]}
    assert all(0.5 <= float(r[2]) <= 1.0 for r in rows[1:])
    assert "matched: 3; for review: 0; unmatched: 1 of 4 in l.csv, 1 of 4 in r.csv; time:" in (
        capsys.readouterr().err
    )


def test_a_missing_required_column_exits_2_naming_file_row_and_column(list_file, tmp_path, capsys):
    left = list_file("l.csv", "id,name\n1,Ким\n")
    code = reconcile_main([str(left), str(list_file("r.csv", RIGHT)), "--out", str(tmp_path / "m")])
    assert 2 == code
    assert "l.csv: row 1, column 'full_name'" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_a_duplicate_id_exits_2(list_file, tmp_path, capsys):
    right = list_file("r.csv", "id,full_name\nR1,김정은\nR1,리설주\n")
    code = reconcile_main([str(list_file("l.csv", LEFT)), str(right), "--out", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert (2, True) == (code, "r.csv: row 3, column 'id': id 'R1' already appears in row 2" in err)


def test_an_empty_file_exits_2(list_file, tmp_path, capsys):
    code = reconcile_main(
        [str(list_file("l.csv", "")), str(list_file("r.csv", RIGHT)), "--out", str(tmp_path / "m")]
    )
    assert (2, True) == (code, "l.csv: row 1: the file is empty" in capsys.readouterr().err)


def test_an_unreadable_file_exits_2(list_file, tmp_path, capsys):
    missing = tmp_path / "missing.csv"
    code = reconcile_main([str(missing), str(list_file("r.csv", RIGHT)), "--out", str(tmp_path / "m")])
    assert (2, True) == (code, "missing.csv: the file cannot be read" in capsys.readouterr().err)


def test_cp949_and_windows_1251_lists_are_reconciled_without_being_told(list_file, tmp_path):
    left = list_file("l.csv", LEFT, "cp1251")
    right = list_file("r.csv", "id,full_name,birth_date\nR1,김정은,1984-01-08\n", "cp949")
    out = tmp_path / "m.csv"
    assert 0 == reconcile_main([str(left), str(right), "--out", str(out)])
    assert [("L1", "R1")] == [(r[0], r[1]) for r in _rows(out)[1:]]


def test_an_explicit_encoding_is_used(list_file, tmp_path):
    left = list_file("l.csv", LEFT, "cp1251")
    right = list_file("r.csv", "id,full_name,birth_date\nR2,Ri Sol Ju,1989-09-28\n", "cp1251")
    out = tmp_path / "m.csv"
    assert 0 == reconcile_main([str(left), str(right), "--out", str(out), "--encoding", "cp1251"])
    assert [("L2", "R2")] == [(r[0], r[1]) for r in _rows(out)[1:]]


def test_bad_optional_values_are_warnings_and_the_rows_still_match(list_file, tmp_path, capsys):
    left = list_file("l.csv", "id,full_name,birth_date,unit\nL1,Ким Чен Ын,31.02.1984,?\n")
    right = list_file("r.csv", "id,full_name\nR1,김정은\n")
    out = tmp_path / "m.csv"
    code = reconcile_main([str(left), str(right), "--out", str(out)])
    err = capsys.readouterr().err
    assert 0 == code
    assert "warning: " in err and "row 2, column 'birth_date'" in err and "row 2, column 'unit'" in err
    assert [("L1", "R1")] == [(r[0], r[1]) for r in _rows(out)[1:]]


def test_xlsx_lists_are_accepted(xlsx_file, tmp_path):
    left = xlsx_file("l.xlsx", [["id", "full_name", "birth_date"], [1, "Ким Чен Ын", "08.01.1984"]])
    right = xlsx_file("r.xlsx", [["id", "full_name", "birth_date"], [2, "김정은", "1984-01-08"]])
    out = tmp_path / "m.csv"
    assert 0 == reconcile_main([str(left), str(right), "--out", str(out)])
    assert [("1", "2")] == [(r[0], r[1]) for r in _rows(out)[1:]]


def test_the_review_file_shows_evidence_and_neutralises_formulas(list_file, tmp_path):
    # Two namesakes on the right: neither can be a sure match for the one man on the left.
    left = list_file("l.csv", "id,full_name\n=cmd,Ким Чен Ын\n")
    right = list_file("r.csv", "id,full_name,birth_date\nR1,김정은,1984-01-08\nR2,김정은,1990-05-05\n")
    out, review = tmp_path / "m.csv", tmp_path / "review.csv"
    code = reconcile_main([str(left), str(right), "--out", str(out), "--review", str(review)])
    rows = _rows(review)
    assert 0 == code
    assert {"'=cmd"} == {r[0] for r in rows[1:]}
    assert "name_evidence" in rows[0] and "birth_date_evidence" in rows[0]
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert ("Ким Чен Ын", "김정은") == (first["left_name"], first["right_name"])
    assert "birth date unknown on one side" == first["birth_date_evidence"]


def test_a_review_band_above_the_threshold_is_refused(list_file, tmp_path, capsys):
    code = reconcile_main(
        [
            str(list_file("l.csv", LEFT)),
            str(list_file("r.csv", RIGHT)),
            "--out",
            str(tmp_path / "m"),
            "--threshold",
            "0.5",
            "--review-low",
            "0.9",
        ]
    )
    assert (2, True) == (code, "--review-low (0.9)" in capsys.readouterr().err)


def test_an_unknown_engine_is_a_usage_error(list_file, tmp_path):
    args = [str(list_file("l.csv", LEFT)), str(list_file("r.csv", RIGHT)), "--out", str(tmp_path / "m")]
    assert 2 == reconcile_main([*args, "--engine", "oracle"])


def test_dedupe_groups_the_same_man_written_in_three_scripts(list_file, tmp_path, capsys):
    people = list_file(
        "p.csv",
        "id,full_name,birth_date\n"
        "1,Ким Чен Ын,08.01.1984\n2,김정은,1984-01-08\n3,Kim Jong Un,1984-01-08\n"
        "4,리설주,1989-09-28\n",
    )
    out = tmp_path / "clusters.csv"
    code = dedupe_main([str(people), "--out", str(out)])
    rows = _rows(out)
    assert 0 == code
    assert ["id", "cluster_id", "match_probability"] == rows[0]
    cluster = {r[0]: r[1] for r in rows[1:]}
    assert cluster["1"] == cluster["2"] == cluster["3"] != cluster["4"]
    assert "" == next(r[2] for r in rows[1:] if r[0] == "4")
    assert "rows: 4; people: 2;" in capsys.readouterr().err


def test_dedupe_reports_input_errors_with_exit_2(list_file, tmp_path):
    assert 2 == dedupe_main([str(list_file("p.csv", "id\n1\n")), "--out", str(tmp_path / "c")])


def test_progress_goes_to_stderr_and_leaves_stdout_and_the_output_unchanged(list_file, tmp_path, capsys):
    left, right = str(list_file("l.csv", LEFT)), str(list_file("r.csv", RIGHT))
    quiet, shown = tmp_path / "quiet.csv", tmp_path / "shown.csv"
    assert 0 == reconcile_main([left, right, "--out", str(quiet), "--no-progress"])
    silent = capsys.readouterr()
    assert "writing" not in silent.err
    assert 0 == reconcile_main([left, right, "--out", str(shown), "--progress"])
    drawn = capsys.readouterr()
    assert "writing" in drawn.err and "3/3" in drawn.err
    assert "" == drawn.out == silent.out
    assert [r[:2] for r in _rows(quiet)] == [r[:2] for r in _rows(shown)]
    assert 0 == dedupe_main([right, "--out", str(tmp_path / "c.csv"), "--progress"])
    assert "3/3" in capsys.readouterr().err


def test_also_compare_a_column_one_file_lacks_exits_2_naming_it(list_file, tmp_path, capsys):
    left = list_file("l.csv", LEFT.replace("unit\n", "unit,village\n", 1))
    code = reconcile_main(
        [str(left), str(list_file("r.csv", RIGHT)), "--out", str(tmp_path / "m"), "--also-compare", "village"]
    )
    assert 2 == code
    assert "r.csv: row 1, column 'village'" in capsys.readouterr().err
