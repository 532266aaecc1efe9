"""Kill -9 in the middle of a real exchange-list import: every list is whole or absent, the chain holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from safepassage.audit.models import AuditEvent
from safepassage.audit.verify import verify_chain
from safepassage.exchanges import services
from safepassage.exchanges.models import ExchangeList, ImportJob, ListEntry

from .importkill import crash_series, write_big_list

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROWS = 2000
# Where the kill lands: past the command's start-up, at these fractions of the import transaction.
FRACTIONS = (0.2, 0.5, 0.8)


def test_a_list_import_killed_mid_way_leaves_whole_lists_or_none_and_loses_nothing_acknowledged(
    users: dict[str, Any], tmp_path: Path
) -> None:
    round_ = services.round_create(actor=users["nick"], name="Round Crash")
    listing = write_big_list(tmp_path / "big.csv", ROWS)
    database = connection.settings_dict["NAME"]
    connection.close()  # the subprocess writes; this test only reads between runs
    series = crash_series(database, round_.name, listing, FRACTIONS)
    acknowledged, killed = series.acknowledged, series.killed
    lists = list(ExchangeList.objects.filter(round=round_, version__isnull=False).order_by("version"))
    # A killed import leaves at most its staged entries: a list without a version, shown nowhere,
    # whose job is unfinished (`safepassage exchange job ID` runs it again or --cancel drops it).
    for staged in ExchangeList.objects.filter(round=round_, version__isnull=True):
        assert ImportJob.objects.filter(exchange_list=staged, finished_at__isnull=True).exists()
    sizes = [ListEntry.objects.filter(exchange_list=lst).count() for lst in lists]
    assert len(FRACTIONS) == killed, "every kill lands before its import ends"
    assert [ROWS] * len(lists) == sizes, "a list is whole or absent, never half written"
    assert list(range(1, len(lists) + 1)) == [lst.version for lst in lists]
    # Acknowledged imports all survive; a killed one may have committed just before the signal.
    assert acknowledged <= len(lists) <= acknowledged + killed
    assert len(lists) == AuditEvent.objects.filter(action="exchange.import").count()
    assert verify_chain().ok
