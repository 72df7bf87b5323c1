"""The analytics window's bounds and the latency histogram's percentiles (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.analytics import histogram
from domain.analytics.window import Bucket, window
from domain.errors import InvalidInput

NOW = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)


def test_a_window_is_rounded_to_whole_hours():
    found = window(NOW - timedelta(hours=5, minutes=10), NOW, Bucket.HOUR, now=NOW)
    assert found.start == datetime(2026, 12, 6, 17, tzinfo=UTC)
    assert found.end == datetime(2026, 12, 6, 23, tzinfo=UTC)
    assert window(None, None, Bucket.DAY, now=NOW).hours == 24


@pytest.mark.parametrize(
    ("start", "end", "bucket", "field"),
    [
        (NOW, NOW - timedelta(days=1), Bucket.DAY, "window"),
        (NOW - timedelta(days=400), NOW, Bucket.WEEK, "window"),
        (NOW - timedelta(days=60), NOW, Bucket.HOUR, "bucket"),
        (datetime(1999, 1, 1, tzinfo=UTC), None, Bucket.DAY, "window"),
        (None, datetime(9999, 12, 31, 23, 59, tzinfo=UTC), Bucket.DAY, "window"),
        (datetime(2026, 1, 1), None, Bucket.DAY, "window.start"),  # noqa: DTZ001
    ],
)
def test_out_of_bounds_windows_are_refused(start, end, bucket, field):
    with pytest.raises(InvalidInput) as refused:
        window(start, end, bucket, now=NOW)
    assert refused.value.field == field


def test_percentiles_fall_in_the_right_bucket():
    counts = [0] * histogram.BUCKETS
    for ms in [2000.0] * 90 + [30_000.0] * 10:
        counts[histogram.bucket_of(ms)] += 1
    p50 = histogram.percentile(counts, 0.5, maximum=30_000.0)
    p99 = histogram.percentile(counts, 0.99, maximum=30_000.0)
    low, high = histogram.bounds(histogram.bucket_of(2000.0))
    assert p50 is not None and low <= p50 < high and low <= 2000.0 < high
    assert p99 is not None and 30_000 / 2**0.5 <= p99 <= 30_000.0
    assert histogram.percentile([0] * histogram.BUCKETS, 0.5) is None
    assert histogram.bucket_of(0.5) == 0 and histogram.bucket_of(1e12) == histogram.BUCKETS - 1
