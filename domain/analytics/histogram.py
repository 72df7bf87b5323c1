"""Fixed log-scale latency buckets: percentiles of any set of jobs from summed counts.

Bucket 0 holds latencies under 1 ms; bucket k (1 ≤ k < BUCKETS - 1) holds
[2^((k-1)/2), 2^(k/2)) ms, so each bucket is √2 wide and a percentile read from the histogram
is within about 19% of the exact one (it is interpolated inside its bucket, geometrically); the
last bucket holds everything from 2^((BUCKETS-2)/2) ms (about 37 hours) up.

The same function exists in SQL (`qraph_latency_bucket`, migration 0015), used by the rollup
writes and the current hour's reads; `bucket_of` here is its mirror for tests and Python code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

BUCKETS = 56


def bucket_of(ms: float) -> int:
    if ms < 1:
        return 0
    return min(BUCKETS - 1, 1 + math.floor(2 * math.log(ms) / math.log(2)))


def bounds(k: int) -> tuple[float, float]:
    """[low, high) ms of bucket k (the last one's high is its low: it has no end)."""
    if k == 0:
        return 0.0, 1.0
    low = 2 ** ((k - 1) / 2)
    return low, (low if k == BUCKETS - 1 else 2 ** (k / 2))


def percentile(counts: Sequence[int], q: float, *, maximum: float | None = None) -> float | None:
    """The q-quantile (0 < q ≤ 1) in ms, or None for an empty histogram.

    The rank q·n falls in some bucket; the answer is interpolated inside it (linearly in the
    first bucket, geometrically elsewhere) and never above the observed `maximum` when known.
    """
    total = sum(counts)
    if total <= 0:
        return None
    rank = q * total
    seen = 0
    for k, count in enumerate(counts):
        if count <= 0:
            continue
        if seen + count >= rank:
            fraction = min(max((rank - seen) / count, 0.0), 1.0)
            low, high = bounds(k)
            value = low + (high - low) * fraction if k == 0 else low * (high / low) ** fraction
            return min(value, maximum) if maximum is not None else value
        seen += count
    return maximum


def add(a: Sequence[int] | None, b: Sequence[int] | None) -> list[int]:
    """Element-wise sum of two histograms (either may be missing or shorter)."""
    a, b = list(a or []), list(b or [])
    size = max(len(a), len(b), BUCKETS)
    return [(a[i] if i < len(a) else 0) + (b[i] if i < len(b) else 0) for i in range(size)]
