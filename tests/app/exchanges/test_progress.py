"""`exchange import` and `exchange reconcile` with --progress: bars on stderr, the same stdout."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from safepassage.exchanges import services

from .conftest import write_list

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("exchange", "--as", "nick", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_and_reconcile_show_progress_only_on_stderr(
    users: Any, returnee: Any, refuser: Any, tmp_path: Path
) -> None:
    services.round_create(actor=users["nick"], name="Round P")
    listed = write_list(tmp_path / "list.csv", ["Пак Ён Су", "Ри Мён Хак", "Ким Иван"])
    quiet = _run("import", "Round P", str(listed), "--side", "outgoing")
    drawn = _run("import", "Round P", str(listed), "--side", "outgoing", "--progress")
    assert "" == quiet[1]
    assert "saving entries" in drawn[1] and "3/3" in drawn[1]
    assert quiet[0].replace("version 1", "version 2") == drawn[0]
    reconciled = _run("reconcile", "Round P", "--side", "outgoing", "--progress")
    assert "saving matches" in reconciled[1] and "matching 3 entries" in reconciled[1]
    assert reconciled[0].startswith("outgoing v2: ") and "saving" not in reconciled[0]
    assert "" == _run("reconcile", "Round P", "--side", "outgoing", "--no-progress")[1]
