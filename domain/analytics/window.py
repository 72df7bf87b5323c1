"""The time window and bucket size every analytics view takes, and their bounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from domain.errors import InvalidInput

MAX_WINDOW_DAYS = 366
MAX_BUCKETS = 1000  # an hourly view spans at most 1,000 hours (about 41 days)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


class Bucket(StrEnum):
    HOUR = "HOUR"
    DAY = "DAY"
    WEEK = "WEEK"

    @property
    def width(self) -> timedelta:
        return {"HOUR": timedelta(hours=1), "DAY": timedelta(days=1)}.get(
            self.value, timedelta(weeks=1)
        )

    @property
    def trunc(self) -> str:  # date_trunc's unit
        return self.value.lower()


@dataclass(frozen=True, slots=True)
class Window:
    """[start, end), both on UTC hours: the start rounded down, the end up."""

    start: datetime
    end: datetime
    bucket: Bucket

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


def _hour(at: datetime, *, up: bool) -> datetime:
    at = at.astimezone(UTC)
    floor = at.replace(minute=0, second=0, microsecond=0)
    return floor + timedelta(hours=1) if up and floor != at else floor


def window(
    start: datetime | None,
    end: datetime | None,
    bucket: Bucket,
    *,
    default_hours: int = 24,
    now: datetime | None = None,
) -> Window:
    """A bounded window; InvalidInput (naming the argument) when it is not."""
    now = now or datetime.now(UTC)
    latest = now + timedelta(days=1)
    for name, value in (("window.start", start), ("window.end", end)):
        if value is None:
            continue
        if value.tzinfo is None:
            raise InvalidInput("Give times with a time zone (e.g. ending in Z).", field=name)
        if not EARLIEST <= value <= latest:  # before rounding: year 9999 must not overflow
            raise InvalidInput("The window must lie between 2000 and tomorrow.", field="window")
    stop = _hour(end or now, up=True)
    begin = _hour(start, up=False) if start is not None else stop - timedelta(hours=default_hours)
    if begin < EARLIEST or stop > _hour(now, up=True) + timedelta(days=1):
        raise InvalidInput("The window must lie between 2000 and tomorrow.", field="window")
    if begin >= stop:
        raise InvalidInput("`window.start` must be before `window.end`.", field="window")
    if stop - begin > timedelta(days=MAX_WINDOW_DAYS):
        raise InvalidInput(f"A window spans at most {MAX_WINDOW_DAYS} days.", field="window")
    if (stop - begin) / bucket.width > MAX_BUCKETS:
        raise InvalidInput(
            f"At most {MAX_BUCKETS} buckets: widen `bucket` or narrow the window.", field="bucket"
        )
    return Window(begin, stop, bucket)
