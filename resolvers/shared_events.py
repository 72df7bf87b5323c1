"""Subscription payloads shared by every subscriber of this process, and their results.

A feed's read reaches many subscribers with the same object (resolvers/jobs/events.py). While a
subscription yields such an object it registers it here with the read's result cache, and the
schema's executor (schema/subscription.py) then executes each selection on it once per
(operation, variables, principal) instead of once per subscriber. The principal is part of the
key, so what a field shows depends on the viewer exactly as before: a field under a shared
payload may depend on the payload, the principal, the settings and the per-read loaders, and
on nothing else of the connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

# id(payload) -> [payload, its results, how many subscriptions are yielding it now]. The entry
# holds the payload, so no other object can take its id while the entry exists.
_SHARED: dict[int, list[Any]] = {}


@contextlib.contextmanager
def sharing(payload: object, results: dict[Any, Any]) -> Iterator[None]:
    """While the block runs, executions on `payload` share `results`."""
    key = id(payload)
    entry = _SHARED.get(key)
    if entry is None:
        entry = _SHARED[key] = [payload, results, 0]
    entry[2] += 1
    try:
        yield
    finally:
        entry[2] -= 1
        if entry[2] == 0:
            del _SHARED[key]


def results_for(payload: object) -> dict[Any, Any] | None:
    """The shared results of `payload`, or None when it is not a shared payload."""
    entry = _SHARED.get(id(payload))
    return entry[1] if entry is not None and entry[0] is payload else None
