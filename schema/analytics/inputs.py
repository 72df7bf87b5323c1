"""Analytics arguments: the time window and the bucket size."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.analytics import window as domain
from domain.analytics.window import Bucket

AnalyticsBucket = strawberry.enum(
    Bucket, name="AnalyticsBucket", description="How wide each point of a time series is (UTC)."
)


@strawberry.input(
    description=(
        "A time window, on whole UTC hours: `start` is rounded down and `end` up to the hour. "
        f"At most {domain.MAX_WINDOW_DAYS} days, and at most {domain.MAX_BUCKETS} buckets."
    )
)
class TimeWindow:
    start: datetime | None = strawberry.field(
        default=None, description="From (inclusive); default: 24 hours before `end`."
    )
    end: datetime | None = strawberry.field(default=None, description="Until; default: now.")


def to_window(
    given: TimeWindow | None, bucket: Bucket = Bucket.HOUR, *, default_hours: int = 24
) -> domain.Window:
    """The domain window; raises InvalidInput when out of bounds."""
    start = given.start if given is not None else None
    end = given.end if given is not None else None
    return domain.window(start, end, bucket, default_hours=default_hours)
