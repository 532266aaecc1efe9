"""Hostile and huge exchange lists are refused early, naming the cap, the row and the field."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.exchanges import imports, services
from safepassage.exchanges.models import ExchangeList, ImportJob, ListEntry

from .hostile import write_csv, write_xlsx, write_zip_bomb

pytestmark = pytest.mark.django_db

# A sanity bound only: the refusal's real timing is measured by bench/import.py.
PROMPTLY = 5.0


def _start(users: Any, round_: Any, path: Path) -> ImportJob:
    with path.open("rb") as stream:
        return imports.import_job_start(
            actor=users["nick"],
            round_=round_,
            direction="outgoing",
            stream=stream,
            source_name=path.name,
            background=False,
        )


def _refusal(users: Any, path: Path) -> tuple[str, float]:
    round_ = services.round_create(actor=users["nick"], name=f"Round {path.name}")
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        _start(users, round_, path)
    return "; ".join(caught.value.messages), time.monotonic() - started


def test_a_million_row_xlsx_is_refused_at_once_by_its_declared_rows(users: Any, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "million.xlsx", 1_000_000)
    message, seconds = _refusal(users, book)
    assert "million.xlsx" in message and "1,000,000 rows" in message and "50,000 rows" in message
    assert seconds < PROMPTLY
    assert str(tmp_path) not in message
    assert not ImportJob.objects.exists() and not ExchangeList.objects.exists()


def test_a_40_mb_csv_is_refused_at_once_by_the_size_cap(users: Any, tmp_path: Path) -> None:
    listing = write_csv(tmp_path / "huge.csv", 0, pad_to_bytes=40 * 1024 * 1024)
    message, seconds = _refusal(users, listing)
    assert "huge.csv" in message and "20 MB" in message and "40" in message
    assert seconds < PROMPTLY
    assert not ImportJob.objects.exists()


def test_the_web_page_refuses_a_file_over_the_size_cap_naming_the_cap_and_no_server_path(
    users: Any, settings: Any
) -> None:
    settings.SAFEPASSAGE_IMPORT_MAX_MB = 1
    round_ = services.round_create(actor=users["nick"], name="Round W")
    client = Client()
    client.force_login(users["nick"])
    upload = SimpleUploadedFile("list.csv", b"id,full_name\n" + b"RU-1,Kim\n" * 150_000)
    action = reverse("exchanges:round_action", kwargs={"pk": round_.pk, "action": "import"})
    page = client.post(action, {"direction": "outgoing", "file": upload}, follow=True).content.decode()
    assert "list.csv" in page and "over the limit of 1 MB" in page
    assert "/tmp" not in page and str(settings.SAFEPASSAGE_HOME) not in page
    assert not ImportJob.objects.exists()


def test_a_sheet_without_a_dimension_stops_at_the_row_cap_naming_the_row(
    users: Any, tmp_path: Path, settings: Any
) -> None:
    settings.SAFEPASSAGE_IMPORT_MAX_ROWS = 1000
    round_ = services.round_create(actor=users["nick"], name="Round D")
    job = imports.job_run(_start(users, round_, write_xlsx(tmp_path / "crafted.xlsx", 5000, dimension=False)))
    assert "failed" == job.status
    assert "crafted.xlsx: row 1002" in job.message and "more than 1,000 rows" in job.message
    # Nothing half-written: no list, no staged entry; the failure is audited.
    assert not ExchangeList.objects.exists() and not ListEntry.objects.exists()
    assert AuditEvent.objects.filter(action="exchange.import.fail", object_id=str(job.pk)).exists()
    assert b"" == bytes(job.file)


def test_a_csv_over_the_row_cap_is_refused_at_the_first_row_past_it(
    users: Any, tmp_path: Path, settings: Any
) -> None:
    settings.SAFEPASSAGE_IMPORT_MAX_ROWS = 100
    with pytest.raises(ValidationError, match="long.csv: row 102: the list has more than 100 rows"):
        services.list_import(
            actor=users["nick"],
            round_=services.round_create(actor=users["nick"], name="Round R"),
            direction="outgoing",
            path=write_csv(tmp_path / "long.csv", 101),
        )
    assert not ListEntry.objects.exists()


@pytest.mark.parametrize("length", [5_000, 300_000])
def test_a_huge_cell_is_refused_naming_its_row_and_column(users: Any, tmp_path: Path, length: int) -> None:
    listing = tmp_path / "cell.csv"
    listing.write_text(f"id,full_name\nRU-1,Kim\nRU-2,{'Ким' * (length // 3)}\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        services.list_import(
            actor=users["nick"],
            round_=services.round_create(actor=users["nick"], name=f"Round C{length}"),
            direction="outgoing",
            path=listing,
        )
    message = "; ".join(caught.value.messages)
    assert "cell.csv: row 3" in message and "1,000 characters" in message
    if length < 100_000:
        assert "column 'full_name'" in message


def test_a_huge_cell_in_a_workbook_is_refused_naming_its_row_and_column(users: Any, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cell.xlsx", 3, cell="Ким" * 2000)
    with pytest.raises(ValidationError, match=r"cell.xlsx: row 2, column 'full_name': .*1,000 characters"):
        services.list_import(
            actor=users["nick"],
            round_=services.round_create(actor=users["nick"], name="Round X"),
            direction="outgoing",
            path=book,
        )


def test_a_zip_bomb_is_refused_by_its_unpacked_size_before_it_is_parsed(
    users: Any, tmp_path: Path, settings: Any
) -> None:
    settings.SAFEPASSAGE_IMPORT_MAX_UNPACKED_MB = 5
    bomb = write_zip_bomb(tmp_path / "bomb.xlsx", 64 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024
    message, seconds = _refusal(users, bomb)
    assert "bomb.xlsx" in message and "unpacks to 64 MB" in message and "limit of 5 MB" in message
    assert seconds < PROMPTLY


def test_a_list_within_the_caps_is_imported_whole_with_its_job_audited(users: Any, tmp_path: Path) -> None:
    round_ = services.round_create(actor=users["nick"], name="Round OK")
    job = imports.job_run(_start(users, round_, write_xlsx(tmp_path / "fine.xlsx", 1200)))
    assert ("done", 1200, 1) == (job.status, job.exchange_list.entries.count(), job.exchange_list.version)
    # The registry is empty: nothing to match, said so, and the list is shown all the same.
    assert "no person with a recorded name" in job.message
    assert b"" == bytes(ImportJob.objects.get(pk=job.pk).file)
    actions = set(AuditEvent.objects.filter(object_id=str(job.pk)).values_list("action", flat=True))
    assert {"exchange.import.start", "exchange.import.finish"} == actions
