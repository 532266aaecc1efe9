"""Hostile and huge exchange lists, written fast: shared by the import tests and bench/import.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

# Fictional names only, in the other side's script.
SURNAMES = ["Ким", "Пак", "Ли", "Чхве", "Чон", "Кан", "Чо", "Юн", "Чан", "Лим"]
GIVEN = ["Чхоль Нам", "Ён Су", "Мён Хак", "Сон Иль", "Гым Чхоль", "Хё Рин", "Ун Гиль", "Тхэ Сон"]
HEADER = ["id", "full_name", "birth_date", "unit"]


def row(n: int) -> list[str]:
    name = f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n // len(SURNAMES)) % len(GIVEN)]}"
    return [f"KX-{n:07d}", name, str(1990 + n % 15), f"Unit {n % 40}"]


def write_csv(path: Path, rows: int, *, pad_to_bytes: int = 0) -> Path:
    """`rows` people under a header; with `pad_to_bytes`, more rows until the file is that large.

    Written as blocks of 10,000 rows, each a copy of one block with its own id prefix (fast).
    """
    size = 10000
    template = "".join(",".join(["@@@@" + r[0][2:], *r[1:]]) + "\n" for r in map(row, range(size))).encode()
    with path.open("wb") as out:
        out.write((",".join(HEADER) + "\n").encode())
        written, block = 0, 0
        while block * size < rows or written < pad_to_bytes:
            data = template.replace(b"@@@@", f"K{block:03d}".encode())
            if (block + 1) * size > rows and not pad_to_bytes:
                data = b"".join(data.splitlines(keepends=True)[: rows - block * size])
            out.write(data)
            written, block = written + len(data), block + 1
    return path


def _template() -> dict[str, bytes]:
    """The parts of a one-sheet workbook as openpyxl writes it."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    book.create_sheet().append(HEADER)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_xlsx(path: Path, rows: int, *, dimension: bool = True, cell: str | None = None) -> Path:
    """A real workbook of `rows` people, written as a spreadsheet program would, but fast.

    Ids and years are numbers and names shared strings, as Excel stores them (a million rows pack
    into a few megabytes). Without `dimension` the sheet does not say how many rows it holds (a
    crafted file); with `cell`, the first person's name is that text.
    """
    parts = _template()
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    names = [f"{s} {g}" for g in GIVEN for s in SURNAMES] + [f"Unit {u}" for u in range(40)]
    if cell is not None:
        names.append(cell)
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in [*HEADER, *names])
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(names) + 4}" uniqueCount="{len(names) + 4}">{strings}</sst>'
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSST" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    first_name = 4 + len(names) - 1 if cell is not None else None
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            if name != sheet:
                archive.writestr(name, data)
        with archive.open(sheet, "w", force_zip64=True) as out:
            head = '<?xml version="1.0" encoding="UTF-8"?>'
            head += '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            if dimension:
                head += f'<dimension ref="A1:D{rows + 1}"/>'
            head += '<sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c>'
            head += '<c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>'
            out.write(head.encode())
            units = 4 + len(GIVEN) * len(SURNAMES)
            for start in range(0, rows, 20000):
                block = "".join(
                    f'<row><c><v>{n + 1}</v></c><c t="s"><v>{_name_index(n, first_name)}</v></c>'
                    f'<c><v>{1990 + n % 15}</v></c><c t="s"><v>{units + n % 40}</v></c></row>'
                    for n in range(start, min(start + 20000, rows))
                )
                out.write(block.encode())
            out.write(b"</sheetData></worksheet>")
    return path


def _name_index(n: int, first: int | None) -> int:
    return first if n == 0 and first is not None else 4 + n % 80


def write_zip_bomb(path: Path, unpacked_bytes: int) -> Path:
    """A small workbook whose sheet unpacks to `unpacked_bytes` of blank rows' worth of XML."""
    parts = _template()
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != sheet:
                archive.writestr(name, data)
        with archive.open(sheet, "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            filler = b"<!-- " + b"x" * (1024 * 1024 - 9) + b" -->"
            for _ in range(unpacked_bytes // len(filler)):
                out.write(filler)
            out.write(b"</sheetData></worksheet>")
    return path
