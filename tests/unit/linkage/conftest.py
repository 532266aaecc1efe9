"""Helpers to write small list files in a chosen encoding or as XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def list_file(tmp_path: Path):
    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture
def xlsx_file(tmp_path: Path):
    def write(name: str, rows: list[list[object]]) -> Path:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
