"""Notifications carry nothing sensitive; manifests render in Hangul and Cyrillic, or without names."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safepassage.exchanges import notify, services
from safepassage.exchanges.manifest import manifest_csv, manifest_pdf, manifest_rows
from safepassage.protection import services as protection
from safepassage.registry import services as registry

from .conftest import CHECKLIST

pytestmark = pytest.mark.django_db
MARK = "PLANTED-SECRET"


def plant_everything(person: Any, users: Any, lena: Any) -> None:
    """A marker in every field that must never reach the power of origin."""
    lev, mona = users["lev"], users["mona"]
    registry.person_update(actor=lev, person=person, notes=f"{MARK} notes")
    registry.name_form_add(
        actor=lev, person=person, text=f"{MARK}alias", kind="alias", recorder_language="en"
    )
    protection.interview_record(
        actor=mona,
        person=person,
        held_on=date(2025, 11, 3),
        place=f"{MARK} place",
        interviewer_name=f"{MARK} who",
        interpreter=f"{MARK} interp",
        language="ko",
        consent=True,
        wish="not_return",
        wish_destination="KR",
        statement=f"{MARK} statement",
        verified_private=True,
        **CHECKLIST,
    )
    assessment = protection.risk_assessment_create(
        actor=lev,
        person=person,
        destination="KP",
        risk_kinds=["torture"],
        conclusion="substantial",
        summary=f"{MARK} summary",
    )
    protection.evidence_add(
        actor=lev, assessment=assessment, kind="statement", source=f"{MARK} src", description=f"{MARK} desc"
    )
    protection.risk_assessment_submit(actor=lev, assessment=assessment)
    protection.risk_assessment_review(actor=lena, assessment=assessment, approve=True, note=f"{MARK} note")
    protection.application_open(
        actor=lev,
        person=person,
        procedure="kr_nkra",
        kind="protection",
        filed_on=date(2026, 1, 5),
        reference=f"{MARK} ref",
        note=f"{MARK} appnote",
    )
    protection.state_position_add(
        actor=lev,
        scope="case",
        person=person,
        speaker="KR",
        stated_on=date(2026, 1, 6),
        summary=f"{MARK} position",
        reference="R",
        willing_to_receive=True,
    )
    protection.case_facts_set(actor=lev, person=person, media_exposure=True, renounced_military_activity=True)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_notification_export_carries_no_sensitive_field(
    fmt: str, person: Any, users: Any, lena: Any
) -> None:
    plant_everything(person, users, lena)
    out = notify.export([person], fmt)
    assert MARK not in out
    for word in ("not_return", "KR", "torture", "substantial", "nkra", "protection", "wish"):
        assert word not in out.replace("KP", ""), word
    assert "김철남" in out and "SP-TEST-0001" in out and "KP-77-1001" in out


def test_the_export_has_exactly_the_capture_card_columns(person: Any) -> None:
    body = json.loads(notify.export([person], "json"))
    assert list(notify.COLUMNS) == body["columns"]
    assert set(notify.COLUMNS) == set(body["records"][0])


def test_a_name_on_false_papers_never_leaves(person: Any, users: Any) -> None:
    registry.name_form_add(
        actor=users["lev"],
        person=person,
        text="Монгуш Буян Олегович",
        kind="document",
        recorder_language="ru",
    )
    assert "Монгуш" not in notify.export([person])


def test_spreadsheet_formulas_are_neutralised(person: Any, users: Any) -> None:
    record = person.service_records.get()
    registry.service_record_update(actor=users["lev"], record=record, rank='=HYPERLINK("http://x")')
    assert "'=HYPERLINK" in notify.export([person])


def test_manifests_render_hangul_and_cyrillic_and_hide_names_when_pseudonymous(
    round_with: Any, returnee: Any, users: Any, tmp_path: Path
) -> None:
    round_ = services.round_finalize(actor=users["nick"], round_=round_with(["Пак Ён Су"]))
    lst = round_.finalised_list
    named = manifest_rows(round_, lst, names=True, reader=None)
    assert "박영수" in named[0].registry_names and "Пак Ён Су" == named[0].listed_name
    hidden = manifest_csv(manifest_rows(round_, lst, names=False, reader=None), names=False)
    assert "SP-T-0010" in hidden and "박영수" not in hidden and "Пак" not in hidden
    pdf = manifest_pdf(round_, lst, named, names=True)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "m.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "박영수" in text and "Пак Ён Су" in text
