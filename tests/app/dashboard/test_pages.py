"""The dashboard page draws each figure as SVG with its table; the export carries the same figures."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.dashboard.export import as_csv
from safepassage.dashboard.figures import Figure
from safepassage.dashboard.periods import points
from safepassage.dashboard.selectors import Dashboard

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_legal_officer_sees_every_chart_with_a_table_of_the_same_figures(
    users: Any, person: Any, verified_refusal: Any
) -> None:
    verified_refusal(person)
    response = _client(users["lev"]).get(reverse("dashboard:overview"))
    body = response.content.decode()
    assert 200 == response.status_code
    for key in ("caseload", "status", "wish", "pathways_open", "pathways_conditional", "deadlines"):
        assert f'id="figure-{key}"' in body, key
    # Two charts per figure (now, over time), each an accessible image, and a table under them.
    assert 12 == body.count('role="img"')
    assert 6 == body.count('<table class="govuk-table figure-table">')
    assert "Verified: does not want to return" in body
    assert "style=" not in body  # the CSP allows no inline style: charts are styled by the stylesheet
    assert "SP-TEST-0001" not in body and "김철남" not in body


def test_weekly_series_are_offered(users: Any, person: Any) -> None:
    body = _client(users["lev"]).get(reverse("dashboard:overview") + "?every=week").content.decode()
    assert "-W" in body and 'href="?every=month"' in body


def test_the_negotiator_sees_only_the_caseload_with_small_counts_withheld(users: Any, person: Any) -> None:
    body = _client(users["nick"]).get(reverse("dashboard:overview")).content.decode()
    assert 'id="figure-caseload"' in body
    assert 'id="figure-wish"' not in body and 'id="figure-status"' not in body
    withheld = '<td class="govuk-table__cell govuk-table__cell--numeric">&lt;5</td>'
    assert 'id="small-cells"' in body and withheld in body
    assert "Counts from 1 to 4 are shown as" in body
    assert "Verified" not in body


def test_the_administrator_is_refused_and_the_navigation_links_the_dashboard_for_others(
    users: Any, person: Any
) -> None:
    assert 403 == _client(users["adam"]).get(reverse("dashboard:overview")).status_code
    assert 403 == _client(users["adam"]).get(reverse("dashboard:figures", args=["json"])).status_code
    home = _client(users["aude"]).get(reverse("dashboard:overview")).content.decode()
    assert f'href="{reverse("dashboard:overview")}"' in home


def test_the_json_export_holds_the_figures_the_role_may_see(users: Any, person: Any) -> None:
    lev = json.loads(_client(users["lev"]).get(reverse("dashboard:figures", args=["json"])).content)
    assert None is lev["small_cells_withheld_below"]
    assert 12 == len(lev["points"])
    caseload = next(f for f in lev["figures"] if f["key"] == "caseload")
    assert 1 == caseload["values"]["persons"][-1]
    aude = json.loads(_client(users["aude"]).get(reverse("dashboard:figures", args=["json"])).content)
    assert ["caseload"] == [f["key"] for f in aude["figures"]]
    assert (5, None) == (aude["small_cells_withheld_below"], aude["figures"][0]["values"]["persons"][-1])


def test_the_csv_export_is_one_row_per_figure_category_and_period(users: Any, person: Any) -> None:
    response = _client(users["mona"]).get(reverse("dashboard:figures", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    caseload = [r for r in rows if r["figure"] == "caseload"]
    assert 12 == len(caseload)
    assert ("1", "no") == (caseload[-1]["count"], caseload[-1]["withheld"])
    assert 404 == _client(users["mona"]).get(reverse("dashboard:figures", args=["xlsx"])).status_code


def test_a_label_that_looks_like_a_formula_is_neutralised_in_the_csv() -> None:
    pts = points("month", date(2026, 1, 15))
    hostile = Figure("x", "X", "", [("c", "=HYPERLINK(1)")], pts, {"c": [0] * 11 + [None]})
    rows = list(csv.reader(io.StringIO(as_csv(Dashboard("month", pts, [hostile], True)))))
    assert "'=HYPERLINK(1)" == rows[1][2]
    assert ["", "yes"] == rows[-1][5:]
