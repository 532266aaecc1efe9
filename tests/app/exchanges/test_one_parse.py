"""An exchange list is parsed once, from its file: that typed list is what the registry is matched with.

The reconciliation runs in this process here (tests/app/conftest.py), its arguments pickled as
they go to the child, so a parse in the child would be counted too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from safepassage.exchanges import services
from safepassage.exchanges.imports import stored_list
from safepassage.linkage import records
from safepassage.linkage.records import read_people
from safepassage.registry.choices import MatchStatus

pytestmark = pytest.mark.django_db

# A date that is no date, a placeholder day and month, a unit of punctuation: each read one way.
LIST = (
    "id,full_name,birth_date,unit\n"
    "RU-1,Пак Ён Су,01.01.2001,в/ч 55512\n"
    "RU-2,Ри Мён Хак,31.02.2001,-\n"
    "RU-3,Ким Чхоль Нам,,\n"
)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every list linkage's `people_from_rows` reads, wherever the function is looked up.

    A spy: the real function still does the reading.
    """
    real = records.people_from_rows
    calls: list[str] = []

    def spy(rows: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return real(rows, name, *args, **kwargs)

    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("safepassage") and (
            getattr(module, "people_from_rows", None) is real
        ):
            monkeypatch.setattr(module, "people_from_rows", spy)
    return calls


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    return path


def test_an_import_parses_its_file_once_from_reading_to_matching(
    users: Any, returnee: Any, refuser: Any, listed: Path, parses: list[str]
) -> None:
    round_ = services.round_create(actor=users["nick"], name="Round once")
    lst = services.list_import(
        actor=users["nick"], round_=round_, direction="outgoing", path=listed, reconcile=True
    )
    assert ["list.csv"] == parses
    found = {e.external_id: (e.match_status, e.person_id) for e in lst.entries.all()}
    assert (MatchStatus.MATCHED, returnee.pk) == found["RU-1"]
    assert (MatchStatus.MATCHED, refuser.pk) == found["RU-2"]


def test_a_list_reconciled_again_is_made_of_its_stored_entries_as_its_file_was_read(
    users: Any, returnee: Any, refuser: Any, listed: Path, parses: list[str]
) -> None:
    round_ = services.round_create(actor=users["nick"], name="Round again")
    lst = services.list_import(
        actor=users["nick"], round_=round_, direction="outgoing", path=listed, reconcile=True
    )
    first = {e.external_id: (e.match_status, e.person_id, e.match_probability) for e in lst.entries.all()}
    parses.clear()
    services.list_reconcile(actor=users["nick"], exchange_list=lst)
    assert [] == parses
    again = {e.external_id: (e.match_status, e.person_id, e.match_probability) for e in lst.entries.all()}
    assert first == again
    assert MatchStatus.MATCHED == first["RU-1"][0]
    stored = stored_list(list(lst.entries.all()), "list.csv")
    pd.testing.assert_frame_equal(read_people(listed).frame, stored.frame)
