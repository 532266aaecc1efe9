"""Reading a list file: required columns, unique ids, optional values as warnings, XLSX; typed records."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from safepassage.linkage.dates import BirthDate
from safepassage.linkage.errors import InputError
from safepassage.linkage.records import PersonRecord, people_from_records, read_people


def test_it_reads_ids_names_dates_and_units_and_keeps_other_columns_out_of_the_way(list_file):
    path = list_file("a.csv", "id,full_name,birth_date,unit,note\n7,Ким Чен Ын,08.01.1984,в/ч 1,x\n")
    frame = read_people(path).frame
    assert ["7", "Ким Чен Ын", 1984, 1, 8, "в/ч 1"] == [
        frame.loc[0, c] for c in ["id", "full_name", "birth_year", "birth_month", "birth_day", "unit"]
    ]


def test_only_id_and_full_name_are_required(list_file):
    people = read_people(list_file("a.csv", "full_name,id\n김정은,1\n"))
    assert (1, []) == (len(people), people.warnings)


def test_a_missing_required_column_names_file_row_and_column(list_file):
    path = list_file("a.csv", "id,name\n1,김정은\n")
    with pytest.raises(InputError, match=r"a\.csv: row 1, column 'full_name': .*missing"):
        read_people(path)


def test_a_duplicate_id_names_both_rows(list_file):
    path = list_file("a.csv", "id,full_name\n1,김정은\n2,리설주\n1,김여정\n")
    with pytest.raises(InputError, match=r"row 4, column 'id': id '1' already appears in row 2"):
        read_people(path)


def test_a_blank_full_name_stops_with_its_row(list_file):
    path = list_file("a.csv", "id,full_name\n1,김정은\n2, \n")
    with pytest.raises(InputError, match=r"row 3, column 'full_name'"):
        read_people(path)


def test_an_empty_file_stops(list_file):
    with pytest.raises(InputError, match=r"a\.csv: row 1: the file is empty"):
        read_people(list_file("a.csv", ""))


def test_a_header_without_rows_stops(list_file):
    with pytest.raises(InputError, match=r"row 2: the file has a header row but no people"):
        read_people(list_file("a.csv", "id,full_name\n"))


def test_a_missing_file_is_unreadable(tmp_path):
    with pytest.raises(InputError, match=r"nope\.csv: the file cannot be read"):
        read_people(tmp_path / "nope.csv")


def test_a_directory_is_unreadable(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_people(tmp_path)


def test_a_bad_birth_date_is_a_warning_and_the_row_stays(list_file):
    people = read_people(list_file("a.csv", "id,full_name,birth_date\n1,김정은,31.02.1984\n"))
    warning = people.warnings[0]
    assert (1, 2, "birth_date") == (len(people), warning.row, warning.column)
    assert "a.csv: row 2, column 'birth_date': '31.02.1984' is not a birth date" in str(warning)


def test_a_unit_of_punctuation_is_a_warning_and_the_row_stays(list_file):
    people = read_people(list_file("a.csv", "id,full_name,unit\n1,김정은,-\n"))
    assert (1, "unit") == (len(people), people.warnings[0].column)


def test_a_semicolon_separated_csv_from_a_russian_excel_is_read(list_file):
    people = read_people(list_file("a.csv", "id;full_name\n1;Ким Чен Ын\n", "cp1251"))
    assert ["Ким Чен Ын"] == list(people.frame["full_name"])


def test_cp949_and_windows_1251_files_are_read_without_being_told(list_file):
    korean = read_people(list_file("k.csv", "id,full_name\n1,김정은\n", "cp949"))
    russian = read_people(list_file("r.csv", "id,full_name\n1,Ким Чен Ын\n", "cp1251"))
    assert ("김정은", "Ким Чен Ын") == (korean.frame.loc[0, "full_name"], russian.frame.loc[0, "full_name"])


def test_a_utf8_file_with_a_bom_keeps_its_first_column_name(list_file):
    people = read_people(list_file("a.csv", "\ufeffid,full_name\n1,김정은\n"))
    assert ["1"] == list(people.frame["id"])


def test_a_wrong_explicit_encoding_names_the_row_it_fails_on(list_file):
    path = list_file("a.csv", "id,full_name\n1,Kim\n2,김정은\n")
    with pytest.raises(InputError, match=r"row 3: .*cannot be decoded as ascii"):
        read_people(path, encoding="ascii")


def test_xlsx_is_read_with_numbers_and_dates_as_text(xlsx_file):
    path = xlsx_file(
        "a.xlsx",
        [["id", "full_name", "birth_date"], [17, "김정은", dt.datetime(1984, 1, 8)], [18, "리설주", 1989]],
    )
    frame = read_people(path).frame
    assert (["17", "18"], [1984, 1989], [8, None]) == (
        list(frame["id"]),
        list(frame["birth_year"]),
        [None if v is None or str(v) == "<NA>" else v for v in frame["birth_day"]],
    )


def test_a_file_named_xlsx_that_is_not_a_workbook_stops(list_file):
    with pytest.raises(InputError, match="not a valid XLSX workbook"):
        read_people(list_file("a.xlsx", "id,full_name\n1,x\n"))


def test_typed_records_make_the_list_the_file_makes(list_file):
    text = (
        "id,full_name,birth_date,unit\n"
        "7, Ким Чен Ын ,08.01.1984,в/ч 1\n"
        "8,리설주,31.02.1989,-\n"
        "9,김여정,01.01.1987,\n"
    )
    path = list_file("a.csv", text)
    from_file = read_people(path)
    records = [
        PersonRecord(row=2, id="7", full_name=" Ким Чен Ын ", birth=BirthDate(1984, 1, 8), unit="в/ч 1"),
        PersonRecord(row=3, id="8", full_name="리설주", unit="-"),
        PersonRecord(row=4, id="9", full_name="김여정", birth=BirthDate(1987)),
    ]
    typed = people_from_records(records, str(path))
    pd.testing.assert_frame_equal(from_file.frame, typed.frame)
    # The file's warnings row by row: the date of row 3, then its unit; the records' only the unit.
    assert [(3, "birth_date"), (3, "unit")] == [(w.row, w.column) for w in from_file.warnings]
    assert [(3, "unit")] == [(w.row, w.column) for w in typed.warnings]


def test_a_record_without_a_name_or_with_an_id_seen_before_is_refused_with_its_row():
    first = PersonRecord(row=5, id="RU-1", full_name="Ким")
    with pytest.raises(InputError, match=r"list: row 6, column 'full_name': the value is blank"):
        people_from_records([first, PersonRecord(row=6, id="RU-2", full_name=" ")], "list")
    with pytest.raises(InputError, match=r"list: row 7, column 'id': id 'RU-1' already appears in row 5"):
        people_from_records([first, PersonRecord(row=7, id="RU-1", full_name="Пак")], "list")


def test_a_list_of_no_records_is_refused():
    with pytest.raises(InputError, match=r"list: the list has no people in it"):
        people_from_records([], "list")
