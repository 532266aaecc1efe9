"""The exchange pages: a negotiator imports, reconciles and is told only 'protection grounds'."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safepassage.exchanges import services

from .conftest import run_launched

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_negotiator_imports_reconciles_and_is_refused_on_protection_grounds(
    users: Any, returnee: Any, refuser: Any, django_capture_on_commit_callbacks: Any
) -> None:
    nick = client_for(users["nick"])
    round_ = services.round_create(actor=users["nick"], name="Round P")
    upload = SimpleUploadedFile(
        "list.csv", "id,full_name\nRU-1,Пак Ён Су\nRU-2,Ри Мён Хак\n".encode("cp1251")
    )
    action = lambda name: reverse("exchanges:round_action", kwargs={"pk": round_.pk, "action": name})  # noqa: E731
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        waiting = nick.post(
            action("import"), {"direction": "outgoing", "file": upload, "encoding": "cp1251"}, follow=True
        ).content.decode()
    # The request only recorded the job: the page shows it waiting and reloads itself until it is done.
    assert 'id="import-jobs"' in waiting and 'http-equiv="refresh"' in waiting and "list.csv" in waiting
    assert "No list imported." in waiting
    (job,) = run_launched(callbacks)
    assert ("done", {"matched": 2}) == (job.status, {k: v for k, v in job.counts.items() if v})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nick.post(action("reconcile"))
    assert ["done"] == [job.status for job in run_launched(callbacks)]
    page = nick.post(action("finalize"), follow=True).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "cannot go on this manifest" in page
    assert "wish_not_return" not in page and "RU-2" in page
    assert "Ри Мён Хак" not in page  # the name as listed is for identity roles only
    assert "SP-T-0011" in page  # a pseudonymous case number, never a registry name
    assert "리명학" not in page


def test_a_legal_officer_reads_the_manifest_with_names_and_a_negotiator_without(
    users: Any, returnee: Any, round_with: Any
) -> None:
    round_ = services.round_finalize(actor=users["nick"], round_=round_with(["Пак Ён Су"]))
    url = reverse("exchanges:manifest", kwargs={"pk": round_.pk, "fmt": "csv"})
    assert "박영수" in client_for(users["lev"]).get(url).content.decode()
    blind = client_for(users["nick"]).get(url).content.decode()
    assert "SP-T-0010" in blind and "박영수" not in blind and "Пак" not in blind


def test_the_notification_download_is_for_caseworkers_and_legal_officers_only(
    users: Any, person: Any
) -> None:
    url = reverse("exchanges:notify_export", kwargs={"fmt": "csv"})
    assert 200 == client_for(users["carla"]).get(url).status_code
    assert 403 == client_for(users["nick"]).get(url).status_code


def test_uncertain_matches_are_reviewed_side_by_side_by_identity_roles_only(
    users: Any, returnee: Any, round_with: Any
) -> None:
    from safepassage.exchanges.models import ListEntry

    round_ = round_with(["Пак Ён Су"])
    ListEntry.objects.filter(exchange_list__round=round_).update(match_status="review", match_probability=0.3)
    url = reverse("exchanges:review", kwargs={"pk": round_.pk})
    assert 403 == client_for(users["nick"]).get(url).status_code
    lev = client_for(users["lev"])
    page = lev.get(url).content.decode()
    assert "Пак Ён Су" in page and "박영수" in page and "SP-T-0010" in page
    entry = ListEntry.objects.get(exchange_list__round=round_)
    lev.post(url, {"entry": entry.pk, "decision": "accept"})
    entry.refresh_from_db()
    assert ("accepted", users["lev"]) == (entry.match_status, entry.decided_by)
