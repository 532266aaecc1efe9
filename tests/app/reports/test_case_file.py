"""The case file: everything the reader's role may see, rendered with Hangul and Cyrillic, nothing more."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian's poppler-utils) is needed to read the PDF back")
    path = tmp_path / "case.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def download(user: Any, person: Any) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse("reports:case_file", kwargs={"pk": person.pk}))


def test_a_legal_officers_case_file_has_names_documents_and_the_audit_summary(
    users: Any, person: Any, tmp_path: Path
) -> None:
    response = download(users["lev"], person)
    assert (200, "application/pdf") == (response.status_code, response["Content-Type"])
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "SP-TEST-0001",
        "김철남",
        "Ким Чхоль Нам",
        "Монгуш Буян Олегович",
        "Audit trail summary",
        "person.create",
    ):
        assert expected in text, expected


def test_a_monitors_case_file_has_no_identity(users: Any, person: Any, tmp_path: Path) -> None:
    text = pdf_text(download(users["mona"], person).content, tmp_path)
    assert "SP-TEST-0001" in text
    assert "김철남" not in text and "Ким" not in text and "1234567" not in text


def test_a_negotiator_gets_no_case_file(users: Any, person: Any) -> None:
    assert 403 == download(users["nick"], person).status_code
