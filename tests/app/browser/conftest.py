"""Debian's Chromium driven by Playwright against the live test server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("SAFEPASSAGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls that the
    # live-server fixtures make here are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _import_jobs_run_in_the_live_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """An import the page starts runs here, in the live server's process, once its request commits.

    The child process it starts in production would open the installation's database, not the test
    database this live server uses (tests/app/exchanges start real children where that is tested).
    """
    from safepassage.exchanges import imports
    from safepassage.exchanges.models import ImportJob

    monkeypatch.setattr(imports, "launch", lambda job_id: imports.job_run(ImportJob.objects.get(pk=job_id)))


@pytest.fixture(autouse=True)
def _duplicate_checks_run_in_the_live_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registration's duplicate check runs here, in the live server's process, once it commits
    (in production the checks' worker, a child process started beside the server, which would
    open another database)."""
    from safepassage.duplicates import scan

    monkeypatch.setattr(scan, "worker_start", lambda: scan.checks_run())
