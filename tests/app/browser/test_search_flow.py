"""A legal officer finds the demo case by every spelling a tracing request might bring."""

from __future__ import annotations

from typing import Any

import pytest

from safepassage.registry.demo import DEMO_CASE

from .test_registry_flow import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERIES = ["Ri Myong Hak", "Lee Myung-hak", "Ri Myŏng-hak", "Ли Мён Хак", "명학 리"]


def search(page: Any, query: str) -> Any:
    page.get_by_label("Search names, case or document numbers").fill(query)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    return page.locator("main table.govuk-table tbody tr").first


def test_every_spelling_finds_the_demo_case_on_the_first_row(
    live_server: Any, page: Any, users: dict[str, Any], search_registry: Any
) -> None:
    page.goto(live_server.url + "/")
    sign_in(page, users["lev"])
    page.get_by_role("heading", name="Persons").wait_for()
    for query in QUERIES:
        first = search(page, query)
        assert DEMO_CASE == first.get_by_role("link").first.inner_text().strip(), query
        assert "리명학" in first.locator("td.reason").inner_text()
    shot(page, "search-given-name-first")
    assert "SP-TEST-0100" in search(page, "Tak Seong-min").inner_text()
    assert DEMO_CASE in search(page, "명학").inner_text()
    first = search(page, "4417")
    assert DEMO_CASE in first.inner_text()
    assert "Part of document number" in first.inner_text()


def test_a_monitor_is_told_to_step_up_before_searching_by_name(
    live_server: Any, page: Any, users: dict[str, Any], search_registry: Any
) -> None:
    page.goto(live_server.url + "/")
    sign_in(page, users["mona"])
    page.get_by_role("heading", name="Persons").wait_for()
    search(page, "Ri Myong Hak")
    assert page.get_by_role("alert").inner_text().startswith("Searching by name or document number")
    assert page.get_by_role("link", name="Step up to see identities").is_visible()
    assert DEMO_CASE not in page.locator("main table.govuk-table").inner_text()
    assert DEMO_CASE in search(page, DEMO_CASE).inner_text()
