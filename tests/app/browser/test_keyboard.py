"""Keyboard only (Tab, typing, Space, Enter): signing in, registering a man, recording an interview,
and finalising an exchange round, on the demo, as a person who cannot use a mouse would."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from .test_accessibility import demo  # noqa: F401 (the fixture)
from .test_guide_screenshots import DEMO_CASE, Demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_DESCRIPTION = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return '';
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  const text = ['A', 'BUTTON'].includes(e.tagName) ? (e.innerText || '').trim() : '';
  return [e.tagName, e.id, e.getAttribute('name') || '', text, label.trim()].join('|');
}"""


def tab_to(page: Any, wanted: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element's tag, id, name, text or label contains `wanted`."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_DESCRIPTION)
        if wanted in focused:
            # Focus must be visible where it lands: GOV.UK's focus style (a yellow outline or fill).
            outline = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.backgroundColor === 'rgb(255, 221, 0)'"
                " || s.boxShadow !== 'none'; }"
            )
            assert outline, f"{focused}: no visible focus"
            return
        seen.append(focused)
    raise AssertionError(f"Tab never reached {wanted!r}; focus went {seen[-8:]}")


def press_to_load(page: Any, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def sign_in_by_keyboard(page: Any, demo: Demo, username: str) -> None:  # noqa: F811
    page.context.clear_cookies()
    page.goto(demo.base + "/accounts/login/")
    tab_to(page, "id_login")
    page.keyboard.type(username)
    tab_to(page, "id_password")
    page.keyboard.type(demo.password)
    press_to_load(page)
    tab_to(page, "code")
    page.keyboard.type(demo.code(username))
    press_to_load(page)
    assert "Sign out" in page.locator("header").inner_text()


def test_registration_an_interview_and_finalising_a_round_need_only_the_keyboard(
    page: Any, demo: Demo, tmp_path: Path  # noqa: F811
) -> None:
    # A caseworker registers a man: from the navigation to the new person's page.
    sign_in_by_keyboard(page, demo, "demo-caseworker")
    tab_to(page, "Register a person")
    press_to_load(page)
    tab_to(page, "id_birth_precision")
    page.keyboard.type("Year")
    tab_to(page, "id_birth_year")
    page.keyboard.type("1999")
    tab_to(page, "Save")
    press_to_load(page)
    assert "/persons/" in page.url and "/new/" not in page.url
    assert "1999" in page.locator("main").inner_text()

    # A monitor records a private interview with the demo case.
    sign_in_by_keyboard(page, demo, "demo-monitor")
    page.goto(f"{demo.base}/persons/?q={DEMO_CASE}")
    tab_to(page, DEMO_CASE)
    press_to_load(page)
    tab_to(page, "Record an interview")
    press_to_load(page)
    tab_to(page, "id_held_on")
    page.keyboard.type("03112026")
    tab_to(page, "id_place")
    page.keyboard.type("Private room")
    tab_to(page, "id_interviewer_name")
    page.keyboard.type("Demo monitor")
    tab_to(page, "id_language")
    page.keyboard.type("Korean")
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    tab_to(page, "id_wish")
    page.keyboard.type("Does not")
    tab_to(page, "id_statement")
    page.keyboard.type("I do not want to go back.")
    tab_to(page, "Save")
    press_to_load(page)
    assert "There is a problem" not in page.locator("main").inner_text()
    assert "I do not want to go back." in page.locator("main").inner_text()

    # A negotiator builds a round and asks to finalise it: the guard's refusal is an error, by row.
    listed = tmp_path / "outgoing.csv"
    with listed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "full_name", "birth_date", "unit"])
        writer.writerow(["RU-001", "Ри Мён Хак", "2003", ""])
    sign_in_by_keyboard(page, demo, "demo-negotiator")
    tab_to(page, "Exchanges")
    press_to_load(page)
    tab_to(page, "Create a round")
    press_to_load(page)
    tab_to(page, "id_name")
    page.keyboard.type("Round 8")
    tab_to(page, "id_counterpart")
    page.keyboard.type("Russia")
    tab_to(page, "Save")
    press_to_load(page)
    tab_to(page, "id_direction")
    page.keyboard.type("Outgoing")
    # A file chooser is the one step a keyboard hands to the system's dialog: set its file.
    tab_to(page, "id_file")
    page.locator("#id_file").set_input_files(str(listed))
    tab_to(page, "Import the list")
    press_to_load(page)
    tab_to(page, "Reconcile with the registry")
    press_to_load(page)
    tab_to(page, "Finalise the outgoing manifest")
    press_to_load(page)
    refusal = page.locator("#guard-refusal")
    assert refusal.is_visible()
    assert "cannot go on this manifest" in refusal.inner_text()
    assert page.locator("tr.sp-row--error").count() >= 1
    assert 0 == page.get_by_role("link", name="Manifest (PDF)").count()
