"""One man registered twice in the one-form page, in Hangul then in Cyrillic with other papers: the
possible duplicate shows within a minute, a legal officer merges the two and undoes the merge."""

from __future__ import annotations

import time
from typing import Any

import pytest

from safepassage.audit.models import AuditEvent
from safepassage.duplicates.models import DuplicatePair, PersonMerge
from safepassage.registry.models import NameForm, Person

from .test_registry_flow import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page: Any, name: str, language: str, number: str) -> None:
    """The one-form page: born 12 April 1999, one name, one military ID, the capture."""
    page.get_by_role("link", name="Register in one form").click()
    page.get_by_role("heading", name="Register a person").wait_for()
    page.locator("#id_person-sex").select_option("male")
    page.locator("#id_person-birth_precision").select_option("full")
    page.locator("#id_person-birth_date").fill("1999-04-12")
    page.locator("#id_names-0-text").fill(name)
    page.locator("#id_names-0-kind").select_option("legal")
    page.locator("#id_names-0-recorder_language").select_option(language)
    page.locator("#id_documents-0-doc_type").select_option("military_id")
    page.locator("#id_documents-0-number").fill(number)
    page.locator("#id_capture-detaining_power").select_option("UA")
    page.locator("#id_capture-captured_on").fill("2025-05-02")


def test_one_form_registration_with_a_suggested_spelling(
    live_server: Any, page: Any, users: dict[str, Any]
) -> None:
    page.goto(live_server.url + "/")
    sign_in(page, users["carla"])
    register(page, "곽태윤", "ko", "KP-55-3030")
    # The script is shown as typed (the local script), and again by the server.
    assert "Hangul" == page.locator('output[data-for="id_names-0-text"]').inner_text()
    page.get_by_role("button", name="Suggest transliterations").click()
    page.get_by_role("button", name="Add Квак Тхэ Юн").click()
    assert "Квак Тхэ Юн" == page.locator("#id_names-1-text").input_value()
    shot(page, "register-one-form")
    page.get_by_role("button", name="Register", exact=True).click()
    page.get_by_role("heading", name="Name forms").wait_for()
    person = Person.objects.get()
    assert ["곽태윤", "Квак Тхэ Юн"] == [n.text for n in NameForm.objects.filter(person=person)]
    assert person.case_number in page.locator("h1").inner_text()
    assert "KP-55-3030" in page.content() and person.capture.detaining_power == "UA"


def test_a_man_registered_twice_is_proposed_within_a_minute_merged_and_the_merge_undone(
    live_server: Any, page: Any, users: dict[str, Any]
) -> None:
    page.goto(live_server.url + "/")
    sign_in(page, users["lev"])
    register(page, "한정우", "ko", "ВК 1111111")
    page.get_by_role("button", name="Register", exact=True).click()
    page.get_by_role("heading", name="Name forms").wait_for()
    first = Person.objects.get()
    register(page, "Хан Чжон У", "ru", "ВК 2222222")
    page.get_by_role("button", name="Register", exact=True).click()
    # Before saving: the man already registered may be the same.
    warning = page.get_by_role("alert").filter(has_text="These registered persons may be the same man")
    assert first.case_number in warning.inner_text()
    page.get_by_role("button", name="Register anyway").click()
    registered = time.monotonic()
    page.get_by_role("heading", name="Name forms").wait_for()
    second = Person.objects.exclude(pk=first.pk).get()
    page.get_by_role("link", name="Possible duplicates").click()
    while not page.locator("#pairs tbody a.govuk-button").count() and time.monotonic() - registered < 60:
        time.sleep(2)
        page.reload()
    assert time.monotonic() - registered < 60
    row = page.locator("#pairs tbody tr").first
    assert first.case_number in row.inner_text() and second.case_number in row.inner_text()
    shot(page, "duplicates-list")
    row.get_by_role("link", name="Review").click()
    sides = page.locator("section[data-side]")
    assert "한정우" in sides.nth(0).inner_text() + sides.nth(1).inner_text()
    assert "ВК 2222222" in page.content() and "ВК 1111111" in page.content()
    shot(page, "duplicates-review")
    page.get_by_role("radio", name=first.case_number).check()
    page.get_by_role("button", name="Merge", exact=True).click()
    page.get_by_role("heading", name="Name forms").wait_for()
    assert first.case_number in page.locator("h1").inner_text()
    assert "Хан Чжон У" in page.content() and "ВК 2222222" in page.content()
    second.refresh_from_db()
    assert first.pk == second.merged_into_id
    # The old case number leads to the survivor.
    page.goto(f"{live_server.url}/persons/{second.pk}/")
    assert first.case_number in page.locator("h1").inner_text()
    assert "was merged into" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Possible duplicates").click()
    page.get_by_role("button", name="Undo the merge").click()
    assert "was undone" in page.locator(".govuk-notification-banner").inner_text()
    second.refresh_from_db()
    assert second.merged_into_id is None
    assert ["Хан Чжон У"] == [n.text for n in NameForm.objects.filter(person=second)]
    assert "open" == DuplicatePair.objects.get().status
    assert PersonMerge.objects.get().undone_by == users["lev"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"person.merge", "person.merged_into", "person.merge.undo"} <= actions
