"""The points of a series: the last day of each week or month, the current one as of today."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from safepassage.protection.procedures import add_months

EVERY = ("month", "week")
POINTS = 12
ERR_EVERY = "Unknown interval {every!r}: use one of {allowed}."


@dataclass(frozen=True)
class Point:
    label: str
    as_of: date

    @property
    def until(self) -> datetime:
        """The first moment after `as_of` in the server's time zone: records before it count."""
        return timezone.make_aware(datetime.combine(self.as_of + timedelta(days=1), time.min))


def points(every: str, today: date, count: int = POINTS) -> list[Point]:
    """`count` points, oldest first, the last one being today."""
    if every not in EVERY:
        raise ValueError(ERR_EVERY.format(every=every, allowed=", ".join(EVERY)))
    found = []
    if every == "month":
        first = today.replace(day=1)
        for back in range(count - 1, -1, -1):
            start = add_months(first, -back)
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
            found.append(Point(start.strftime("%Y-%m"), min(end, today)))
    else:
        monday = today - timedelta(days=today.weekday())
        for back in range(count - 1, -1, -1):
            start = monday - timedelta(weeks=back)
            year, week, _ = start.isocalendar()
            found.append(Point(f"{year}-W{week:02d}", min(start + timedelta(days=6), today)))
    return found
