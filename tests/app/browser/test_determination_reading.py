"""The demo case's determination as a legal officer reads it, in English, Ukrainian, Korean and Russian."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from safepassage.law import POSITIONS, schema
from safepassage.protection.phrases import phrase

from .test_guide_screenshots import DEMO_CASE, SHOTS_ENV, Demo
from .test_languages_flow import switch_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The page's two comparison sentences (protection/includes/reading.html).
DIFFERS = (
    "Under “%(position)s” these parts differ from the stored determination (“%(stored)s”), "
    "marked below: %(parts)s."
)
NOTHING_DIFFERS = "Under “%(position)s” nothing differs from the stored determination (“%(stored)s”)."

# Every engine code with an underscore: none may be shown as text.
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
            tuple(POSITIONS),
            tuple(schema.FACTS),
        )
        for code in vocabulary
        if "_" in code
    }
)


@pytest.fixture
def demo(settings: Any, tmp_path: Path, live_server: Any) -> Demo:
    """`safepassage demo` into a home of its own, as the user guide's walk-through loads it."""
    home = tmp_path / "home"
    home.mkdir()
    settings.SAFEPASSAGE_HOME = home
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path / "guide-img")
    shots.mkdir(parents=True, exist_ok=True)
    return Demo(home, live_server.url, shots)


def test_the_demo_determination_reads_in_words_in_each_language(page: Any, demo: Demo) -> None:
    demo.sign_in(page, "demo-legal")
    for language in ("en", "uk", "ko", "ru"):
        switch_to(page, language)
        demo.open_case(page, DEMO_CASE)
        section = page.locator("section.determination")
        section.locator("details summary").click()
        text = section.inner_text()
        assert [] == [code for code in ENGINE_CODES if re.search(rf"\b{code}\b", text)], language
        with translation.override(language):
            repatriation = phrase("repatriation", "must_not_repatriate")
            blocker = phrase("blocker", "wish_not_return")
            comparison = phrase("position", "free_will")
        assert repatriation in page.locator("#det-repatriation").inner_text(), language
        assert "GC III Art. 109(3)" in page.locator("#det-repatriation").inner_text(), language
        assert blocker in section.locator("table.pathways").inner_text(), language
        # The raw code is at hand as the tooltip.
        assert "must_not_repatriate" == page.locator("#det-repatriation span[title]").get_attribute("title")
        # Numbered once: by the list, never again in the text.
        lines = section.locator("#det-explanation > li").all_inner_texts()
        assert len(lines) > 5, language
        assert [] == [line for line in lines if re.match(r"\s*\d+[.)]", line)], language
        assert "decimal" == section.locator("#det-explanation").evaluate(
            "e => getComputedStyle(e).listStyleType"
        )
        # The verified refusal is in: the next actions no longer ask for a private interview.
        assert 0 == section.locator('#det-actions li[data-code="private_interview"]').count()
        if language == "en":
            demo.shot(section, "legal-determination-v2")

        # Another position: the page says what differs from the stored one, or that nothing does.
        page.locator('nav.positions a[title="free_will"]').click()
        page.locator("#det-comparison").wait_for()
        note = page.locator("#det-comparison").inner_text()
        assert comparison in note, language
        marked = page.locator("section.determination .differs").count()
        with translation.override(language):
            names = {"position": phrase("position", "free_will"), "stored": phrase("position", "icrc_2020")}
            if marked:
                expected = gettext(DIFFERS).split("%(parts)s")[0] % names
            else:
                expected = gettext(NOTHING_DIFFERS) % names
        assert expected.strip() in note, language
        assert [] == [code for code in ENGINE_CODES if re.search(rf"\b{code}\b", note)], language
