"""The case file: everything the reader's role may see, rendered with Hangul and Cyrillic, nothing more."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from safepassage.law import POSITIONS, schema
from safepassage.protection.phrases import phrase
from safepassage.registry.models import Person

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


# Every engine code with an underscore: none may be printed as text in the case file.
ENGINE_CODES = sorted(
    {
        code
        for vocabulary in (
            schema.STATUS_CODES,
            schema.REPATRIATION_CODES,
            schema.EXCHANGE_REASONS,
            schema.REFUGEE_CODES,
            schema.PATHWAY_CODES,
            schema.BLOCKERS,
            schema.ACTION_CODES,
            schema.WARNING_CODES,
            schema.RISK_KINDS,
            tuple(POSITIONS),
        )
        for code in vocabulary
        if "_" in code
    }
)
# The demo case's repatriation, exchange reason and pathway, as the phrase table words them.
EXPECTED = (
    ("repatriation", "must_not_repatriate"),
    ("exchange_reason", "wish_not_return"),
    ("pathway", "third_state_transfer"),
)


def test_the_demo_case_file_reads_the_determination_in_words_in_each_language(
    settings: Any, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    settings.SAFEPASSAGE_HOME = home
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
    legal = get_user_model().objects.get(username="demo-legal")
    person = Person.objects.get(case_number="SP-DEMO-0001")
    for language in ("en", "uk", "ko", "ru"):
        client = Client()
        client.force_login(legal)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        text = pdf_text(client.get(reverse("reports:case_file", kwargs={"pk": person.pk})).content, tmp_path)
        # pdftotext breaks lines where the page did: compare without any white space.
        flat = re.sub(r"\s+", "", text)
        with translation.override(language):
            expected = [phrase(kind, code) for kind, code in EXPECTED]
        for words in expected:
            assert re.sub(r"\s+", "", words) in flat, (language, words)
        assert "GCIIIArt.109(3)" in flat, language
        # The audit summary names its actions (risk_assessment.submit): those are not engine codes.
        assert [] == [c for c in ENGINE_CODES if re.search(rf"\b{c}\b(?!\.[a-z])", text)], language
        # The list numbers the explanation; no line numbers itself again ("1. 1.").
        assert not re.search(r"(?m)^\s*\d+\.\s+\d+\.\s", text), language


def test_records_that_contradict_each_other_are_warned_of_on_top_of_the_determination(
    users: Any, person: Any, tmp_path: Path
) -> None:
    from safepassage.registry import services as registry

    registry.person_update(actor=users["carla"], person=person, birth_year=2001, birth_date_text="2003")
    flat = re.sub(r"\s+", " ", pdf_text(download(users["lev"], person).content, tmp_path))
    warning = flat.index("Two birth dates: the record says 2001")
    assert warning < flat.index("Explanation and citations")
    assert "Resolve the facts that contradict each other" in flat
