"""A verified refusal recorded while a round is being finalised is never lost, whichever commits first."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from django.db import close_old_connections, connection, transaction

from safepassage.exchanges import services
from safepassage.exchanges.guard import GuardRefused
from safepassage.exchanges.models import ExchangeRound

from .conftest import verified_wish

pytestmark = pytest.mark.django_db(transaction=True)
HOLD = 1.5  # seconds the first transaction keeps its locks before committing


def in_thread(target: Any) -> tuple[threading.Thread, dict[str, Any]]:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = target()
        except Exception as exc:  # the outcome is what the test inspects
            box["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


def test_finalisation_first_then_the_refusal_blocks_execution(
    round_with: Any, returnee: Any, users: Any
) -> None:
    round_ = round_with(["Пак Ён Су"])

    def finalise_slowly() -> Any:
        with transaction.atomic():
            done = services.round_finalize(actor=users["nick"], round_=round_)
            time.sleep(HOLD)  # the refusal below arrives while these locks are held
            return done

    finaliser, outcome = in_thread(finalise_slowly)
    time.sleep(HOLD / 3)
    started = time.monotonic()
    verified_wish(users, returnee, "not_return", date.today())
    waited = time.monotonic() - started
    finaliser.join()
    close_old_connections()
    assert "error" not in outcome, outcome.get("error")
    assert waited > HOLD / 3, "the refusal must wait for the finalising transaction"
    with pytest.raises(GuardRefused):
        services.round_execute(actor=users["nick"], round_=ExchangeRound.objects.get(pk=round_.pk))
    assert "finalised" == ExchangeRound.objects.get(pk=round_.pk).status


def test_the_refusal_first_then_finalisation_fails(round_with: Any, returnee: Any, users: Any) -> None:
    round_ = round_with(["Пак Ён Су"])

    def refuse_slowly() -> Any:
        with transaction.atomic():
            interview = verified_wish(users, returnee, "not_return", date.today())
            time.sleep(HOLD)
            return interview

    refuser, outcome = in_thread(refuse_slowly)
    time.sleep(HOLD / 3)
    with pytest.raises(GuardRefused):
        services.round_finalize(actor=users["nick"], round_=round_)
    refuser.join()
    assert "error" not in outcome, outcome.get("error")
    assert "negotiating" == ExchangeRound.objects.get(pk=round_.pk).status
