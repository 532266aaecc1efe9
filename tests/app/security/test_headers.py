"""Every response carries CSP, framing, sniffing and referrer rules; personal pages are never cached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_page_forbids_caching_framing_sniffing_and_foreign_scripts(users: Any, person: Any) -> None:
    response = signed_in(users["lev"]).get(reverse("registry:person_detail", args=[person.pk]))
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe" not in csp
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert ("DENY", "nosniff", "same-origin", "same-origin") == (
        response["X-Frame-Options"],
        response["X-Content-Type-Options"],
        response["Referrer-Policy"],
        response["Cross-Origin-Opener-Policy"],
    )


def test_api_answers_and_the_sign_in_page_are_not_cached_either(api: Any, person: Any) -> None:
    assert "no-store" in api("lev").get(f"/api/v1/persons/{person.pk}/names/")["Cache-Control"]
    assert "no-store" in Client().get(reverse("login"))["Cache-Control"]


def test_static_assets_keep_their_own_caching() -> None:
    response = Client().get("/static/safepassage/build/safepassage.css")
    assert 200 == response.status_code
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_api_docs_load_their_start_up_script_from_a_file_and_relax_only_styles() -> None:
    page = Client().get(reverse("api-docs"))
    body = page.content.decode()
    assert 200 == page.status_code
    assert "<script>" not in body
    csp = page["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp and "script-src 'self';" in csp + ";"
    script = Client().get(reverse("api-docs") + "?script")
    assert (200, "application/javascript") == (script.status_code, script["Content-Type"].split(";")[0])
