"""A consent to return is fresh for 14 days counted on the local calendar, also around midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from safepassage.exchanges import services
from safepassage.exchanges.guard import FRESH_CONSENT, consent_to_return_is_fresh
from safepassage.protection.models import Interview

from .conftest import verified_wish

SEOUL = "Asia/Seoul"  # UTC+9: just after local midnight it is still yesterday in UTC
NEW_YORK = "America/New_York"  # UTC-4 in March: just after UTC midnight it is still yesterday here


def _consent(held_on: date, *, verified: bool = True, wish: str = "return") -> Interview:
    return Interview(held_on=held_on, verified_private=verified, wish=wish)


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_window_is_fourteen_days() -> None:
    assert 14 == FRESH_CONSENT.days


@pytest.mark.parametrize(
    ("zone", "moment", "local_today", "first_fresh_day"),
    [
        # 23:30 UTC on 10 March is 08:30 on 11 March in Seoul: the window starts on 25 February.
        (SEOUL, datetime(2025, 3, 10, 23, 30, tzinfo=UTC), date(2025, 3, 11), date(2025, 2, 25)),
        # 02:00 UTC on 11 March is 22:00 on 10 March in New York: the window starts on 24 February.
        (NEW_YORK, datetime(2025, 3, 11, 2, 0, tzinfo=UTC), date(2025, 3, 10), date(2025, 2, 24)),
    ],
    ids=["east of UTC after local midnight", "west of UTC before local midnight"],
)
def test_the_window_is_counted_from_the_local_day(
    monkeypatch: pytest.MonkeyPatch, zone: str, moment: datetime, local_today: date, first_fresh_day: date
) -> None:
    _at(monkeypatch, moment)
    with override_settings(TIME_ZONE=zone):
        assert local_today == timezone.localdate()
        assert consent_to_return_is_fresh(_consent(first_fresh_day))
        assert not consent_to_return_is_fresh(_consent(first_fresh_day - timedelta(days=1)))


def test_only_a_verified_wish_to_return_is_a_consent() -> None:
    today = date(2025, 3, 11)
    assert consent_to_return_is_fresh(_consent(today), today)
    assert not consent_to_return_is_fresh(_consent(today, verified=False), today)
    assert not consent_to_return_is_fresh(_consent(today, wish="not_return"), today)


@pytest.mark.django_db
def test_an_override_request_counts_from_the_local_day(
    users: Any, returnee: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 00:30 on 21 January in Seoul, still 20 January in UTC: 6 January is 15 local days back.
    round_ = services.round_create(actor=users["nick"], name="Round M")
    _at(monkeypatch, datetime(2026, 1, 20, 15, 30, tzinfo=UTC))
    with override_settings(TIME_ZONE=SEOUL):
        stale = verified_wish(users, returnee, "return", date(2026, 1, 6))
        with pytest.raises(ValidationError, match="in the last 14 days"):
            services.override_request(
                actor=users["lev"], round_=round_, person=returnee, interview=stale, reason="r"
            )
        fresh = verified_wish(users, returnee, "return", date(2026, 1, 7))
        override = services.override_request(
            actor=users["lev"], round_=round_, person=returnee, interview=fresh, reason="r"
        )
    assert fresh.pk == override.interview_id
