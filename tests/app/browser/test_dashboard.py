"""A legal officer opens the dashboard from the navigation and sees its charts, drawn without scripts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.protection.conftest import verified_refusal  # noqa: F401

from .test_registry_flow import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_each_figure_as_a_chart_over_its_table(
    live_server: Any,
    page: Any,
    users: dict[str, Any],
    person: Any,
    verified_refusal: Any,  # noqa: F811
) -> None:
    verified_refusal(person)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live_server.url + "/")
    sign_in(page, users["lev"])
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", name="Dashboard", level=1).wait_for()

    wish = page.locator("#figure-wish")
    over_time = wish.locator("svg.chart.lines")
    assert over_time.is_visible()
    assert over_time.bounding_box()["height"] > 100
    # One marker per point of every series, each with its own title for screen readers.
    assert 12 * 5 == over_time.locator("circle").count()
    assert wish.locator("svg.chart.bars rect").count() == 5
    refusals = wish.get_by_role("row").filter(has=page.get_by_text("(now)"))
    assert "1" in refusals.inner_text()
    assert 6 == page.locator("section.figure").count()
    # Colours come from the stylesheet: a blocked inline style would leave the lines unstroked.
    stroke = over_time.locator("polyline").first.evaluate("e => getComputedStyle(e).stroke")
    assert stroke not in ("none", "")
    assert not [m for m in console if "Content Security Policy" in m]
    shot(page, "dashboard")
