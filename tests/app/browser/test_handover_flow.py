"""A handover in the browser: one legal officer asks, a second approves and downloads the dossier; a
dossier received from another installation is uploaded, previewed and registered as a new person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from safepassage.crypto.dossier import Identity, open_payload, read_envelope, verify_envelope
from safepassage.handover.identity import identity_load

from ..handover import conftest as handover
from ..handover.test_pages import _dossier_from_korea
from .test_protection_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The handover tests' fixtures: our keys in the test's directory, Korea's keys and its trust here.
own_keys, korea_keys, korea = handover.own_keys, handover.korea_keys, handover.korea


def test_a_handover_is_asked_approved_downloaded_and_a_received_dossier_imported(
    live_server: Any,
    page: Any,
    users: dict[str, Any],
    person: Any,
    lena: Any,
    korea: Any,
    korea_keys: Identity,
    tmp_path: Path,
) -> None:
    base = live_server.url
    sign_in(page, base, users["lev"])
    page.goto(f"{base}/persons/{person.pk}/")
    page.get_by_role("link", name="Hand over to another installation").click()
    page.get_by_label("Receiving installation").select_option(label="Korea")
    page.get_by_label("Why the case is handed over").fill("Transfer agreed with the Republic of Korea.")
    page.get_by_role("button", name="Save").click()
    assert "Awaiting a second legal officer" == page.locator("#handover-status").inner_text()
    assert 0 == page.locator("#handover-approve").count()

    sign_in(page, base, lena)
    page.goto(base + "/handovers/")
    page.get_by_role("link", name=f"{person.case_number} → Korea").click()
    page.locator("#handover-approve").click()
    assert "Sent" == page.locator("#handover-status").inner_text()
    with page.expect_download() as download:
        page.locator("#handover-download").click()
    raw = Path(download.value.path()).read_bytes()
    envelope = read_envelope(raw)
    verify_envelope(envelope, identity_load().public)
    names = [
        r["data"]["text"] for r in open_payload(envelope, korea_keys)["records"] if r["type"] == "name_form"
    ]
    assert ["김철남", "Ким Чхоль Нам"] == names

    received = tmp_path / "from-korea.json"
    received.write_bytes(_dossier_from_korea(person, korea_keys, "3f9c1d2e-0000-4000-8000-0000000000b1"))
    page.goto(base + "/handovers/import/")
    page.locator("#id_file").set_input_files(str(received))
    page.get_by_role("button", name="Save").click()
    assert "From Korea: signature verified" in page.locator("#h-dossier").inner_text()
    assert person.case_number in page.locator("#preview-matches").inner_text()
    page.locator("#import-confirm").click()
    assert "Received from Korea on" in page.locator("#handover-received").inner_text()
    assert person.case_number not in page.locator("h1").inner_text()
